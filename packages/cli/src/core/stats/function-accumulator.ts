import type { InitReportFact, InvocationRecord } from '../join/invocation-record.js';
import { isErrorRecord } from '../join/invocation-record.js';
import type { EmfMetric } from '../parse/parsed-line.js';
import { toOwnedString } from '../text/owned-string.js';
import { computeConcurrency } from './concurrency.js';
import { EnvironmentTracker } from './environment-growth.js';
import type { ConfigStats, EmfMetricSummary, FunctionStats, InvocationDigest, StatsBasis } from './function-stats.js';
import { InitCounts } from './init-counts.js';
import {
  InvocationCounts,
  toColdStartInitMs,
  toConfigCountFields,
  toFunctionCountFields,
  toRestoreMs,
} from './invocation-counts.js';
import { toInvocationDigest } from './invocation-digest.js';
import { NumberColumn } from './number-column.js';
import {
  mergeSorted,
  type SampleSummary,
  summariseInPlace,
  summariseSorted,
  summariseValues,
  trimmedMeanOfSorted,
} from './percentiles.js';
import { TopN } from './top-n.js';

export interface AccumulatorLimits {
  readonly slowest: number;
  readonly failures: number;
  readonly metrics: number;
  readonly leaks: number;
}

class ConfigAccumulator {
  readonly counts = new InvocationCounts();
  readonly duration = new NumberColumn('float64');
  // Billed durations are whole ms and Max Memory Used whole MB: float32 holds both exactly and halves the memory.
  readonly billedDuration = new NumberColumn('float32');
  readonly maxMemoryUsed = new NumberColumn('float32');

  constructor(readonly memorySizeMb: number | undefined) {}

  toStats(
    duration: SampleSummary | undefined,
    billed: Float32Array,
    maxMemoryUsed: SampleSummary | undefined,
  ): ConfigStats {
    return {
      memorySizeMb: this.memorySizeMb,
      ...toConfigCountFields(this.counts),
      duration,
      billedDuration: summariseSorted(billed),
      billedDurationTrimmedMeanMs: trimmedMeanOfSorted(billed, 0.2),
      maxMemoryUsed,
    };
  }
}

/** A function-level summary from the configs' sorted parts: merged only when there are several. */
function summariseParts<T extends Float64Array | Float32Array>(
  parts: readonly T[],
  create: (length: number) => T,
): SampleSummary | undefined {
  const nonEmpty = parts.filter((part) => part.length > 0);
  if (nonEmpty.length <= 1) return summariseSorted(nonEmpty[0] ?? create(0));
  return summariseSorted(mergeSorted(nonEmpty, create));
}

interface MutableMetric {
  namespace: string;
  name: string;
  unit: string | undefined;
  count: number;
  sum: number;
  min: number;
  max: number;
}

/** Everything kept about one function while the input streams by: counters, typed-array columns, bounded lists. */
export class FunctionAccumulator {
  failuresOmitted = 0;
  metricsOmitted = 0;
  firstMs: number | undefined = undefined;
  lastMs: number | undefined = undefined;
  #currentMemorySizeMb: number | undefined = undefined;
  #currentAtMs = Number.NEGATIVE_INFINITY;
  #currentSequence = -1;
  readonly #configs = new Map<number, ConfigAccumulator>();
  readonly #inits = new InitCounts();
  /** Consecutive invocations of a function mostly share their memory size. */
  #lastConfig: ConfigAccumulator | undefined = undefined;
  readonly #initDurations = new NumberColumn('float64');
  readonly #restoreDurations = new NumberColumn('float64');
  readonly #spanEnds = new NumberColumn('float64');
  // A span's length only needs concurrency precision: float32 keeps 0.01 ms below 2.8 minutes.
  readonly #spanDurations = new NumberColumn('float32');
  readonly #coldStartTimes = new NumberColumn('float64');
  readonly #environments = new Map<string, EnvironmentTracker>();
  readonly #slowest: TopN<InvocationDigest>;
  readonly #failures: InvocationDigest[] = [];
  readonly #metrics = new Map<string, MutableMetric>();

