import type { LogsContext } from './filter-log-events.js';
import { resolveLogGroupIdentifier, toLogGroupArn } from './log-group-arn.js';
import { decodePageToken, encodePageToken, fingerprintOf } from './page-token.js';
import type { RequestInput } from './request-input.js';
import { invalidParameter } from './service-error.js';

/** https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogGroups.html */
const DEFAULT_LIMIT = 50;

export function describeLogGroups(input: RequestInput, context: LogsContext): unknown {
  const prefix = input.string('logGroupNamePrefix');
  const pattern = input.string('logGroupNamePattern');
  const identifiers = input.stringList('logGroupIdentifiers');
  if ([prefix, pattern, identifiers].filter((value) => value !== undefined).length > 1) {
    throw invalidParameter('logGroupNamePrefix, logGroupNamePattern and logGroupIdentifiers are mutually exclusive');
  }
  const limit = input.integer('limit') ?? DEFAULT_LIMIT;
  if (limit < 1 || limit > DEFAULT_LIMIT) throw invalidParameter(`limit must be between 1 and ${DEFAULT_LIMIT}`);
  const wanted =
    identifiers === undefined
      ? undefined
      : new Set(identifiers.map((id) => resolveLogGroupIdentifier(id, context.region, context.accountId)));
  const lowerPattern = pattern?.toLowerCase();
  const matching = context.store
    .listLogGroups()
    .filter((group) => prefix === undefined || group.logGroupName.startsWith(prefix))
    .filter((group) => lowerPattern === undefined || group.logGroupName.toLowerCase().includes(lowerPattern))
    .filter((group) => wanted === undefined || wanted.has(group.logGroupName));

  const fingerprint = fingerprintOf([prefix, pattern, identifiers]);
  const token = input.string('nextToken');
  let afterName: string | undefined;
  if (token !== undefined) {
    const body = decodePageToken(token, 'DescribeLogGroups', fingerprint);
    if (body === undefined) throw invalidParameter('The specified nextToken is invalid.');
    afterName = body.cursor as string;
  }
  const remaining = afterName === undefined ? matching : matching.filter((group) => group.logGroupName > afterName);
  const page = remaining.slice(0, limit);
  const last = page[page.length - 1];
  const arn = (name: string): string => toLogGroupArn(name, context.region, context.accountId);
  return {
    logGroups: page.map((group) => ({
      logGroupName: group.logGroupName,
      creationTime: group.creationTime,
      ...(group.retentionInDays === undefined ? {} : { retentionInDays: group.retentionInDays }),
      metricFilterCount: 0,
      arn: `${arn(group.logGroupName)}:*`,
      logGroupArn: arn(group.logGroupName),
      storedBytes: group.storedBytes,
      logGroupClass: 'STANDARD',
    })),
    ...(remaining.length > page.length && last !== undefined
      ? {
          nextToken: encodePageToken({
            operation: 'DescribeLogGroups',
            fingerprint,
            issuedAtMs: context.nowMs(),
            cursor: last.logGroupName,
          }),
        }
      : {}),
  };
}
