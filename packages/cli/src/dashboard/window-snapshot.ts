import type { InvocationRecord } from '../core/join/invocation-record.js';
import type { ConfigStats, FunctionStats, StatsBasis } from '../core/stats/function-stats.js';
import { InitCounts } from '../core/stats/init-counts.js';
import { toConfigCountFields, toFunctionCountFields } from '../core/stats/invocation-counts.js';
import { toInvocationDigest } from '../core/stats/invocation-digest.js';
import { summariseValues } from '../core/stats/percentiles.js';
import type { DashboardWindow } from './dashboard-window.js';
import { type HistogramBin, toDurationHistogram } from './duration-histogram.js';
import type { EnvironmentView } from './environment-table.js';
import { toSampleSummary } from './sketch-summary.js';
import { ConfigBucket, type FunctionBucket } from './window-bucket.js';

/** Invocations listed in the drill-down, slowest and failed each. */
export const LISTED_INVOCATIONS = 10;

/** One function over one bucket: one point of each chart. Missing figures (no invocation) are undefined. */
export interface SeriesPoint {
  readonly startMs: number;
  readonly invocations: number;
  readonly errors: number;
  readonly throttles: number;
  readonly p50Ms: number | undefined;
  readonly p99Ms: number | undefined;
  readonly maxMemoryUsedMb: number | undefined;
  readonly memorySizeMb: number | undefined;
}

/** What the drill-down shows beyond the function's statistics. */
export interface FunctionDetail {
  readonly histogram: readonly HistogramBin[];
  readonly environments: readonly EnvironmentView[];
}

/** One function over the window, by value: statistics shaped like the report's, ready for `buildReport`. */
export interface WindowFunction {
  readonly stats: FunctionStats;
  /** Undefined when the source cannot know (throttles never reach the logs). */
  readonly throttles: number | undefined;
  readonly series: readonly SeriesPoint[];
  readonly detail: FunctionDetail | undefined;
}

export interface WindowFunctionOptions {
  readonly basis: StatsBasis;
  readonly throttlesKnown: boolean;
  /** Compute the drill-down figures (histogram, environments) too. */
  readonly detail: boolean;
  readonly histogramBins: number;
}

function toConfigStats(config: ConfigBucket): ConfigStats {
  return {
    memorySizeMb: config.memorySizeMb,
    ...toConfigCountFields(config.counts),
    duration: toSampleSummary(config.duration),
    billedDuration: toSampleSummary(config.billedDuration),
    // A trimmed mean needs every value; the window keeps sketches.
    billedDurationTrimmedMeanMs: undefined,
    maxMemoryUsed: toSampleSummary(config.maxMemoryUsed),
  };
}

function toSeriesPoint(bucket: FunctionBucket | undefined, startMs: number, relativeAccuracy: number): SeriesPoint {
  if (bucket === undefined) {
    return {
      startMs,
      invocations: 0,
      errors: 0,
      throttles: 0,
      p50Ms: undefined,
      p99Ms: undefined,
      maxMemoryUsedMb: undefined,
      memorySizeMb: undefined,
    };
  }
  const configs = [...bucket.configs.values()];
  let duration = configs.length === 1 ? configs[0]?.duration : undefined;
  if (configs.length > 1) {
    const merged = new ConfigBucket(undefined, relativeAccuracy);
    for (const config of configs) merged.merge(config);
    duration = merged.duration;
  }
  let maxMemoryUsedMb: number | undefined;
  for (const config of configs) {
    const max = config.maxMemoryUsed?.max;
    if (max !== undefined && (maxMemoryUsedMb === undefined || max > maxMemoryUsedMb)) maxMemoryUsedMb = max;
  }
  return {
    startMs,
    invocations: configs.reduce((sum, config) => sum + config.counts.invocations, 0),
    errors: configs.reduce((sum, config) => sum + config.counts.errors, 0),
    throttles: bucket.throttles,
    p50Ms: duration?.quantile(0.5),
    p99Ms: duration?.quantile(0.99),
    maxMemoryUsedMb,
    memorySizeMb: bucket.latestMemorySizeMb,
  };
}