  constructor(
    readonly name: string,
    readonly limits: AccumulatorLimits,
  ) {
    this.#slowest = new TopN(limits.slowest);
  }

  add(record: InvocationRecord): void {
    const memorySizeMb = record.memorySizeMb;
    let config = this.#lastConfig;
    if (config === undefined || config.memorySizeMb !== memorySizeMb) {
      const configKey = memorySizeMb ?? -1;
      config = this.#configs.get(configKey);
      if (config === undefined) {
        config = new ConfigAccumulator(memorySizeMb);
        this.#configs.set(configKey, config);
      }
      this.#lastConfig = config;
    }
    // Counted once, per memory size: the function's counts are their sum.
    config.counts.add(record);

    const durationMs = record.durationMs;
    if (durationMs !== undefined) config.duration.push(durationMs);
    if (record.billedDurationMs !== undefined) config.billedDuration.push(record.billedDurationMs);
    const maxMemoryUsedMb = record.maxMemoryUsedMb;
    if (maxMemoryUsedMb !== undefined) config.maxMemoryUsed.push(maxMemoryUsedMb);
    if (record.coldStart !== undefined) {
      const initMs = toColdStartInitMs(record);
      if (initMs !== undefined) this.#initDurations.push(initMs);
      const restoreMs = toRestoreMs(record);
      if (restoreMs !== undefined) this.#restoreDurations.push(restoreMs);
    }

    const endMs =
      record.endMs ??
      (record.startMs !== undefined && durationMs !== undefined ? record.startMs + durationMs : undefined);
    if (endMs !== undefined && durationMs !== undefined) {
      const startMs = endMs - durationMs;
      this.#spanEnds.push(endMs);
      this.#spanDurations.push(durationMs);
      if (record.coldStart === 'on-demand') this.#coldStartTimes.push(startMs);
    }
    const firstMs = record.startMs ?? (endMs !== undefined && durationMs !== undefined ? endMs - durationMs : endMs);
    const lastMs = endMs ?? record.startMs;
    if (firstMs !== undefined && (this.firstMs === undefined || firstMs < this.firstMs)) this.firstMs = firstMs;
    if (lastMs !== undefined && (this.lastMs === undefined || lastMs > this.lastMs)) this.lastMs = lastMs;
    if (memorySizeMb !== undefined) {
      const atMs = lastMs ?? Number.NEGATIVE_INFINITY;
      if (atMs > this.#currentAtMs || (atMs === this.#currentAtMs && record.sequence > this.#currentSequence)) {
        this.#currentAtMs = atMs;
        this.#currentSequence = record.sequence;
        this.#currentMemorySizeMb = memorySizeMb;
      }
    }

    const logStream = record.logStream;
    if (logStream !== undefined) {
      let environment = this.#environments.get(logStream);
      if (environment === undefined) {
        environment = new EnvironmentTracker(logStream);
        this.#environments.set(logStream, environment);
      }
      environment.add(record.coldStart === undefined ? maxMemoryUsedMb : undefined, memorySizeMb, lastMs);
    }

    if (durationMs !== undefined && this.#slowest.accepts(durationMs))
      this.#slowest.offer(durationMs, toInvocationDigest(record));
    if (isErrorRecord(record)) {
      if (this.#failures.length < this.limits.failures) this.#failures.push(toInvocationDigest(record));
      else this.failuresOmitted += 1;
    }
  }

  addInitReport(fact: InitReportFact): void {
    this.#inits.add(fact);
  }

  addMetrics(metrics: readonly EmfMetric[]): void {
    for (const metric of metrics) {
      const key = `${metric.namespace}\u0000${metric.name}`;
      let summary = this.#metrics.get(key);
      if (summary === undefined) {
        if (this.#metrics.size >= this.limits.metrics) {
          this.metricsOmitted += 1;
          continue;
        }
        summary = {
          namespace: toOwnedString(metric.namespace),
          name: toOwnedString(metric.name),
          unit: metric.unit,
          count: 0,
          sum: 0,
          min: Number.POSITIVE_INFINITY,
          max: Number.NEGATIVE_INFINITY,
        };
        this.#metrics.set(key, summary);
      }
      for (const value of metric.values) {
        summary.count += 1;
        summary.sum += value;
        if (value < summary.min) summary.min = value;
        if (value > summary.max) summary.max = value;
      }
    }
  }

  finish(basis: StatsBasis): FunctionStats {
    const configAccumulators = [...this.#configs.values()].sort(
      (left, right) =>
        (left.memorySizeMb ?? Number.POSITIVE_INFINITY) - (right.memorySizeMb ?? Number.POSITIVE_INFINITY),
    );
    // Concurrency first, then one figure at a time: each sorted copy replaces its column, so the end of a report
    // never holds every column twice.
    const ends = this.#spanEnds.drain() as Float64Array;
    const spanDurations = this.#spanDurations.drain();
    const starts = new Float64Array(ends.length);
    for (let index = 0; index < ends.length; index += 1)
      starts[index] = (ends[index] ?? 0) - (spanDurations[index] ?? 0);
    const concurrency = computeConcurrency(starts, ends, this.#coldStartTimes.drain() as Float64Array);
    const durationParts = configAccumulators.map((config) => config.duration.drainSorted() as Float64Array);
    const duration = summariseParts(durationParts, (length) => new Float64Array(length));
    const configDurations = durationParts.map((part) => summariseSorted(part));
    durationParts.length = 0;
    const billedParts = configAccumulators.map((config) => config.billedDuration.drainSorted() as Float32Array);
    const billed = summariseParts(billedParts, (length) => new Float32Array(length));
    const memoryParts = configAccumulators.map((config) => config.maxMemoryUsed.drainSorted() as Float32Array);
    const memory = summariseParts(memoryParts, (length) => new Float32Array(length));
    const configs = configAccumulators.map((config, index) =>
      config.toStats(
        configDurations[index],
        billedParts[index] ?? new Float32Array(0),
        summariseSorted(memoryParts[index] ?? new Float32Array(0)),
      ),
    );
    const environments = [...this.#environments.values()];
    const growth = environments
      .map((environment) => environment.growth())
      .filter((entry) => entry?.suspectedLeak === true)
      .sort((left, right) => (right?.growthMb ?? 0) - (left?.growthMb ?? 0))
      .slice(0, this.limits.leaks)
      .flatMap((entry) => (entry === undefined ? [] : [entry]));
    const metrics: EmfMetricSummary[] = [...this.#metrics.values()]
      .map((metric) => ({ ...metric }))
      .sort((left, right) => left.namespace.localeCompare(right.namespace) || left.name.localeCompare(right.name));
    const totals = new InvocationCounts();
    for (const config of configAccumulators) totals.merge(config.counts);
    return {
      name: this.name,
      basis,
      ...toFunctionCountFields(totals, this.#inits),
      duration,
      billedDuration: billed,
      initDuration: summariseInPlace(this.#initDurations.toFloat64Array()),
      restoreDuration: summariseInPlace(this.#restoreDurations.toFloat64Array()),
      maxMemoryUsed: memory,
      currentMemorySizeMb: this.#currentMemorySizeMb,
      configs,
      environments:
        environments.length === 0
          ? undefined
          : {
              count: environments.length,
              invocationsPerEnvironment: summariseValues(environments.map((environment) => environment.invocations)),
            },
      memoryGrowth: growth,
      concurrency,
      firstMs: this.firstMs,
      lastMs: this.lastMs,
      slowest: this.#slowest.toSortedArray(),
      failures: [...this.#failures],
      failuresOmitted: this.failuresOmitted,
      metrics,
      metricsOmitted: this.metricsOmitted,
    };
  }
}
