import type { InvocationRecord } from '../join/invocation-record.js';
import { InvocationCounts } from './invocation-counts.js';
import { createQuantileSketch, DEFAULT_SKETCH_RELATIVE_ACCURACY, type QuantileSketch } from './quantile-sketch.js';

export interface WindowedAggregatorOptions {
  /** Width of one time bucket (default 10 s). */
  readonly bucketMs?: number;
  /** How much history is kept, a whole number of buckets (default 10 min). */
  readonly windowMs?: number;
  readonly relativeAccuracy?: number;
}

/** One function's figures over one bucket, or over a window of merged buckets. */
export interface WindowStats {
  readonly startMs: number;
  readonly endMs: number;
  readonly invocations: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly outOfMemory: number;
  readonly coldStarts: number;
  /** Durations (ms); quantiles within the sketch's relative accuracy of the exact ones. */
  readonly duration: QuantileSketch;
  readonly maxMemoryUsedMb: number | undefined;
  readonly memorySizeMb: number | undefined;
  readonly billedGbSeconds: number;
  readonly pricedInvocations: number;
}

export interface WindowedAggregator {
  readonly bucketMs: number;
  readonly windowMs: number;
  /** Counts an invocation at its end time, else `fallbackTimeMs` (a replay clock), else the newest time seen. */
  add(record: InvocationRecord, fallbackTimeMs?: number): void;
  /** Every function seen whose buckets are still in the window, by name. */
  functionNames(): string[];
  /** The function's figures over the last `windowMs` (default: the whole window) ending at the newest time seen. */
  summary(functionName: string, windowMs?: number): WindowStats | undefined;
  /** The function's buckets in the window, oldest first, empty buckets included (for charts). */
  series(functionName: string): WindowStats[];
  /** The newest time seen, epoch ms. */
  latestMs(): number | undefined;
  /** Invocations older than the window when they arrived: not counted. */
  readonly dropped: number;
}

class Bucket {
  readonly counts = new InvocationCounts();
  maxMemoryUsedMb: number | undefined = undefined;
  memorySizeMb: number | undefined = undefined;
  readonly duration: QuantileSketch;

  constructor(
    readonly index: number,
    relativeAccuracy: number,
  ) {
    this.duration = createQuantileSketch({ relativeAccuracy });
  }

  add(record: InvocationRecord): void {
    this.counts.add(record);
    if (record.durationMs !== undefined) this.duration.add(record.durationMs);
    const used = record.maxMemoryUsedMb;
    if (used !== undefined && (this.maxMemoryUsedMb === undefined || used > this.maxMemoryUsedMb)) {
      this.maxMemoryUsedMb = used;
    }
    if (record.memorySizeMb !== undefined) this.memorySizeMb = record.memorySizeMb;
  }
}

/**
 * Per-function statistics over a sliding window of time buckets, each holding counters and a mergeable quantile
 * sketch: bounded memory (functions × buckets × one sketch) however long the stream runs. For the dashboard.
 */
export function createWindowedAggregator(options: WindowedAggregatorOptions = {}): WindowedAggregator {
  const bucketMs = options.bucketMs ?? 10_000;
  const bucketCount = Math.max(1, Math.round((options.windowMs ?? 600_000) / bucketMs));
  const windowMs = bucketCount * bucketMs;
  const relativeAccuracy = options.relativeAccuracy ?? DEFAULT_SKETCH_RELATIVE_ACCURACY;
  if (!(bucketMs > 0)) throw new TypeError(`bucketMs must be positive, got ${bucketMs}`);
  const functions = new Map<string, Map<number, Bucket>>();
  let newestIndex: number | undefined;
  let newestMs: number | undefined;
  let dropped = 0;

  const evict = (): void => {
    if (newestIndex === undefined) return;
    const oldestKept = newestIndex - bucketCount + 1;
    for (const [name, buckets] of functions) {
      for (const index of buckets.keys()) if (index < oldestKept) buckets.delete(index);
      if (buckets.size === 0) functions.delete(name);
    }
  };

  const merged = (buckets: readonly (Bucket | undefined)[], startIndex: number, endIndex: number): WindowStats => {
    const duration = createQuantileSketch({ relativeAccuracy });
    const counts = new InvocationCounts();
    let maxMemoryUsedMb: number | undefined;
    let memorySizeMb: number | undefined;
    for (const bucket of buckets) {
      if (bucket === undefined) continue;
      counts.merge(bucket.counts);
      duration.merge(bucket.duration);
      if (
        bucket.maxMemoryUsedMb !== undefined &&
        (maxMemoryUsedMb === undefined || bucket.maxMemoryUsedMb > maxMemoryUsedMb)
      ) {
        maxMemoryUsedMb = bucket.maxMemoryUsedMb;
      }
      if (bucket.memorySizeMb !== undefined) memorySizeMb = bucket.memorySizeMb;
    }
    return {
      startMs: startIndex * bucketMs,
      endMs: (endIndex + 1) * bucketMs,
      invocations: counts.invocations,
      errors: counts.errors,
      timeouts: counts.timeouts,
      outOfMemory: counts.outOfMemory,
      coldStarts: counts.coldStarts,
      duration,
      maxMemoryUsedMb,
      memorySizeMb,
      billedGbSeconds: counts.billedGbSeconds,
      pricedInvocations: counts.pricedInvocations,
    };
  };

  return {
    bucketMs,
    windowMs,
    add(record, fallbackTimeMs) {
      const timeMs = record.endMs ?? fallbackTimeMs ?? newestMs;
      if (timeMs === undefined || !Number.isFinite(timeMs)) {
        dropped += 1;
        return;
      }
      const index = Math.floor(timeMs / bucketMs);
      if (newestIndex !== undefined && index <= newestIndex - bucketCount) {
        dropped += 1;
        return;
      }
      if (newestIndex === undefined || index > newestIndex) {
        newestIndex = index;
        evict();
      }
      if (newestMs === undefined || timeMs > newestMs) newestMs = timeMs;
      let buckets = functions.get(record.functionName);
      if (buckets === undefined) {
        buckets = new Map();
        functions.set(record.functionName, buckets);
      }
      let bucket = buckets.get(index);
      if (bucket === undefined) {
        bucket = new Bucket(index, relativeAccuracy);
        buckets.set(index, bucket);
      }
      bucket.add(record);
    },
    functionNames: () => [...functions.keys()].sort((left, right) => left.localeCompare(right)),
    summary(functionName, span = windowMs) {
      const buckets = functions.get(functionName);
      if (buckets === undefined || newestIndex === undefined) return undefined;
      const count = Math.max(1, Math.min(bucketCount, Math.round(span / bucketMs)));
      const startIndex = newestIndex - count + 1;
      const inSpan = [...buckets.values()].filter((bucket) => bucket.index >= startIndex);
      return merged(inSpan, startIndex, newestIndex);
    },
    series(functionName) {
      const buckets = functions.get(functionName);
      if (buckets === undefined || newestIndex === undefined) return [];
      const out: WindowStats[] = [];
      for (let index = newestIndex - bucketCount + 1; index <= newestIndex; index += 1) {
        out.push(merged([buckets.get(index)], index, index));
      }
      return out;
    },
    latestMs: () => newestMs,
    get dropped() {
      return dropped;
    },
  };
}
