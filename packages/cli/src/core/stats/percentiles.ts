import { sortNumbers } from './sort-numbers.js';

/** The percentiles every report shows: p50, p90, p99, p99.9. */
export const REPORT_QUANTILES = [0.5, 0.9, 0.99, 0.999] as const;

/**
 * The 0-based index of the `q`-quantile in `count` sorted values by the nearest-rank method: the smallest value with at
 * least q·count values at or below it. Always an observed value; p99.9 of 100 values is the maximum.
 */
export function nearestRankIndex(q: number, count: number): number {
  if (count <= 0) return -1;
  // The epsilon absorbs binary noise: 0.07 × 100 is 7.000000000000001, whose ceiling would skip a rank.
  const rank = Math.ceil(q * count - 1e-9);
  return Math.min(count - 1, Math.max(0, rank - 1));
}

export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number | undefined {
  const index = nearestRankIndex(q, sorted.length);
  return index < 0 ? undefined : sorted[index];
}

/** Exact order statistics of a sample. Undefined stands for "no data", never zeros. */
export interface SampleSummary {
  readonly count: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly sum: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
}

/** Summarises values already sorted ascending; undefined for none. */
export function summariseSorted(sorted: ArrayLike<number>): SampleSummary | undefined {
  const count = sorted.length;
  if (count === 0) return undefined;
  let sum = 0;
  for (let index = 0; index < count; index += 1) sum += sorted[index] ?? 0;
  const at = (q: number): number => sorted[nearestRankIndex(q, count)] ?? Number.NaN;
  return {
    count,
    min: sorted[0] ?? Number.NaN,
    max: sorted[count - 1] ?? Number.NaN,
    mean: sum / count,
    sum,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    p999: at(0.999),
  };
}

/** Sorts `values` in place (the caller's own scratch array) and summarises them. */
export function summariseInPlace(values: Float64Array): SampleSummary | undefined {
  return summariseSorted(sortNumbers(values));
}

/** Summarises a caller's values without touching them. */
export function summariseValues(values: ArrayLike<number>): SampleSummary | undefined {
  return summariseInPlace(Float64Array.from(values as ArrayLike<number>));
}

/** Mean after dropping `share` of the values at each end (Lambda Power Tuning trims 20 %). */
export function trimmedMeanOfSorted(sorted: ArrayLike<number>, share: number): number | undefined {
  const count = sorted.length;
  if (count === 0) return undefined;
  const drop = Math.floor(count * share);
  const from = count - 2 * drop > 0 ? drop : 0;
  const to = count - from;
  let sum = 0;
  for (let index = from; index < to; index += 1) sum += sorted[index] ?? 0;
  return sum / (to - from);
}

/** One ascending array from several ascending arrays (a k-way merge; k is the number of memory sizes, small). */
export function mergeSorted<T extends Float64Array | Float32Array>(
  parts: readonly T[],
  create: (length: number) => T,
): T {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const nonEmpty = parts.filter((part) => part.length > 0);
  const merged = create(total);
  if (nonEmpty.length === 1) {
    merged.set(nonEmpty[0] as T);
    return merged;
  }
  const positions = nonEmpty.map(() => 0);
  for (let index = 0; index < total; index += 1) {
    let best = -1;
    let bestValue = Number.POSITIVE_INFINITY;
    for (let part = 0; part < nonEmpty.length; part += 1) {
      const position = positions[part] ?? 0;
      const values = nonEmpty[part] as T;
      if (position < values.length && (values[position] as number) < bestValue) {
        bestValue = values[position] as number;
        best = part;
      }
    }
    merged[index] = bestValue;
    positions[best] = (positions[best] ?? 0) + 1;
  }
  return merged;
}
