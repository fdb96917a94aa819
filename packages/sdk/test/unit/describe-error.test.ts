import { describe, expect, it } from 'vitest';
import { describeError, describeValue } from '../../src/util/describe.js';

describe('describeError', () => {
  it('reads name, message and stack of Errors and Error-like objects', () => {
    const error = new RangeError('out of range');
    expect(describeError(error)).toEqual({ name: 'RangeError', message: 'out of range', stack: error.stack });
    expect(describeError(Object.freeze({ message: 'plain' }))).toEqual({
      name: 'Error',
      message: 'plain',
      stack: undefined,
    });
  });

  it('describes anything else without throwing', () => {
    const hostile = {
      get message(): string {
        throw new Error('getter');
      },
      get name(): string {
        throw new Error('getter');
      },
    };
    const noPrototype = Object.create(null) as object;
    const cases: [unknown, string, string][] = [
      ['just a string', 'string', '"just a string"'],
      [undefined, 'undefined', 'undefined'],
      [null, 'null', 'null'],
      [42, 'number', '42'],
      [Symbol('s'), 'symbol', 'Symbol(s)'],
      [7n, 'bigint', '7n'],
      [noPrototype, 'object', '{}'],
      [hostile, 'object', 'unprintable object'],
    ];
    for (const [thrown, name, message] of cases) expect(describeError(thrown)).toEqual({ name, message });
  });

  it('shortens long values and survives circular ones', () => {
    expect(describeValue('x'.repeat(500))).toHaveLength(203);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(describeValue(circular)).toBe('unprintable object');
  });
});
