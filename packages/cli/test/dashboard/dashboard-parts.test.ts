import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createQuantileSketch } from '../../src/core/stats/quantile-sketch.js';
import { toDurationHistogram } from '../../src/dashboard/duration-histogram.js';
import { errorMessageOfLine } from '../../src/dashboard/error-summary.js';
import type { FunctionRow } from '../../src/dashboard/function-rows.js';
import { AS_FAST_AS_POSSIBLE, createReplayPacer, RAW_LINES_PER_SECOND } from '../../src/dashboard/replay-schedule.js';
import { filterRows, SORT_COLUMNS, sortRows } from '../../src/dashboard/sort-columns.js';
import { fit, wrap, wrapWords } from '../../src/dashboard/text-cells.js';

function row(name: string, overrides: Partial<FunctionRow> = {}): FunctionRow {
  return {
    name,
    invocations: 0,
    invocationsPerMinute: undefined,
    errors: 0,
    timeouts: 0,
    throttles: undefined,
    coldStartShare: undefined,
    p50Ms: undefined,
    p99Ms: undefined,
    maxMs: undefined,
    maxMemoryUsedMb: undefined,
    memorySizeMb: undefined,
    memoryShare: undefined,
    costPerHourUsd: undefined,
    advice: '–',
    ...overrides,
  };
}

describe('duration histogram from the window sketch', () => {
  it('bins the values it holds: counts add up, edges rise from min to max', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.5, max: 60_000, noNaN: true }), { minLength: 1, maxLength: 600 }),
        fc.integer({ min: 1, max: 16 }),
        (values, bins) => {
          const sketch = createQuantileSketch();
          for (const value of values) sketch.add(value);
          const histogram = toDurationHistogram(sketch, bins);
          expect(histogram.reduce((sum, bin) => sum + bin.count, 0)).toBe(values.length);
          expect(histogram[0]?.fromMs).toBe(Math.min(...values));
          expect(histogram.at(-1)?.toMs).toBe(Math.max(...values));
          for (const bin of histogram) expect(bin.toMs).toBeGreaterThanOrEqual(bin.fromMs);
          for (let index = 1; index < histogram.length; index += 1) {
            expect(histogram[index]?.fromMs).toBe(histogram[index - 1]?.toMs);
          }
        },
      ),
    );
  });

  it('puts each value in its bin when there are few (every rank is read back, within 1 %)', () => {
    const sketch = createQuantileSketch();
    // Clear of the edges: a value read back within 1 % of an edge may land on either side of it.
    for (const value of [10, 10, 10, 25, 25, 50, 100, 160]) sketch.add(value);
    const histogram = toDurationHistogram(sketch, 4);
    // 10 → 160 is a wide spread: logarithmic bins 10-20-40-80-160.
    expect(histogram.map((bin) => Math.round(bin.fromMs))).toEqual([10, 20, 40, 80]);
    expect(histogram.map((bin) => bin.count)).toEqual([3, 2, 1, 2]);
    expect(toDurationHistogram(createQuantileSketch(), 4)).toEqual([]);
  });
});

describe('sorting and filtering the functions table', () => {
  const rowArbitrary = fc.record({
    name: fc.string({ minLength: 1, maxLength: 8 }),
    errors: fc.nat(50),
    p99Ms: fc.option(fc.double({ min: 0, max: 1e4, noNaN: true }), { nil: undefined }),
  });

  it('returns a sorted permutation, rows without the figure last in both directions', () => {
    fc.assert(
      fc.property(
        fc.array(rowArbitrary, { maxLength: 30 }),
        fc.constantFrom(...SORT_COLUMNS),
        fc.boolean(),
        (specs, column, descending) => {
          const rows = specs.map((spec) => row(spec.name, { errors: spec.errors, p99Ms: spec.p99Ms }));
          const before = JSON.stringify(rows);
          const sorted = sortRows(rows, column, descending);
          expect(JSON.stringify(rows)).toBe(before);
          expect(sorted.map((entry) => entry.name).toSorted()).toEqual(rows.map((entry) => entry.name).toSorted());
          if (column === 'p99') {
            const known = sorted.filter((entry) => entry.p99Ms !== undefined).length;
            expect(sorted.slice(known).every((entry) => entry.p99Ms === undefined)).toBe(true);
            const figures = sorted.slice(0, known).map((entry) => entry.p99Ms ?? 0);
            expect(figures).toEqual(figures.toSorted((a, b) => (descending ? b - a : a - b)));
          }
          if (column === 'errors') {
            const figures = sorted.map((entry) => entry.errors);
            expect(figures).toEqual(figures.toSorted((a, b) => (descending ? b - a : a - b)));
          }
        },
      ),
    );
  });

  it('filters by name, ignoring case; an empty filter keeps every row', () => {
    const rows = [row('orders-api'), row('Payments'), row('thumbs')];
    expect(filterRows(rows, 'PAY').map((entry) => entry.name)).toEqual(['Payments']);
    expect(filterRows(rows, ' ').map((entry) => entry.name)).toEqual(['orders-api', 'Payments', 'thumbs']);
    expect(filterRows(rows, 'zzz')).toEqual([]);
  });
});

