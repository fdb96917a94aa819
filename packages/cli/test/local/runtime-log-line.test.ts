import { describe, expect, it } from 'vitest';
import { formatRuntimeErrorLine, formatRuntimeLogLine } from '../../src/local/index.js';
import { toErrorSummary, toRuntimeErrorJson } from '../../src/local/runtime-log-line.js';

const AT = Date.parse('2024-11-29T02:10:03.161Z');
const ID = '8f507cfc-1e2c-4697-b07a-ac58fc914c95';

describe('formatRuntimeLogLine', () => {
  it('has the Node.js runtime Text shape: ISO timestamp, request id, level, message, TAB-separated', () => {
    expect(formatRuntimeLogLine(AT, ID, 'INFO', ['hello'])).toBe(`2024-11-29T02:10:03.161Z\t${ID}\tINFO\thello`);
  });

  it.each([
    [['%s has %d items', 'cart', 3], 'cart has 3 items'],
    [['a', 'b', 1], 'a b 1'],
    [[{ sku: 'A-1', qty: 2 }], "{ sku: 'A-1', qty: 2 }"],
    [['%j', { a: 1 }], '{"a":1}'],
    [[], ''],
    [['two\nlines'], 'two\nlines'],
  ])('formats %j with util.format semantics as %j', (args, message) => {
    expect(formatRuntimeLogLine(AT, ID, 'WARN', args)).toBe(`2024-11-29T02:10:03.161Z\t${ID}\tWARN\t${message}`);
  });

  it('prints a missing request id as undefined, as during init', () => {
    expect(formatRuntimeLogLine(AT, undefined, 'INFO', ['loading'])).toBe(
      '2024-11-29T02:10:03.161Z\tundefined\tINFO\tloading',
    );
  });
});

describe('formatRuntimeErrorLine', () => {
  it('joins the label and the TAB-led JSON with a space, as util.format does in the runtime', () => {
    const error = new TypeError('card declined');
    error.stack = 'TypeError: card declined\n    at charge (/var/task/index.mjs:3:9)';
    expect(formatRuntimeErrorLine(AT, ID, 'Invoke Error', error)).toBe(
      `2024-11-29T02:10:03.161Z\t${ID}\tERROR\tInvoke Error \t` +
        '{"errorType":"TypeError","errorMessage":"card declined","stack":["TypeError: card declined","    at charge (/var/task/index.mjs:3:9)"]}',
    );
  });

  it("includes the error's code and own fields, between the message and the stack", () => {
    const error = Object.assign(new Error('throttled'), { code: 'ThrottlingException', retryable: true });
    error.stack = 'Error: throttled';
    const json = JSON.parse(toRuntimeErrorJson(error)) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['errorType', 'errorMessage', 'code', 'retryable', 'stack']);
    expect(json).toMatchObject({ code: 'ThrottlingException', retryable: true, stack: ['Error: throttled'] });
  });

  it.each([
    ['a string', 'plain text', 'plain text'],
    ['a number', 42, '42'],
    ['undefined', undefined, 'undefined'],
    ['an object', { reason: 'x' }, '[object Object]'],
  ])('turns a thrown %s into an Error of its text', (_label, thrown, message) => {
    expect(toErrorSummary(thrown)).toEqual({ errorType: 'Error', errorMessage: message });
    expect(JSON.parse(toRuntimeErrorJson(thrown))).toMatchObject({ errorType: 'Error', errorMessage: message });
  });

  it('falls back to the bare fields when the error cannot be serialised, instead of throwing', () => {
    const error = new Error('cyclic') as Error & { self?: unknown };
    error.self = error;
    const json = JSON.parse(toRuntimeErrorJson(error)) as Record<string, unknown>;
    expect(json).toEqual({ errorType: 'Error', errorMessage: 'cyclic', stack: [] });
  });

  it('never throws for a value whose conversion to text throws', () => {
    const hostile = {
      toString() {
        throw new Error('no');
      },
    };
    expect(() => formatRuntimeErrorLine(AT, ID, 'Uncaught Exception', hostile)).not.toThrow();
    expect(toErrorSummary(hostile).errorType).toBe('Error');
  });
});
