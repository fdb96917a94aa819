import type { ConfigStats, FunctionStats, StatsBasis } from '../core/stats/function-stats.js';
import type { SampleSummary } from '../core/stats/percentiles.js';
import { toEmptyFunctionStats } from './empty-function-stats.js';

/** One result row of GetQueryResults, as field → value text. */
export type InsightsRow = Readonly<Record<string, string>>;

export const INSIGHTS_BASIS: StatsBasis = {
  figures: 'estimated',
  source: 'insights',
  note: 'Logs Insights over REPORT records: percentiles estimated by the service; invocations, timeouts, out of memory, memory at the limit and cold starts (REPORTs with an Init Duration) counted exactly; errors only from the REPORT status, so a lower bound; crashes, error log lines, SDK warnings, init failures, provisioned and proactive inits and SnapStart restores need other lines and are not counted (null); environments, concurrency, memory growth and the slowest and failed invocations are not available',
};

/** What only lines other than REPORT tell (crash lines, application lines, INIT_REPORT, INIT_START, RESTORE_START). */
const NOT_COUNTED_BY_INSIGHTS = {
  crashes: undefined,
  errorLogs: undefined,
  timeoutImminent: undefined,
  provisionedInits: undefined,
  proactiveInits: undefined,
  snapStartRestores: undefined,
  initFailures: undefined,
  initTimeouts: undefined,
  suppressedInits: undefined,
} as const satisfies Partial<FunctionStats>;

/** A function with no REPORT record in the window: zero invocations, and still nothing known of the other lines. */
export function toEmptyInsightsFunctionStats(name: string): FunctionStats {
  return { ...toEmptyFunctionStats(name, INSIGHTS_BASIS), ...NOT_COUNTED_BY_INSIGHTS };
}

const MB_PER_GB = 1024;

function numberOf(row: InsightsRow, field: string): number | undefined {
  const text = row[field];
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

function countOf(row: InsightsRow, field: string): number {
  return Math.round(numberOf(row, field) ?? 0);
}

/** A summary from `<prefix>Count/Min/Mean/P50/P90/P99/P999/Max`; undefined when the values were absent. */
export function toInsightsSummary(row: InsightsRow, prefix: string): SampleSummary | undefined {
  const count = numberOf(row, `${prefix}Count`);
  if (count === undefined || count <= 0) return undefined;
  const figures = ['Min', 'Mean', 'P50', 'P90', 'P99', 'P999', 'Max'].map((suffix) =>
    numberOf(row, `${prefix}${suffix}`),
  );
  const [min, mean, p50, p90, p99, p999, max] = figures;
  if (
    min === undefined ||
    mean === undefined ||
    p50 === undefined ||
    p90 === undefined ||
    p99 === undefined ||
    p999 === undefined ||
    max === undefined
  ) {
    return undefined;
  }
  return { count: Math.round(count), min, max, mean, sum: mean * count, p50, p90, p99, p999 };
}

function toConfigStats(row: InsightsRow): ConfigStats & { readonly lastMs: number | undefined } {
  const memorySizeMb = numberOf(row, 'memoryMB');
  const billed = toInsightsSummary(row, 'billed');
  const billedSumMs = numberOf(row, 'billedSum') ?? 0;
  const priced = memorySizeMb !== undefined && billed !== undefined;
  return {
    memorySizeMb,
    invocations: countOf(row, 'invocations'),
    errors: countOf(row, 'errors'),
    timeouts: countOf(row, 'timeouts'),
    outOfMemory: countOf(row, 'outOfMemory'),
    coldStarts: countOf(row, 'coldStarts'),
    atMemoryLimit: countOf(row, 'atMemoryLimit'),
    duration: toInsightsSummary(row, 'duration'),
    billedDuration: billed,
    billedDurationTrimmedMeanMs: undefined,
    maxMemoryUsed: toInsightsSummary(row, 'memory'),
    billedGbSeconds: priced ? (billedSumMs / 1000) * (memorySizeMb / MB_PER_GB) : 0,
    pricedInvocations: priced ? billed.count : 0,
    lastMs: numberOf(row, 'lastMs'),
  };
}

/** `123456789012:/aws/lambda/orders` → `/aws/lambda/orders`. */
export function toLogGroupOfInsightsLog(log: string | undefined): string | undefined {
  if (log === undefined) return undefined;
  const colon = log.indexOf(':');
  return colon < 0 ? log : log.slice(colon + 1);
}

export type InsightsFunctionResolver = (
  logGroup: string | undefined,
  streamFunction: string | undefined,
) => string | undefined;

function functionOf(row: InsightsRow, resolve: InsightsFunctionResolver): string | undefined {
  const streamFunction = row.streamFunction === '' ? undefined : row.streamFunction;
  return resolve(toLogGroupOfInsightsLog(row['@log']), streamFunction);
}

/**
 * Per-function statistics from the two aggregations (per function, and per function and memory size), marked
 * `estimated`. Pure. Rows of functions nobody asked for (a shared group) resolve to undefined and are left out.
 */
export function toInsightsFunctionStats(
  byFunction: readonly InsightsRow[],
  byMemory: readonly InsightsRow[],
  resolve: InsightsFunctionResolver,
): FunctionStats[] {
  const configsByFunction = new Map<string, (ConfigStats & { lastMs: number | undefined })[]>();
  for (const row of byMemory) {
    const name = functionOf(row, resolve);
    if (name === undefined) continue;
    const list = configsByFunction.get(name) ?? [];
    list.push(toConfigStats(row));
    configsByFunction.set(name, list);
  }
  const stats: FunctionStats[] = [];
  for (const row of byFunction) {
    const name = functionOf(row, resolve);
    if (name === undefined) continue;
    const configs = (configsByFunction.get(name) ?? []).toSorted(
      (left, right) => (left.memorySizeMb ?? Number.MAX_VALUE) - (right.memorySizeMb ?? Number.MAX_VALUE),
    );
    const latest = configs.reduce<(typeof configs)[number] | undefined>(
      (best, config) =>
        best === undefined || (config.lastMs ?? -Infinity) > (best.lastMs ?? -Infinity) ? config : best,
      undefined,
    );
    const invocations = countOf(row, 'invocations');
    stats.push({
      ...toEmptyInsightsFunctionStats(name),
      invocations,
      invocationsWithReport: invocations,
      errors: countOf(row, 'errors'),
      timeouts: countOf(row, 'timeouts'),
      outOfMemory: countOf(row, 'outOfMemory'),
      coldStarts: countOf(row, 'coldStarts'),
      atMemoryLimit: countOf(row, 'atMemoryLimit'),
      duration: toInsightsSummary(row, 'duration'),
      billedDuration: toInsightsSummary(row, 'billed'),
      initDuration: toInsightsSummary(row, 'init'),
      maxMemoryUsed: toInsightsSummary(row, 'memory'),
      currentMemorySizeMb: latest?.memorySizeMb,
      configs: configs.map(({ lastMs: _lastMs, ...config }) => config),
      firstMs: numberOf(row, 'firstMs'),
      lastMs: numberOf(row, 'lastMs'),
    });
  }
  return stats.sort((left, right) => left.name.localeCompare(right.name));
}
