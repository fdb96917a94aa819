/** Lambda's default group: https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html */
const DEFAULT_GROUP_PREFIX = '/aws/lambda/';

/**
 * The function a log event belongs to, from where CloudWatch filed it: the default group `/aws/lambda/NAME`, or a
 * custom group (advanced logging controls) whose streams are named `YYYY/MM/DD/<function>[<version>]<id>`.
 * Returns undefined when neither tells (raw lines, a custom group with default stream names).
 */
export function toFunctionName(logGroup: string | undefined, logStream: string | undefined): string | undefined {
  if (logGroup?.startsWith(DEFAULT_GROUP_PREFIX) && logGroup.length > DEFAULT_GROUP_PREFIX.length) {
    return logGroup.slice(DEFAULT_GROUP_PREFIX.length);
  }
  return logStream === undefined ? undefined : toFunctionNameFromStream(logStream);
}

/** The `<function>` of a `YYYY/MM/DD/<function>[<version>]<id>` stream name, or undefined for default stream names. */
export function toFunctionNameFromStream(logStream: string): string | undefined {
  if (logStream.length < 12 || logStream.charCodeAt(4) !== 47 || logStream.charCodeAt(7) !== 47) return undefined;
  if (logStream.charCodeAt(10) !== 47) return undefined;
  const bracket = logStream.indexOf('[', 11);
  if (bracket <= 11) return undefined;
  return logStream.slice(11, bracket);
}
