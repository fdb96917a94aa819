import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoTimeEnd, parseIsoTimeMs } from '../../src/core/time/iso-time.js';
import { ByteTimeReader } from '../../src/sources/byte-time.js';
import { detectInputFormat } from '../../src/sources/input-format.js';
import { LinePrefixReader } from '../../src/sources/line-prefix.js';

const STREAM = '2026/07/22/orders[$LATEST]4d9204ca996c4d9bb21818e050ff8fee';

const digits = (count: number, max: number): fc.Arbitrary<string> =>
  fc.integer({ min: 0, max }).map((value) => String(value).padStart(count, '0'));

/** ISO 8601 times as logs print them, valid or nearly so: odd fractions and zones, out-of-range fields. */
const timeToken = fc
  .tuple(
    digits(4, 2100),
    digits(2, 13),
    digits(2, 32),
    digits(2, 24),
    digits(2, 60),
    digits(2, 61),
    fc.oneof(
      fc.constant(''),
      fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 9 }).map((f) => `.${f}`),
    ),
    fc.constantFrom('', 'Z', '+00:00', '-05:30', '+0530', '+5', '+00:0', 'z', '+24:00'),
  )
  .map(
    ([year, month, day, hour, minute, second, fraction, zone]) =>
      `${year}-${month}-${day}T${hour}:${minute}:${second}${fraction}${zone}`,
  );

/** A token, sometimes with one character replaced (ASCII or not). */
const mutatedToken = fc
  .tuple(timeToken, fc.nat(), fc.constantFrom('', ' ', 'x', '-', ':', '.', '9', 'é', '٣'))
  .map(([token, at, character]) =>
    character === ''
      ? token
      : `${token.slice(0, at % token.length)}${character}${token.slice((at % token.length) + 1)}`,
  );