/** Reads one function out of the window: merged buckets become the report's FunctionStats, buckets become points. */
export function toWindowFunction(
  window: DashboardWindow,
  name: string,
  relativeAccuracy: number,
  options: WindowFunctionOptions,
): WindowFunction {
  const buckets = window.buckets(name);
  const firstIndex = Math.floor((window.latestMs() ?? 0) / window.bucketMs) - window.bucketCount + 1;
  const configs = new Map<number, ConfigBucket>();
  const whole = new ConfigBucket(undefined, relativeAccuracy);
  let throttles = 0;
  const inits = new InitCounts();
  let currentMemorySizeMb: number | undefined;
  let currentAtMs = Number.NEGATIVE_INFINITY;
  let firstMs: number | undefined;
  let lastMs: number | undefined;
  const slowest: InvocationRecord[] = [];
  const failed: InvocationRecord[] = [];
  const series: SeriesPoint[] = [];
  buckets.forEach((bucket, offset) => {
    series.push(toSeriesPoint(bucket, (firstIndex + offset) * window.bucketMs, relativeAccuracy));
    if (bucket === undefined) return;
    for (const [key, config] of bucket.configs) {
      let merged = configs.get(key);
      if (merged === undefined) {
        merged = new ConfigBucket(config.memorySizeMb, relativeAccuracy);
        configs.set(key, merged);
      }
      merged.merge(config);
      whole.merge(config);
    }
    throttles += bucket.throttles;
    inits.merge(bucket.inits);
    if (bucket.latestMemorySizeMb !== undefined && bucket.latestMemoryAtMs >= currentAtMs) {
      currentAtMs = bucket.latestMemoryAtMs;
      currentMemorySizeMb = bucket.latestMemorySizeMb;
    }
    if (bucket.firstMs !== undefined && (firstMs === undefined || bucket.firstMs < firstMs)) firstMs = bucket.firstMs;
    if (bucket.lastMs !== undefined && (lastMs === undefined || bucket.lastMs > lastMs)) lastMs = bucket.lastMs;
    slowest.push(...bucket.slowest);
    failed.push(...bucket.failed);
  });
  const environments = window.environments(name);
  const perEnvironment = environments?.invocationCounts() ?? [];
  const configStats = [...configs.values()]
    .sort(
      (left, right) =>
        (left.memorySizeMb ?? Number.POSITIVE_INFINITY) - (right.memorySizeMb ?? Number.POSITIVE_INFINITY),
    )
    .map(toConfigStats);
  const listedFailures = failed
    .toSorted((left, right) => (right.endMs ?? 0) - (left.endMs ?? 0))
    .slice(0, LISTED_INVOCATIONS)
    .map(toInvocationDigest);
  const stats: FunctionStats = {
    name,
    basis: options.basis,
    ...toFunctionCountFields(whole.counts, inits),
    duration: toSampleSummary(whole.duration),
    billedDuration: toSampleSummary(whole.billedDuration),
    initDuration: toSampleSummary(whole.initDuration),
    restoreDuration: toSampleSummary(whole.restoreDuration),
    maxMemoryUsed: toSampleSummary(whole.maxMemoryUsed),
    currentMemorySizeMb,
    configs: configStats,
    environments:
      perEnvironment.length === 0
        ? undefined
        : { count: perEnvironment.length, invocationsPerEnvironment: summariseValues(perEnvironment) },
    memoryGrowth: environments?.leaks() ?? [],
    // Concurrency needs every invocation's span; the window keeps sketches.
    concurrency: undefined,
    firstMs,
    lastMs,
    slowest: slowest
      .toSorted((left, right) => (right.durationMs ?? 0) - (left.durationMs ?? 0))
      .slice(0, LISTED_INVOCATIONS)
      .map(toInvocationDigest),
    failures: listedFailures,
    failuresOmitted: Math.max(0, whole.counts.errors - listedFailures.length),
    metrics: [],
    metricsOmitted: 0,
  };
  return {
    stats,
    throttles: options.throttlesKnown ? throttles : undefined,
    series,
    detail: options.detail
      ? {
          histogram: toDurationHistogram(whole.duration, options.histogramBins),
          environments: environments?.list() ?? [],
        }
      : undefined,
  };
}
