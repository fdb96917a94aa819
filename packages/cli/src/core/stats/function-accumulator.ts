import type { InitReportFact, InvocationRecord } from '../join/invocation-record.js';
import { isErrorRecord } from '../join/invocation-record.js';
import type { EmfMetric } from '../parse/parsed-line.js';
import { toOwnedString } from '../text/owned-string.js';
import { computeConcurrency } from './concurrency.js';
import { EnvironmentTracker } from './environment-growth.js';
import type { ConfigStats, EmfMetricSummary, FunctionStats, InvocationDigest, StatsBasis } from './function-stats.js';
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

const MB_PER_GB = 1024;

class ConfigAccumulator {
  invocations = 0;
  errors = 0;
  timeouts = 0;
  outOfMemory = 0;
  coldStarts = 0;
  atMemoryLimit = 0;
  billedGbSeconds = 0;
  pricedInvocations = 0;
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
      invocations: this.invocations,
      errors: this.errors,
      timeouts: this.timeouts,
      outOfMemory: this.outOfMemory,
      coldStarts: this.coldStarts,
      atMemoryLimit: this.atMemoryLimit,
      duration,
      billedDuration: summariseSorted(billed),
      billedDurationTrimmedMeanMs: trimmedMeanOfSorted(billed, 0.2),
      maxMemoryUsed,
      billedGbSeconds: this.billedGbSeconds,
      pricedInvocations: this.pricedInvocations,
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

function toDigest(record: InvocationRecord): InvocationDigest {
  return {
    requestId: record.requestId,
    requestIdKnown: record.requestIdKnown,
    logStream: record.logStream,
    xrayTraceId: record.xrayTraceId,
    startMs: record.startMs,
    endMs: record.endMs,
    durationMs: record.durationMs,
    billedDurationMs: record.billedDurationMs,
    memorySizeMb: record.memorySizeMb,
    maxMemoryUsedMb: record.maxMemoryUsedMb,
    initDurationMs: record.initDurationMs,
    coldStart: record.coldStart,
    outcome: record.outcome,
    errorType: record.errorType === undefined ? undefined : toOwnedString(record.errorType),
    errorLogged: record.errorLogged,
    lines: record.lines,
    linesDropped: record.linesDropped,
  };
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
  invocations = 0;
  invocationsWithReport = 0;
  errors = 0;
  timeouts = 0;
  outOfMemory = 0;
  crashes = 0;
  errorLogs = 0;
  timeoutImminent = 0;
  coldStarts = 0;
  provisionedInits = 0;
  proactiveInits = 0;
  snapStartRestores = 0;
  initFailures = 0;
  initTimeouts = 0;
  suppressedInits = 0;
  atMemoryLimit = 0;
  failuresOmitted = 0;
  metricsOmitted = 0;
  firstMs: number | undefined = undefined;
  lastMs: number | undefined = undefined;
  #currentMemorySizeMb: number | undefined = undefined;
  #currentAtMs = Number.NEGATIVE_INFINITY;
  #currentSequence = -1;
  readonly #configs = new Map<number, ConfigAccumulator>();
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
    this.invocations += 1;
    const memorySizeMb = record.memorySizeMb;
    const configKey = memorySizeMb ?? -1;
    let config = this.#lastConfig;
    if (config === undefined || config.memorySizeMb !== memorySizeMb) {
      config = this.#configs.get(configKey);
      if (config === undefined) {
        config = new ConfigAccumulator(memorySizeMb);
        this.#configs.set(configKey, config);
      }
      this.#lastConfig = config;
    }
    config.invocations += 1;
    const isError = isErrorRecord(record);
    if (isError) {
      this.errors += 1;
      config.errors += 1;
    }
    if (record.timedOut) {
      this.timeouts += 1;
      config.timeouts += 1;
    }
    if (record.outOfMemory) {
      this.outOfMemory += 1;
      config.outOfMemory += 1;
    }
    if (record.crashed) this.crashes += 1;
    if (record.errorLogged) this.errorLogs += 1;
    if (record.timeoutImminent) this.timeoutImminent += 1;
    if (record.hasReport) this.invocationsWithReport += 1;

    const durationMs = record.durationMs;
    if (durationMs !== undefined) config.duration.push(durationMs);
    const billedMs = record.billedDurationMs;
    if (billedMs !== undefined) {
      config.billedDuration.push(billedMs);
      if (memorySizeMb !== undefined) {
        config.billedGbSeconds +=
          ((billedMs + (record.billedRestoreDurationMs ?? 0)) / 1000) * (memorySizeMb / MB_PER_GB);
        config.pricedInvocations += 1;
      }
    }
    const maxMemoryUsedMb = record.maxMemoryUsedMb;
    if (maxMemoryUsedMb !== undefined) {
      config.maxMemoryUsed.push(maxMemoryUsedMb);
      if (memorySizeMb !== undefined && maxMemoryUsedMb >= memorySizeMb) {
        config.atMemoryLimit += 1;
        this.atMemoryLimit += 1;
      }
    }

    switch (record.coldStart) {
      case 'on-demand':
        this.coldStarts += 1;
        config.coldStarts += 1;
        if (record.initDurationMs !== undefined) this.#initDurations.push(record.initDurationMs);
        break;
      case 'provisioned-concurrency':
        this.provisionedInits += 1;
        break;
      case 'proactive':
        this.proactiveInits += 1;
        break;
      case 'snap-start':
        this.snapStartRestores += 1;
        if (record.restoreDurationMs !== undefined) this.#restoreDurations.push(record.restoreDurationMs);
        break;
      default:
        break;
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
      this.#slowest.offer(durationMs, toDigest(record));
    if (isError) {
      if (this.#failures.length < this.limits.failures) this.#failures.push(toDigest(record));
      else this.failuresOmitted += 1;
    }
  }

  addInitReport(fact: InitReportFact): void {
    if (fact.phase === 'invoke') this.suppressedInits += 1;
    if (fact.status === 'error' || fact.status === 'failure') this.initFailures += 1;
    if (fact.status === 'timeout') {
      this.initFailures += 1;
      this.initTimeouts += 1;
    }
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
    return {
      name: this.name,
      basis,
      invocations: this.invocations,
      invocationsWithReport: this.invocationsWithReport,
      errors: this.errors,
      timeouts: this.timeouts,
      outOfMemory: this.outOfMemory,
      crashes: this.crashes,
      errorLogs: this.errorLogs,
      timeoutImminent: this.timeoutImminent,
      coldStarts: this.coldStarts,
      provisionedInits: this.provisionedInits,
      proactiveInits: this.proactiveInits,
      snapStartRestores: this.snapStartRestores,
      initFailures: this.initFailures,
      initTimeouts: this.initTimeouts,
      suppressedInits: this.suppressedInits,
      duration,
      billedDuration: billed,
      initDuration: summariseInPlace(this.#initDurations.toFloat64Array()),
      restoreDuration: summariseInPlace(this.#restoreDurations.toFloat64Array()),
      maxMemoryUsed: memory,
      atMemoryLimit: this.atMemoryLimit,
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
