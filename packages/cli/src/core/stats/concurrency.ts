import { sortNumbers } from './sort-numbers.js';

/** Bucket widths for the concurrency series, the smallest that keeps it within `maxBuckets`. */
const BUCKET_STEPS_MS = [1_000, 10_000, 60_000, 300_000, 900_000, 3_600_000, 21_600_000, 86_400_000];

export interface ConcurrencySeries {
  readonly startMs: number;
  readonly bucketMs: number;
  /** Peak concurrency within each bucket. */
  readonly peaks: readonly number[];
}

export interface ConcurrencyStats {
  /** Invocations with both an end time and a duration: the ones concurrency is computed from. */
  readonly spans: number;
  readonly max: number;
  readonly maxAtMs: number;
  /** Busy time over the observed span (sum of durations ÷ (last end − first start)). */
  readonly mean: number;
  readonly firstStartMs: number;
  readonly lastEndMs: number;
  readonly series: ConcurrencySeries;
  /** `startsAtLevel[c]`: how many invocations started when they made concurrency c. */
  readonly startsAtLevel: readonly number[];
  /** The concurrency each given cold start made when it started, ascending. */
  readonly coldStartLevels: readonly number[];
}

function chooseBucketMs(spanMs: number, maxBuckets: number): number {
  for (const step of BUCKET_STEPS_MS) {
    if (spanMs / step <= maxBuckets) return step;
  }
  return BUCKET_STEPS_MS[BUCKET_STEPS_MS.length - 1] ?? 86_400_000;
}

/** How many of `sorted` are ≤ `value` (or < when `strict`). */
function countAtOrBelow(sorted: Float64Array, value: number, strict: boolean): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    const item = sorted[middle] ?? 0;
    if (strict ? item < value : item <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Concurrency over time from invocation spans, each `[end − duration, end]`, by a sweep over sorted starts and ends
 * (an invocation ending at t and another starting at t do not overlap). Sorts `starts` and `ends` in place: pass
 * scratch copies. `coldStarts` are start times of cold starts, to learn the level each one happened at.
 */
export function computeConcurrency(
  starts: Float64Array,
  ends: Float64Array,
  coldStarts: Float64Array,
  maxBuckets = 120,
): ConcurrencyStats | undefined {
  const count = starts.length;
  if (count === 0 || ends.length !== count) return undefined;
  let busyMs = 0;
  for (let index = 0; index < count; index += 1) busyMs += (ends[index] ?? 0) - (starts[index] ?? 0);
  sortNumbers(starts);
  sortNumbers(ends);
  sortNumbers(coldStarts);
  const firstStartMs = starts[0] ?? 0;
  const lastEndMs = ends[count - 1] ?? 0;
  const spanMs = Math.max(1, lastEndMs - firstStartMs);
  const bucketMs = chooseBucketMs(spanMs, maxBuckets);
  const seriesStartMs = Math.floor(firstStartMs / bucketMs) * bucketMs;
  const peaks = new Array<number>(Math.floor((lastEndMs - seriesStartMs) / bucketMs) + 1).fill(0);
  const startsAtLevel: number[] = [0];
  let level = 0;
  let max = 0;
  let maxAtMs = firstStartMs;
  let bucket = 0;
  // Below this offset from the series start an event is surely still in `bucket` (a millisecond short of the next
  // bucket's start, so the division's rounding cannot disagree): most events skip the division.
  let surelyInBucketMs = bucketMs - 1;
  let startIndex = 0;
  let endIndex = 0;
  while (startIndex < count || endIndex < count) {
    const nextStart = startIndex < count ? (starts[startIndex] ?? 0) : Number.POSITIVE_INFINITY;
    const nextEnd = ends[endIndex] ?? Number.POSITIVE_INFINITY;
    const isEnd = endIndex < count && nextEnd <= nextStart;
    const timeMs = isEnd ? nextEnd : nextStart;
    if (timeMs - seriesStartMs >= surelyInBucketMs) {
      const eventBucket = Math.floor((timeMs - seriesStartMs) / bucketMs);
      // Buckets crossed while nothing changed still saw the running level.
      while (bucket < eventBucket) {
        bucket += 1;
        if ((peaks[bucket] ?? 0) < level) peaks[bucket] = level;
      }
      surelyInBucketMs = (bucket + 1) * bucketMs - 1;
    }
    if (isEnd) {
      level -= 1;
      endIndex += 1;
      continue;
    }
    level += 1;
    startIndex += 1;
    startsAtLevel[level] = (startsAtLevel[level] ?? 0) + 1;
    if ((peaks[bucket] ?? 0) < level) peaks[bucket] = level;
    if (level > max) {
      max = level;
      maxAtMs = timeMs;
    }
  }
  for (let index = 0; index < startsAtLevel.length; index += 1) startsAtLevel[index] ??= 0;
  // The level a cold start made: starts up to it (inclusive) minus ends strictly before it.
  const coldStartLevels = Array.from(
    coldStarts,
    (timeMs) => countAtOrBelow(starts, timeMs, false) - countAtOrBelow(ends, timeMs, true),
  ).sort((left, right) => left - right);
  return {
    spans: count,
    max,
    maxAtMs,
    mean: busyMs / spanMs,
    firstStartMs,
    lastEndMs,
    series: { startMs: seriesStartMs, bucketMs, peaks },
    startsAtLevel,
    coldStartLevels,
  };
}
