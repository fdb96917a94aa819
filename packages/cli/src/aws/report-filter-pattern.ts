import { SDK_LINE_KEY } from '@lambdatop/sdk/catalog';

/**
 * The FilterLogEvents pattern `lambdatop report` reads CloudWatch with: every line a figure of the report depends on,
 * as `?term` alternatives (OR), and nothing else, so chatty functions cost a fraction of the requests.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 *
 * Terms are case-sensitive words; a superset is harmless (the parser skips what it does not need), a missing line
 * is not. What a term pattern cannot express: pino's numeric levels (`"level":50`), which only a JSON pattern could
 * match, and JSON and term patterns cannot be combined. Functions logging that way need `--all-events`.
 */
export const REPORT_FILTER_TERMS: readonly string[] = [
  // Platform records, text format (RESTORE_* and INIT_* are single words: `_` joins them).
  'START',
  'END',
  'REPORT',
  'INIT_START',
  'INIT_REPORT',
  'RESTORE_START',
  'RESTORE_REPORT',
  // JSON format: "type":"platform.start" and the rest.
  'platform',
  // Timeouts and crashes that only the runtime's own line tells.
  '"Task timed out"',
  '"Runtime exited"',
  '"Runtime.ExitError"',
  '"out of memory"',
  'MemoryError',
  'OutOfMemoryError',
  // EMF documents ({"_aws":{"CloudWatchMetrics":[…]}}): custom metrics, and our SDK's cold-start and init-type keys.
  'CloudWatchMetrics',
  // Application lines at error level, in the runtimes' and loggers' spellings.
  'ERROR',
  'FATAL',
  'CRITICAL',
  'error',
  'fatal',
  // Our SDK's lines about itself (timeout imminent, handler errors), which carry the SDK_LINE_KEY key.
  SDK_LINE_KEY,
];

export const REPORT_FILTER_PATTERN = REPORT_FILTER_TERMS.map((term) => `?${term}`).join(' ');
