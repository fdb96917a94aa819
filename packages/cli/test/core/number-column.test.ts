import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NumberColumn } from '../../src/core/stats/number-column.js';

describe('NumberColumn', () => {
  it('gives back every value in order across growth, drains without a copy of its own, and starts over (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true }), { maxLength: 50 }),
        fc.integer({ min: 0, max: 70_000 }),
        (sample, extra) => {
          // Past the first capacity (16,384) and its doubling, so the buffer grows at least twice.
          const values = [...sample, ...Array.from({ length: extra }, (_, index) => index * 0.25)];
          const column = new NumberColumn('float64');
          for (const value of values) column.push(value);
          expect(column.length).toBe(values.length);
          expect(Array.from(column.toFloat64Array())).toEqual(values);
          const drained = column.drain();
          expect(Array.from(drained)).toEqual(values);
          expect(column.length).toBe(0);
          column.push(7);
          // The drained values are the caller's: the column's next values live elsewhere.
          expect(Array.from(drained.subarray(0, 1))).toEqual(values.slice(0, 1));
          expect(Array.from(column.drainSorted())).toEqual([7]);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('keeps float32 columns in float32 and sorts them as the built-in sort does', () => {
    const column = new NumberColumn('float32');
    const values = [129.7, -0, 0, 3, 1e-3, 65_536.5];
    for (const value of values) column.push(value);
    const sorted = column.drainSorted();
    expect(sorted).toBeInstanceOf(Float32Array);
    expect(Array.from(sorted)).toEqual(Array.from(Float32Array.from(values).sort()));
  });
});