describe('ByteTimeReader', () => {
  it('reads exactly what parseIsoTimeMs and isoTimeEnd read, with its per-second cache warm or cold (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(timeToken, mutatedToken), { minLength: 1, maxLength: 30 }), (tokens) => {
        const reader = new ByteTimeReader();
        for (const token of tokens) {
          // Padding around the token: the reader must stay inside [from, end).
          const bytes = Buffer.from(`9${token}5`);
          const accepted = reader.read(bytes, 1, bytes.length - 1);
          const ascii = Buffer.byteLength(token) === token.length;
          const expected = ascii && isoTimeEnd(token, 0) === token.length;
          expect(accepted).toBe(expected);
          if (expected) expect(reader.timestampMs).toBe(parseIsoTimeMs(token, 0));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never takes a cached second for one that differs in a single character (property)', () => {
    fc.assert(
      fc.property(
        timeToken,
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...'0123456789')), { minLength: 1, maxLength: 20 }),
        (base, edits) => {
          const reader = new ByteTimeReader();
          for (const token of [
            base,
            ...edits.map(
              ([at, digit]) => `${base.slice(0, at % base.length)}${digit}${base.slice((at % base.length) + 1)}`,
            ),
          ]) {
            const expected = isoTimeEnd(token, 0) === token.length;
            expect(reader.read(Buffer.from(token), 0, token.length)).toBe(expected);
            if (expected) expect(reader.timestampMs).toBe(parseIsoTimeMs(token, 0));
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads every fraction of up to six digits as parseIsoTimeMs does, where no later second hides a difference', () => {
    const reader = new ByteTimeReader();
    const bytes = Buffer.from('1970-01-01T00:00:00.000000Z');
    reader.read(bytes, 0, bytes.length);
    let differences = 0;
    for (let digits = 1; digits <= 6; digits += 1) {
      const end = 20 + digits + 1;
      bytes[end - 1] = 90;
      for (let value = 0; value < 10 ** digits; value += 1) {
        const fraction = String(value).padStart(digits, '0');
        bytes.write(fraction, 20, 'latin1');
        reader.read(bytes, 0, end);
        if (reader.timestampMs !== parseIsoTimeMs(`1970-01-01T00:00:00.${fraction}Z`, 0)) differences += 1;
      }
    }
    expect(differences).toBe(0);
  });

  it('keeps microseconds, zones and leap seconds as parseIsoTimeMs does', () => {
    const reader = new ByteTimeReader();
    const cases: [string, number][] = [
      ['2026-07-22T03:52:34.157000+00:00', Date.UTC(2026, 6, 22, 3, 52, 34, 157)],
      ['2026-07-22T03:52:34.157123+00:00', Date.UTC(2026, 6, 22, 3, 52, 34, 157) + 0.123],
      ['2026-07-22T05:52:34.5+02:00', Date.UTC(2026, 6, 22, 3, 52, 34, 500)],
      ['2026-07-22T03:52:34Z', Date.UTC(2026, 6, 22, 3, 52, 34)],
    ];
    for (const [token, ms] of cases) {
      expect(reader.read(Buffer.from(token), 0, token.length)).toBe(true);
      expect(reader.timestampMs).toBeCloseTo(ms, 6);
    }
  });
});

/** The stream names a reader numbered so far, by number. */
function namesOf(reader: LinePrefixReader, names: string[] = []): string[] {
  const taken = reader.streams.takeNew();
  taken.names.forEach((name, index) => {
    names[taken.first + index] = name;
  });
  return names;
}

describe('LinePrefixReader', () => {
  const read = (format: 'tail-detailed' | 'tail-short' | 'sam' | 'raw', line: string) => {
    const reader = new LinePrefixReader(format);
    const bytes = Buffer.from(line);
    const found = reader.read(bytes, 0, bytes.length, Buffer.byteLength(line) === line.length);
    return found
      ? {
          timestampMs: reader.timed ? reader.timestampMs : undefined,
          logStream: reader.streamNumber < 0 ? undefined : namesOf(reader)[reader.streamNumber],
          message: bytes.toString('utf8', reader.messageStart),
        }
      : undefined;
  };

  it.each([
    [
      'tail-detailed',
      `2026-07-22T03:52:34.157000+00:00 ${STREAM} START RequestId: a Version: $LATEST`,
      {
        timestampMs: Date.UTC(2026, 6, 22, 3, 52, 34, 157),
        logStream: STREAM,
        message: 'START RequestId: a Version: $LATEST',
      },
    ],
    [
      'tail-detailed',
      '2026-07-22T03:52:34Z 2026/07/22/café[$LATEST]c0ffee ☃ snow',
      { timestampMs: Date.UTC(2026, 6, 22, 3, 52, 34), logStream: '2026/07/22/café[$LATEST]c0ffee', message: '☃ snow' },
    ],
    [
      'tail-detailed',
      `2026-07-22T03:52:34.157000+00:00 ${STREAM}`,
      { timestampMs: Date.UTC(2026, 6, 22, 3, 52, 34, 157), logStream: STREAM, message: '' },
    ],
    ['tail-detailed', '    at handler (/var/task/index.js:3:9)', undefined],
    ['tail-detailed', `2026-07-22T03:52:34 ${STREAM} no zone`, undefined],
    ['tail-detailed', `2026-07-22T03:52:34.157000+00:00  ${STREAM} two spaces`, undefined],
    [
      'tail-short',
      '2026-04-23T18:21:14 END RequestId: r',
      { timestampMs: Date.UTC(2026, 3, 23, 18, 21, 14), logStream: undefined, message: 'END RequestId: r' },
    ],
    ['tail-short', '2026-04-23T18:21:14.5 END RequestId: r', undefined],
    [
      'sam',
      '2023/06/02/[72]88ab219a63d343d294d0a9947e8ab36a 2023-06-02T11:27:22.719000 RESTORE_REPORT Restore Duration: 398.97 ms',
      {
        timestampMs: Date.UTC(2023, 5, 2, 11, 27, 22, 719),
        logStream: '2023/06/02/[72]88ab219a63d343d294d0a9947e8ab36a',
        message: 'RESTORE_REPORT Restore Duration: 398.97 ms',
      },
    ],
    ['sam', '2023/06/02/[72]88ab 2023-06-02T11:27:22.719000x message', undefined],
    ['raw', 'START RequestId: a', { timestampMs: undefined, logStream: undefined, message: 'START RequestId: a' }],
  ] as const)('%s: %s', (format, line, expected) => {
    const result = read(format, line);
    if (expected === undefined) expect(result).toBeUndefined();
    else {
      expect(result?.logStream).toBe(expected.logStream);
      expect(result?.message).toBe(expected.message);
      if (expected.timestampMs === undefined) expect(result?.timestampMs).toBeUndefined();
      else expect(result?.timestampMs).toBeCloseTo(expected.timestampMs, 6);
    }
  });

  it('finds the stream and message of any tail line it accepts, one number per stream (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            timeToken,
            // Names that start alike with other lengths, and one that is a prefix of another: a length guessed from
            // how a name starts must never cut one short or run one on.
            fc.constantFrom(
              STREAM,
              `${STREAM}0`,
              STREAM.slice(0, -1),
              '2026/07/22/orders[7]4d92',
              '2026/07/22/[$LATEST]88ab',
              's',
            ),
            fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
          ),
          {
            minLength: 1,
            maxLength: 20,
          },
        ),
        (lines) => {
          const reader = new LinePrefixReader('tail-detailed');
          const names: string[] = [];
          const seen = new Map<string, number>();
          for (const [token, stream, message] of lines) {
            // No message at all: the stream name ends the line.
            const text = message === undefined ? `${token} ${stream}` : `${token} ${stream} ${message}`;
            const bytes = Buffer.from(text);
            const valid =
              isoTimeEnd(token, 0) === token.length &&
              token.length >= 20 &&
              (token.endsWith('Z') || token.at(-6) === '+' || token.at(-6) === '-');
            expect(reader.read(bytes, 0, bytes.length, Buffer.byteLength(text) === text.length)).toBe(valid);
            if (!valid) continue;
            expect(reader.timestampMs).toBe(parseIsoTimeMs(token, 0));
            expect(namesOf(reader, names)[reader.streamNumber]).toBe(stream);
            expect(bytes.toString('utf8', reader.messageStart)).toBe(message ?? '');
            if (seen.has(stream)) expect(reader.streamNumber).toBe(seen.get(stream));
            seen.set(stream, reader.streamNumber);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is what format detection uses, so detection and reading agree', () => {
    expect(detectInputFormat(`2026-07-22T03:52:34.157000+00:00 ${STREAM} START RequestId: a Version: $LATEST\n`)).toBe(
      'tail-detailed',
    );
    expect(detectInputFormat(`2026-07-22T03:52:34 ${STREAM} no zone, so not the detailed format\n`)).toBe('tail-short');
  });
});