describe('replay pacing', () => {
  it('keeps relative timing scaled by the speed, anchored at the first timestamp', () => {
    const pacer = createReplayPacer({ speed: 10, startWallMs: 1_000, inputs: 2 });
    expect(pacer.dueAt(0, 50_000)).toBe(1_000);
    expect(pacer.dueAt(1, 60_000)).toBe(2_000);
    expect(pacer.dueAt(0, 40_000)).toBe(0);
    expect(pacer.clockAt(1_500)).toBe(55_000);
  });

  it('feeds lines without a time at a steady pace per input, and counts them at the replay clock', () => {
    const pacer = createReplayPacer({ speed: 2, startWallMs: 0, inputs: 1 });
    const gapMs = 1000 / (RAW_LINES_PER_SECOND * 2);
    const first = pacer.dueAt(0, undefined);
    expect(first).toBe(0);
    pacer.fed(0, first);
    expect(pacer.dueAt(0, undefined)).toBe(gapMs);
    expect(pacer.clockAt(1_000)).toBe(2_000);
  });

  it('as fast as possible: everything is due at once', () => {
    const pacer = createReplayPacer({ speed: AS_FAST_AS_POSSIBLE, startWallMs: 500, inputs: 1 });
    expect(pacer.dueAt(0, 10)).toBe(500);
    expect(pacer.dueAt(0, 9e12)).toBe(500);
    expect(pacer.dueAt(0, undefined)).toBe(500);
    expect(() => createReplayPacer({ speed: 0, startWallMs: 0, inputs: 1 })).toThrow(TypeError);
  });
});

describe('error messages from real error lines', () => {
  it.each([
    [
      // Node's text format, as Lambda's runtime writes an unhandled error.
      '2024-11-29T02:10:03.161Z\tf0a624a4-d409-4e78-b25e-d43e565a42d1\tERROR\tInvoke Error \t{"errorType":"Error","errorMessage":"payment provider answered 503 Service Unavailable","stack":["Error: payment provider answered 503"]}',
      'Error: payment provider answered 503 Service Unavailable',
    ],
    [
      // Our SDK's pino line for a handler error.
      '{"level":"ERROR","time":1795335609868,"requestId":"f0a624a4-d409-4e78-b25e-d43e565a42d1","lambdatop":"handler-error","error":{"name":"TypeError","message":"x is undefined"},"msg":"handler threw"}',
      'handler threw: TypeError: x is undefined',
    ],
    [
      '2024-11-29T02:10:03.161Z\tf0a624a4-d409-4e78-b25e-d43e565a42d1\tERROR\tdb timeout after 3 retries',
      'db timeout after 3 retries',
    ],
    [
      "[ERROR]\t2024-11-29T02:10:03.161Z\tf0a624a4\tKeyError: 'order_id'",
      "2024-11-29T02:10:03.161Z\tf0a624a4\tKeyError: 'order_id'",
    ],
    ['{"level":"INFO","msg":"fine"}', undefined],
    ['2024-11-29T02:10:03.161Z\tf0a624a4\tINFO\tall good', undefined],
  ])('%s', (line, expected) => {
    expect(errorMessageOfLine(line)).toBe(expected);
  });
});

describe('fixed-width text', () => {
  it('fits, wraps and never exceeds the width', () => {
    expect(fit('orders', 4)).toBe('ord…');
    expect(fit('12', 5, 'right')).toBe('   12');
    expect(wrap('abcdefg', 3)).toEqual(['abc', 'def', 'g']);
    expect(wrapWords('increase to 3072 MB now', 10)).toEqual(['increase', 'to 3072 MB', 'now']);
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 30 }), (text, width) => {
        expect([...fit(text, width)].length).toBe(width);
        for (const line of wrapWords(text, width)) expect([...line].length).toBeLessThanOrEqual(width);
        expect(wrap(text, width).join('')).toBe(text);
      }),
    );
  });
});
