import { type InvocationRecord, isErrorRecord } from '../core/join/invocation-record.js';
import { InitCounts } from '../core/stats/init-counts.js';
import { InvocationCounts, toColdStartInitMs, toRestoreMs } from '../core/stats/invocation-counts.js';
import { createQuantileSketch, type QuantileSketch } from '../core/stats/quantile-sketch.js';

/** How many invocations each time bucket keeps whole (with their log lines) for the drill-down. */
export interface BucketLimits {
  readonly slowest: number;
  readonly failed: number;
  readonly relativeAccuracy: number;
}

/** One memory size of one function over one time bucket: counters, and sketches made on first use. */
export class ConfigBucket {
  readonly counts = new InvocationCounts();
  duration: QuantileSketch | undefined = undefined;
  billedDuration: QuantileSketch | undefined = undefined;
  maxMemoryUsed: QuantileSketch | undefined = undefined;
  initDuration: QuantileSketch | undefined = undefined;
  restoreDuration: QuantileSketch | undefined = undefined;

  constructor(
    readonly memorySizeMb: number | undefined,
    readonly relativeAccuracy: number,
  ) {}

  /** Adds every count and value of `other` (a bucket of the same memory size); `other` is unchanged. */
  merge(other: ConfigBucket): void {
    this.counts.merge(other.counts);
    this.duration = this.#mergeSketch(this.duration, other.duration);
    this.billedDuration = this.#mergeSketch(this.billedDuration, other.billedDuration);
    this.maxMemoryUsed = this.#mergeSketch(this.maxMemoryUsed, other.maxMemoryUsed);
    this.initDuration = this.#mergeSketch(this.initDuration, other.initDuration);
    this.restoreDuration = this.#mergeSketch(this.restoreDuration, other.restoreDuration);
  }

  add(record: InvocationRecord): void {
    this.counts.add(record);
    this.duration = this.#addTo(this.duration, record.durationMs);
    this.billedDuration = this.#addTo(this.billedDuration, record.billedDurationMs);
    this.maxMemoryUsed = this.#addTo(this.maxMemoryUsed, record.maxMemoryUsedMb);
    if (record.coldStart !== undefined) {
      this.initDuration = this.#addTo(this.initDuration, toColdStartInitMs(record));
      this.restoreDuration = this.#addTo(this.restoreDuration, toRestoreMs(record));
    }
  }

  #sketch(existing: QuantileSketch | undefined): QuantileSketch {
    return existing ?? createQuantileSketch({ relativeAccuracy: this.relativeAccuracy });
  }

  /** The sketch with `value` added (made on first use); unchanged when the value is missing. */
  #addTo(sketch: QuantileSketch | undefined, value: number | undefined): QuantileSketch | undefined {
    if (value === undefined) return sketch;
    const target = this.#sketch(sketch);
    target.add(value);
    return target;
  }

  #mergeSketch(into: QuantileSketch | undefined, from: QuantileSketch | undefined): QuantileSketch | undefined {
    if (from === undefined) return into;
    const target = this.#sketch(into);
    target.merge(from);
    return target;
  }
}

/** One function over one time bucket: a ConfigBucket per memory size, throttles, init facts and kept invocations. */
export class FunctionBucket {
  readonly configs = new Map<number, ConfigBucket>();
  throttles = 0;
  readonly inits = new InitCounts();
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
