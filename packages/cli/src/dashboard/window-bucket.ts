import { type InvocationRecord, isErrorRecord } from '../core/join/invocation-record.js';
import { createQuantileSketch, type QuantileSketch } from '../core/stats/quantile-sketch.js';

const MB_PER_GB = 1024;

/** How many invocations each time bucket keeps whole (with their log lines) for the drill-down. */
export interface BucketLimits {
  readonly slowest: number;
  readonly failed: number;
  readonly relativeAccuracy: number;
}

/** One memory size of one function over one time bucket: counters, and sketches made on first use. */
export class ConfigBucket {
  invocations = 0;
  withReport = 0;
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
  atMemoryLimit = 0;
  billedGbSeconds = 0;
  pricedInvocations = 0;
  duration: QuantileSketch | undefined = undefined;
  billedDuration: QuantileSketch | undefined = undefined;
  maxMemoryUsed: QuantileSketch | undefined = undefined;
  initDuration: QuantileSketch | undefined = undefined;
  restoreDuration: QuantileSketch | undefined = undefined;

  constructor(
    readonly memorySizeMb: number | undefined,
    readonly relativeAccuracy: number,
  ) {}

  #sketch(existing: QuantileSketch | undefined): QuantileSketch {
    return existing ?? createQuantileSketch({ relativeAccuracy: this.relativeAccuracy });
  }

  /** Adds every count and value of `other` (a bucket of the same memory size); `other` is unchanged. */
  merge(other: ConfigBucket): void {
    this.invocations += other.invocations;
    this.withReport += other.withReport;
    this.errors += other.errors;
    this.timeouts += other.timeouts;
    this.outOfMemory += other.outOfMemory;
    this.crashes += other.crashes;
    this.errorLogs += other.errorLogs;
    this.timeoutImminent += other.timeoutImminent;
    this.coldStarts += other.coldStarts;
    this.provisionedInits += other.provisionedInits;
    this.proactiveInits += other.proactiveInits;
    this.snapStartRestores += other.snapStartRestores;
    this.atMemoryLimit += other.atMemoryLimit;
    this.billedGbSeconds += other.billedGbSeconds;
    this.pricedInvocations += other.pricedInvocations;
    this.duration = this.#mergeSketch(this.duration, other.duration);
    this.billedDuration = this.#mergeSketch(this.billedDuration, other.billedDuration);
    this.maxMemoryUsed = this.#mergeSketch(this.maxMemoryUsed, other.maxMemoryUsed);
    this.initDuration = this.#mergeSketch(this.initDuration, other.initDuration);
    this.restoreDuration = this.#mergeSketch(this.restoreDuration, other.restoreDuration);
  }

  #mergeSketch(into: QuantileSketch | undefined, from: QuantileSketch | undefined): QuantileSketch | undefined {
    if (from === undefined) return into;
    const target = this.#sketch(into);
    target.merge(from);
    return target;
  }

  add(record: InvocationRecord): void {
    this.invocations += 1;
    if (record.hasReport) this.withReport += 1;
    if (isErrorRecord(record)) this.errors += 1;
    if (record.timedOut) this.timeouts += 1;
    if (record.outOfMemory) this.outOfMemory += 1;
    if (record.crashed) this.crashes += 1;
    if (record.errorLogged) this.errorLogs += 1;
    if (record.timeoutImminent) this.timeoutImminent += 1;
    switch (record.coldStart) {
      case 'on-demand':
        this.coldStarts += 1;
        if (record.initDurationMs !== undefined) {
          this.initDuration = this.#sketch(this.initDuration);
          this.initDuration.add(record.initDurationMs);
        }
        break;
      case 'provisioned-concurrency':
        this.provisionedInits += 1;
        break;
      case 'proactive':
        this.proactiveInits += 1;
        break;
      case 'snap-start':
        this.snapStartRestores += 1;
        if (record.restoreDurationMs !== undefined) {
          this.restoreDuration = this.#sketch(this.restoreDuration);
          this.restoreDuration.add(record.restoreDurationMs);
        }
        break;
      default:
        break;
    }
    if (record.durationMs !== undefined) {
      this.duration = this.#sketch(this.duration);
      this.duration.add(record.durationMs);
    }
    const memorySizeMb = record.memorySizeMb;
    if (record.billedDurationMs !== undefined) {
      this.billedDuration = this.#sketch(this.billedDuration);
      this.billedDuration.add(record.billedDurationMs);
      if (memorySizeMb !== undefined) {
        // As Lambda bills: billed duration (plus a SnapStart restore) × memory in GB.
        this.billedGbSeconds +=
          ((record.billedDurationMs + (record.billedRestoreDurationMs ?? 0)) / 1000) * (memorySizeMb / MB_PER_GB);
        this.pricedInvocations += 1;
      }
    }
    const usedMb = record.maxMemoryUsedMb;
    if (usedMb !== undefined) {
      this.maxMemoryUsed = this.#sketch(this.maxMemoryUsed);
      this.maxMemoryUsed.add(usedMb);
      if (memorySizeMb !== undefined && usedMb >= memorySizeMb) this.atMemoryLimit += 1;
    }
  }
}

/** One function over one time bucket: a ConfigBucket per memory size, throttles, init facts and kept invocations. */
export class FunctionBucket {
  readonly configs = new Map<number, ConfigBucket>();
  throttles = 0;
  initFailures = 0;
  initTimeouts = 0;
  suppressedInits = 0;
  /** Slowest first. */
  readonly slowest: InvocationRecord[] = [];
  /** Oldest first. */
  readonly failed: InvocationRecord[] = [];
  /** The memory size of the latest invocation, and when it ended. */
  latestMemorySizeMb: number | undefined = undefined;
  latestMemoryAtMs = Number.NEGATIVE_INFINITY;
  firstMs: number | undefined = undefined;
  lastMs: number | undefined = undefined;

  constructor(
    readonly index: number,
    readonly limits: BucketLimits,
  ) {}

  add(record: InvocationRecord, timeMs: number): void {
    const key = record.memorySizeMb ?? -1;
    let config = this.configs.get(key);
    if (config === undefined) {
      config = new ConfigBucket(record.memorySizeMb, this.limits.relativeAccuracy);
      this.configs.set(key, config);
    }
    config.add(record);
    if (record.memorySizeMb !== undefined && timeMs >= this.latestMemoryAtMs) {
      this.latestMemoryAtMs = timeMs;
      this.latestMemorySizeMb = record.memorySizeMb;
    }
    const startMs =
      record.startMs ?? (record.durationMs === undefined ? timeMs : Math.min(timeMs, timeMs - record.durationMs));
    if (this.firstMs === undefined || startMs < this.firstMs) this.firstMs = startMs;
    if (this.lastMs === undefined || timeMs > this.lastMs) this.lastMs = timeMs;
    this.#offerSlowest(record);
    if (isErrorRecord(record) && this.limits.failed > 0) {
      if (this.failed.length === this.limits.failed) this.failed.shift();
      this.failed.push(record);
    }
  }

  #offerSlowest(record: InvocationRecord): void {
    const durationMs = record.durationMs;
    const { slowest } = this;
    if (durationMs === undefined || this.limits.slowest === 0) return;
    if (slowest.length === this.limits.slowest && durationMs <= (slowest.at(-1)?.durationMs ?? 0)) return;
    let at = slowest.length;
    while (at > 0 && (slowest[at - 1]?.durationMs ?? 0) < durationMs) at -= 1;
    slowest.splice(at, 0, record);
    if (slowest.length > this.limits.slowest) slowest.pop();
  }
}
