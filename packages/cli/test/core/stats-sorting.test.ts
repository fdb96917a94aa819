import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeConcurrency } from '../../src/core/stats/concurrency.js';
import { sortNumbers } from '../../src/core/stats/sort-numbers.js';
import { createRandom } from '../support/create-random.js';

/** Values as columns hold them, and the corners of IEEE 754: zeros of both signs, negatives, infinities, tiny ones. */
const KINDS = ['durations', 'whole', 'mixed', 'constant', 'sorted', 'corners'] as const;

function valuesOf(kind: (typeof KINDS)[number], length: number, random: () => number): number[] {
  const corners = [0, -0, 5e-324, -5e-324, Infinity, -Infinity, 1, -1, 2 ** 53, 3.4e38, -3.4e38, 1e-40];
  const makers: Record<(typeof KINDS)[number], (index: number) => number> = {
    durations: () => Math.round(random() * 90_000_000) / 100,
    whole: () => Math.floor(random() * 3000),
    mixed: () => (random() - 0.3) * 10 ** Math.floor(random() * 12 - 4),
    constant: () => 42.5,
    sorted: (index) => 1_784_772_590_000 + index * 13.25,
    corners: () => corners[Math.floor(random() * corners.length)] as number,
  };
  return Array.from({ length }, (_, index) => makers[kind](index));
}

describe('sortNumbers', () => {
  it('orders like TypedArray sort, -0 before +0, for doubles and floats past the radix threshold (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...KINDS),
        fc.integer({ min: 16_000, max: 40_000 }),
        fc.integer(),
        fc.boolean(),
        (kind, length, seed, single) => {
          const values = valuesOf(kind, length, createRandom(seed));
          const ours = single ? Float32Array.from(values) : Float64Array.from(values);
          const expected = (single ? Float32Array.from(values) : Float64Array.from(values)).sort();
          sortNumbers(ours);
          // toEqual tells -0 from +0, and sees NaN as equal to NaN.
          expect(Array.from(ours)).toEqual(Array.from(expected));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('leaves NaN to the built-in sort (last), and short arrays too', () => {
    const withNaN = Float64Array.from({ length: 20_000 }, (_, index) => (index === 7 ? Number.NaN : 20_000 - index));
    sortNumbers(withNaN);
    expect(withNaN[0]).toBe(1);
    expect(withNaN[19_999]).toBeNaN();
    expect(Array.from(sortNumbers(Float32Array.of(3, -0, 0, -2)))).toEqual([-2, -0, 0, 3]);
  });

  it('takes an ascending array as sorted only when no +0 comes before a -0', () => {
    const values = Float64Array.from({ length: 20_000 }, (_, index) => index - 10_000);
    values[10_001] = -0;
    const sorted = sortNumbers(Float64Array.from(values));
    expect([Object.is(sorted[10_000], -0), Object.is(sorted[10_001], 0)]).toEqual([true, true]);
  });
});

/** computeConcurrency's sweep as first written (a division per event): the reference for the buckets. */
function referencePeaks(starts: Float64Array, ends: Float64Array, maxBuckets: number): number[] {
  const sortedStarts = Float64Array.from(starts).sort();
  const sortedEnds = Float64Array.from(ends).sort();
  const count = sortedStarts.length;
  const steps = [1_000, 10_000, 60_000, 300_000, 900_000, 3_600_000, 21_600_000, 86_400_000];
  const spanMs = Math.max(1, (sortedEnds[count - 1] as number) - (sortedStarts[0] as number));
  const bucketMs = steps.find((step) => spanMs / step <= maxBuckets) ?? 86_400_000;
  const seriesStartMs = Math.floor((sortedStarts[0] as number) / bucketMs) * bucketMs;
  const peaks = new Array<number>(Math.floor(((sortedEnds[count - 1] as number) - seriesStartMs) / bucketMs) + 1).fill(
    0,
  );
  let level = 0;
  let bucket = 0;
  let startIndex = 0;
  let endIndex = 0;
  while (startIndex < count || endIndex < count) {
    const nextStart = startIndex < count ? (sortedStarts[startIndex] as number) : Number.POSITIVE_INFINITY;
    const nextEnd = sortedEnds[endIndex] ?? Number.POSITIVE_INFINITY;
    const isEnd = endIndex < count && nextEnd <= nextStart;
    const timeMs = isEnd ? nextEnd : nextStart;
    const eventBucket = Math.floor((timeMs - seriesStartMs) / bucketMs);
    while (bucket < eventBucket) {
      bucket += 1;
      if ((peaks[bucket] as number) < level) peaks[bucket] = level;
    }
    if (isEnd) {
      level -= 1;
      endIndex += 1;
      continue;
    }
    level += 1;
    startIndex += 1;
    if ((peaks[bucket] as number) < level) peaks[bucket] = level;
  }
  return peaks;
}

describe('concurrency buckets', () => {
  it('fills the same peaks as a division per event, spans on bucket edges and a hair off them too (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 400 }),
            fc.constantFrom(0, 0.001, -0.001, 0.5, 999.999),
            fc.integer({ min: 0, max: 5_000 }),
          ),
          { minLength: 1, maxLength: 60 },
        ),
        fc.constantFrom(1_000, 10_000),
        fc.constantFrom(5, 120),
        (spans, unitMs, maxBuckets) => {
          const baseMs = 1_784_772_590_000;
          const starts = Float64Array.from(spans, ([at, offset]) => baseMs + at * unitMs + offset);
          const ends = Float64Array.from(spans, ([at, offset, length]) => baseMs + at * unitMs + offset + length);
          const expected = referencePeaks(starts, ends, maxBuckets);
          const stats = computeConcurrency(
            Float64Array.from(starts),
            Float64Array.from(ends),
            new Float64Array(0),
            maxBuckets,
          );
          expect(stats?.series.peaks).toEqual(expected);
        },
      ),
      { numRuns: 400 },
    );
  });
});
