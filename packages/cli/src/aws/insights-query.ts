/**
 * Logs Insights queries that aggregate REPORT records server-side, so a month of logs costs a few requests instead
 * of millions of events. Pure: the query text only.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax.html
 *
 * Lambda's text REPORT lines are discovered as @duration, @billedDuration, @initDuration, @memorySize and
 * @maxMemoryUsed, the last two in bytes (MB × 1,000,000, decimal). JSON-format functions get no @-fields: their
 * `platform.report` record's members are read instead, already in MB.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_AnalyzeLogData-discoverable-fields.html
 */
export type InsightsLogFormat = 'Text' | 'JSON';

export const BYTES_PER_MB = 1_000_000;

interface ReportFields {
  readonly filter: string;
  readonly durationMs: string;
  readonly billedMs: string;
  readonly initMs: string;
  readonly memoryMB: string;
  readonly usedMB: string;
  /** 1 for an invocation the platform reports as failed (error, timeout, out of memory), else 0. */
  readonly isError: string;
  readonly isTimeout: string;
  readonly isOutOfMemory: string;
}

const TEXT_FIELDS: ReportFields = {
  filter: '@type = "REPORT"',
  durationMs: '@duration',
  billedMs: '@billedDuration',
  initMs: '@initDuration',
  memoryMB: `@memorySize / ${BYTES_PER_MB}`,
  usedMB: `@maxMemoryUsed / ${BYTES_PER_MB}`,
  isError: 'strcontains(@message, "Status: error") + strcontains(@message, "Status: timeout")',
  isTimeout: 'strcontains(@message, "Status: timeout")',
  isOutOfMemory: 'strcontains(@message, "Runtime.OutOfMemory")',
};

const JSON_FIELDS: ReportFields = {
  filter: 'type = "platform.report"',
  durationMs: 'record.metrics.durationMs',
  billedMs: 'record.metrics.billedDurationMs',
  initMs: 'record.metrics.initDurationMs',
  memoryMB: 'record.metrics.memorySizeMB',
  usedMB: 'record.metrics.maxMemoryUsedMB',
  isError: '1 - strcontains(record.status, "success")',
  isTimeout: 'strcontains(record.status, "timeout")',
  isOutOfMemory: 'strcontains(record.errorType, "Runtime.OutOfMemory")',
};

/** Percentiles asked of Insights, named as the report names them. */
export const INSIGHTS_PERCENTILES = [
  ['P50', 50],
  ['P90', 90],
  ['P99', 99],
  ['P999', 99.9],
] as const;

/** The stream's function (custom log groups name it: `YYYY/MM/DD/<function>[<version>]<id>`); empty otherwise. */
const STREAM_PARSE =
  'parse @logStream "*/*/*/*[*]*" as streamYear, streamMonth, streamDay, streamFunction, streamVersion, streamId';

function distribution(prefix: string, field: string): string[] {
  return [
    `count(${field}) as ${prefix}Count`,
    `min(${field}) as ${prefix}Min`,
    `avg(${field}) as ${prefix}Mean`,
    ...INSIGHTS_PERCENTILES.map(([suffix, percent]) => `pct(${field}, ${percent}) as ${prefix}${suffix}`),
    `max(${field}) as ${prefix}Max`,
  ];
}

export interface InsightsQueryWindow {
  readonly sinceMs: number;
  readonly untilMs: number;
}

/** `by` groups: per function (and per memory size for the per-size table). */
export type InsightsGrouping = 'function' | 'memory';

/**
 * One query: REPORT records in [sinceMs, untilMs] (to the millisecond: StartQuery's own bounds are whole seconds),
 * counted and summarised per log group and stream function, and per memory size when asked.
 */
export function toInsightsReportQuery(
  format: InsightsLogFormat,
  grouping: InsightsGrouping,
  window: InsightsQueryWindow,
): string {
  const fields = format === 'JSON' ? JSON_FIELDS : TEXT_FIELDS;
  const aggregates = [
    'count(*) as invocations',
    'sum(isError) as errors',
    'sum(isTimeout) as timeouts',
    'sum(isOutOfMemory) as outOfMemory',
    'count(initMs) as coldStarts',
    'sum(atLimit) as atMemoryLimit',
    ...distribution('duration', 'durationMs'),
    ...distribution('billed', 'billedMs'),
    'sum(billedMs) as billedSum',
    ...distribution('memory', 'usedMB'),
    ...(grouping === 'function' ? distribution('init', 'initMs') : []),
    'min(timeMs) as firstMs',
    'max(timeMs) as lastMs',
  ];
  return [
    `filter ${fields.filter}`,
    `filter toMillis(@timestamp) >= ${Math.floor(window.sinceMs)} and toMillis(@timestamp) <= ${Math.floor(window.untilMs)}`,
    STREAM_PARSE,
    [
      `fields ${fields.durationMs} as durationMs`,
      `${fields.billedMs} as billedMs`,
      `${fields.initMs} as initMs`,
      `${fields.memoryMB} as memoryMB`,
      `${fields.usedMB} as usedMB`,
      `${fields.isError} as isError`,
      `${fields.isTimeout} as isTimeout`,
      `${fields.isOutOfMemory} as isOutOfMemory`,
      'toMillis(@timestamp) as timeMs',
    ].join(', '),
    // Max Memory Used ≥ Memory Size, as 1 or 0, in arithmetic (both are whole MB).
    'fields least(greatest(usedMB - memoryMB + 1, 0), 1) as atLimit',
    `stats ${aggregates.join(', ')} by @log, streamFunction${grouping === 'memory' ? ', memoryMB' : ''}`,
  ].join('\n| ');
}
