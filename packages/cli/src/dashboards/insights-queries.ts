import { INVOCATION_KEYS, SDK_LINE_KEY, SDK_LINE_KINDS } from '@lambdatop/sdk/catalog';

/**
 * The Logs Insights queries of the dashboards' log widgets, without their SOURCE prefix. Over Lambda's text REPORT
 * lines they use the fields Logs Insights discovers there, where `@memorySize` and `@maxMemoryUsed` are bytes
 * (MB × 1,000,000) and durations are ms; over the SDK's own lines, the keys from the catalog.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_AnalyzeLogData-discoverable-fields.html
 */

/** Bytes per MB in `@memorySize` and `@maxMemoryUsed`: decimal, as Lambda's REPORT line writes MB. */
const BYTES_PER_MB = '1000 / 1000';

/** pino's default message key, which the SDK's logger keeps. https://getpino.io/#/docs/api?id=messagekey-string */
const PINO_MESSAGE_KEY = 'msg';

/** Commands one per line, the way the CloudWatch console writes them. */
function toQuery(commands: readonly string[]): string {
  return commands.join('\n| ');
}

const REPORT_ONLY = 'filter @type = "REPORT"';
const IN_MB = `fields @memorySize / ${BYTES_PER_MB} as memorySizeMB, @maxMemoryUsed / ${BYTES_PER_MB} as maxMemoryUsedMB`;
const INIT_DURATION_TEXT = '"Init Duration"';

export interface InsightsQuery {
  readonly query: string;
  /** The columns each result row has, in order (what the widget's table shows). */
  readonly columns: readonly string[];
}

/** Per function and memory size: how much of the configured memory the invocations used at their peak. */
export const MEMORY_OVERPROVISIONING_QUERY: InsightsQuery = {
  query: toQuery([
    REPORT_ONLY,
    IN_MB,
    'stats count(*) as invocations, max(maxMemoryUsedMB) as peakUsedMB, pct(maxMemoryUsedMB, 99) as p99UsedMB, ' +
      'max(memorySizeMB) - max(maxMemoryUsedMB) as unusedAtPeakMB, ' +
      'max(maxMemoryUsedMB) / max(memorySizeMB) * 100 as peakUsedPercent by @log, memorySizeMB',
    'sort unusedAtPeakMB desc',
  ]),
  columns: ['@log', 'memorySizeMB', 'invocations', 'peakUsedMB', 'p99UsedMB', 'unusedAtPeakMB', 'peakUsedPercent'],
};

/** Per function: the share of invocations that waited for an init (REPORT lines with an Init Duration). */
export const COLD_START_SHARE_QUERY: InsightsQuery = {
  query: toQuery([
    REPORT_ONLY,
    `stats count(*) as invocations, sum(strcontains(@message, ${INIT_DURATION_TEXT})) as coldStarts, ` +
      `sum(strcontains(@message, ${INIT_DURATION_TEXT})) / count(*) * 100 as coldStartPercent, ` +
      'avg(@initDuration) as avgInitMs, max(@initDuration) as maxInitMs by @log',
    'sort coldStartPercent desc',
  ]),
  columns: ['@log', 'invocations', 'coldStarts', 'coldStartPercent', 'avgInitMs', 'maxInitMs'],
};

/** Per function and memory size: duration percentiles and the billed mean, to compare sizes. */
export const DURATION_BY_MEMORY_QUERY: InsightsQuery = {
  query: toQuery([
    REPORT_ONLY,
    IN_MB,
    'stats count(*) as invocations, pct(@duration, 50) as p50Ms, pct(@duration, 90) as p90Ms, ' +
      'pct(@duration, 99) as p99Ms, max(@duration) as maxMs, avg(@billedDuration) as avgBilledMs by @log, memorySizeMB',
    'sort memorySizeMB asc',
  ]),
  columns: ['@log', 'memorySizeMB', 'invocations', 'p50Ms', 'p90Ms', 'p99Ms', 'maxMs', 'avgBilledMs'],
};

/** The most recent handler errors and imminent timeouts the SDK logged, with the trace id to open in X-Ray. */
export const RECENT_ERRORS_QUERY: InsightsQuery = {
  query: toQuery([
    `filter ${SDK_LINE_KEY} in ["${SDK_LINE_KINDS.handlerError}", "${SDK_LINE_KINDS.timeout}"]`,
    `fields @timestamp, @log, ${SDK_LINE_KEY}, ${INVOCATION_KEYS.requestId}, ${INVOCATION_KEYS.xrayTraceId}, ${PINO_MESSAGE_KEY}`,
    'sort @timestamp desc',
    'limit 100',
  ]),
  columns: [
    '@timestamp',
    '@log',
    SDK_LINE_KEY,
    INVOCATION_KEYS.requestId,
    INVOCATION_KEYS.xrayTraceId,
    PINO_MESSAGE_KEY,
  ],
};

/** `SOURCE '/aws/lambda/a' | SOURCE '/aws/lambda/b' | <query>`: how a log widget names its log groups. */
export function withSources(logGroups: readonly string[], query: string): string {
  return [...logGroups.map((group) => `SOURCE '${group}'`), query].join(' | ');
}
