import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compileFilterPattern } from '../support/aws-local/filter-pattern.js';

const REPORT =
  'REPORT RequestId: c793869b-ee49-115b-a5b6-4fd21e8dedac\tDuration: 128.83 ms\tBilled Duration: 200 ms\tMemory Size: 128 MB\tMax Memory Used: 74 MB\tInit Duration: 166.62 ms';
const TIMEOUT = '2020-06-09T15:02:26.150Z 7c9567b5-107b-4a6c-8798-0157ac21db52 Task timed out after 3.00 seconds';
const APP_ERROR =
  '2024-11-29T02:10:03.161Z\t4b142fc3-17b8-4cdb-a46b-a8dbe7918715\tERROR\tInvoke Error {"errorType":"TypeError"}';
const EMF = '{"_aws":{"Timestamp":1700000000000,"CloudWatchMetrics":[]},"service":"orders","Orders":3,"latency":120}';
const JSON_APP =
  '{"timestamp":"2024-05-20T16:29:45.009Z","level":"INFO","requestId":"4b14","message":"ENV","nested":{"ok":true,"n":null},"items":[{"id":7}]}';
const JSON_REPORT =
  '{"time":"2024-10-18T19:38:39.661Z","type":"platform.report","record":{"requestId":"b441","metrics":{"durationMs":30000.0,"maxMemoryUsedMB":74},"status":"timeout"}}';

function matches(pattern: string, message: string): boolean {
  const compiled = compileFilterPattern(pattern);
  if (!compiled.ok) throw new Error(`pattern ${pattern} refused: ${compiled.reason}`);
  return compiled.matches(message);
}

describe('term patterns', () => {
  test.each([
    ['', REPORT, true],
    ['""', TIMEOUT, true],
    ['REPORT', REPORT, true],
    ['REPORT', TIMEOUT, false],
    ['report', REPORT, false],
    ['ERROR', APP_ERROR, true],
    ['ERR', APP_ERROR, false],
    ['ERROR TypeError', APP_ERROR, true],
    ['ERROR RangeError', APP_ERROR, false],
    ['"Task timed out"', TIMEOUT, true],
    ['"Init Duration"', REPORT, true],
    ['"Init Duration"', TIMEOUT, false],
    ['"Duration:"', REPORT, true],
    ['?REPORT ?ERROR', REPORT, true],
    ['?REPORT ?ERROR', APP_ERROR, true],
    ['?REPORT ?ERROR', TIMEOUT, false],
    ['?REPORT ?"Task timed out"', TIMEOUT, true],
    ['-ERROR', TIMEOUT, true],
    ['-ERROR', APP_ERROR, false],
    ['Task -ERROR', TIMEOUT, true],
    ['RequestId -"Init Duration"', REPORT, false],
    ['_aws', EMF, true],
  ])('%j on a real line → %s', (pattern, message, expected) => {
    expect(matches(pattern, message)).toBe(expected);
  });

  test('a term matches whole words only, on both sides', () => {
    expect(matches('ERROR', 'ERRORS happened')).toBe(false);
    expect(matches('ERROR', 'NOERROR')).toBe(false);
    expect(matches('ERROR', '[ERROR]')).toBe(true);
    expect(matches('ERROR', 'ERROR: x')).toBe(true);
  });
});

describe('JSON patterns', () => {
  test.each([
    ['{ $.level = "INFO" }', JSON_APP, true],
    ['{ $.level = "ERROR" }', JSON_APP, false],
    ['{ $.level = INFO }', JSON_APP, true],
    ['{ $.level != "ERROR" }', JSON_APP, true],
    ['{ $.requestId = "4b*" }', JSON_APP, true],
    ['{ $.requestId = "5b*" }', JSON_APP, false],
    ['{ $.latency > 100 }', EMF, true],
    ['{ $.latency > 120 }', EMF, false],
    ['{ $.latency >= 120 }', EMF, true],
    ['{ $.latency < 121 && $.service = "orders" }', EMF, true],
    ['{ $.latency < 100 || $.service = "orders" }', EMF, true],
    ['{ ($.latency < 100 || $.Orders = 4) && $.service = "orders" }', EMF, false],
    ['{ $.record.metrics.durationMs >= 30000 }', JSON_REPORT, true],
    ['{ $.type = "platform.report" && $.record.status = "timeout" }', JSON_REPORT, true],
    ['{ $.nested.ok IS TRUE }', JSON_APP, true],
    ['{ $.nested.ok IS FALSE }', JSON_APP, false],
    ['{ $.nested.n IS NULL }', JSON_APP, true],
    ['{ $.nested.missing NOT EXISTS }', JSON_APP, true],
    ['{ $.nested.ok NOT EXISTS }', JSON_APP, false],
    ['{ $.items[0].id = 7 }', JSON_APP, true],
    ['{ $.items[1].id = 7 }', JSON_APP, false],
    ['{ $.errorType = "TypeError" }', APP_ERROR, true],
    ['{ $.level = "INFO" }', REPORT, false],
    ['{ $.latency > 100 }', JSON_APP, false],
  ])('%j → %s', (pattern, message, expected) => {
    expect(matches(pattern, message)).toBe(expected);
  });
});

describe('unsupported or invalid syntax is refused, never approximated', () => {
  test.each([
    ['[ip, user, status = 404]', 'space-delimited'],
    ['%ERROR.*%', 'regular-expression'],
    ['?ERROR WARN', 'mixing'],
    ['ERROR:', 'non-alphanumeric'],
    ['"unterminated', 'unterminated'],
    ['{ $.level = }', 'expected a value'],
    ['{ $.latency > "x" }', 'numeric'],
    ['{ $.a = 1 ', "expected '}'"],
    ['{ level = 1 }', 'selector'],
    ['{ $.a = %x% }', 'regular expressions'],
    ['x'.repeat(1025), 'longer than 1024'],
  ])('%j', (pattern, reason) => {
    const compiled = compileFilterPattern(pattern);
    expect(compiled.ok).toBe(false);
    expect(compiled.ok ? '' : compiled.reason).toContain(reason);
  });
});

describe('properties', () => {
  const word = fc.stringMatching(/^[A-Za-z0-9_]{1,8}$/);

  test('a message contains each of its words as a term, and an absent word never matches', () => {
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 8 }),
        fc.constantFrom(' ', '\t', ': ', ' [', '] '),
        word,
        (words, separator, probe) => {
          const message = words.join(separator);
          for (const present of words) expect(matches(present, message)).toBe(true);
          expect(matches(probe, message)).toBe(words.includes(probe));
          expect(matches(`-${probe}`, message)).toBe(!words.includes(probe));
        },
      ),
    );
  });

  test('?a ?b is the union of a and b, and "a b" their intersection', () => {
    fc.assert(
      fc.property(fc.array(word, { maxLength: 6 }), word, word, (words, a, b) => {
        const message = words.join(' ');
        expect(matches(`?${a} ?${b}`, message)).toBe(matches(a, message) || matches(b, message));
        expect(matches(`${a} ${b}`, message)).toBe(matches(a, message) && matches(b, message));
      }),
    );
  });
});
