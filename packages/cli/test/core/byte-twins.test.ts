import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isQuietAppLineBytes } from '../../src/core/parse/app-line.js';
import { parseLine } from '../../src/core/parse/parse-line.js';
import {
  createReportFields,
  decimalEnd,
  readDecimal,
  readDecimalBytes,
  scanReportFields,
} from '../../src/core/parse/report-fields.js';
import { canonicalReportIdStart, readCanonicalReportBytes } from '../../src/core/parse/report-line.js';
import { platformLineSpans, scanEndBytes, scanStartBytes } from '../../src/core/parse/start-end-line.js';

const ID = '7c9567b5-107b-4a6c-8798-0157ac21db52';

/** Lines in Lambda's own layouts: what the byte readers are for. */
const TEMPLATES = [
  `START RequestId: ${ID} Version: $LATEST`,
  'START RequestId: 43e50939ce8c Version: 7',
  'START RequestId: 43e50939ce8c\t Version: 7',
  `END RequestId: ${ID}`,
  'END RequestId: 43e50939ce8c',
  `REPORT RequestId: ${ID}\tDuration: 3003.16 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 48 MB`,
  `REPORT RequestId: ${ID}\tDuration: 1.5 ms\tBilled Duration: 2 ms\tMemory Size: 1024 MB\tMax Memory Used: 64 MB\tInit Duration: 127.02 ms\t`,
  `REPORT RequestId: ${ID}\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 1024 MB\tMax Memory Used: 64 MB\tStatus: timeout`,
  `2020-06-09T15:02:23.150Z\t${ID}\tINFO\tfetching`,
  `2020-06-09T15:02:23.150Z\t${ID}\tWARNING\t{"_aws": 1}`,
  `2020-06-09T15:02:23.150Z\t${ID}\tTRACE\t{"_aws":{"CloudWatchMetrics":[]}}`,
  `2020-06-09T15:02:23.150Z ${ID} DEBUG`,
  `2020-06-09T15:02:23.150Z\t${ID}\tERROR\tboom`,
];

/** A template with a few characters replaced, inserted or deleted, from an alphabet that can change its meaning. */
const mutatedLine = fc
  .tuple(
    fc.constantFrom(...TEMPLATES),
    fc.array(
      fc.tuple(fc.constantFrom('replace', 'insert', 'delete'), fc.nat(), fc.constantFrom(...' \t\r-.:0159aZTUSEMB{"_')),
      {
        maxLength: 3,
      },
    ),
  )
  .map(([template, edits]) =>
    edits.reduce((line, [edit, at, character]) => {
      const index = at % (line.length + 1);
      if (edit === 'insert') return `${line.slice(0, index)}${character}${line.slice(index)}`;
      if (edit === 'delete') return `${line.slice(0, index)}${line.slice(index + 1)}`;
      return `${line.slice(0, index)}${character}${line.slice(index + 1)}`;
    }, template),
  );

/** The line inside other bytes, as it sits in a chunk: readers must stay within [from, to). */
function inChunk(line: string): { bytes: Buffer; from: number; to: number } {
  const bytes = Buffer.from(`x-9 ${line}\n9-x 1.5 MB`);
  return { bytes, from: 4, to: 4 + line.length };
}

describe('byte readers against the string parsers (property)', () => {
  it('readDecimalBytes reads the double readDecimal reads, and stops at the same place', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789.. x'), maxLength: 30 }), fc.nat(), (text, at) => {
        const start = at % (text.length + 1);
        const fromText = readDecimal(text, start);
        const textEnd = decimalEnd();
        const fromBytes = readDecimalBytes(Buffer.from(text), start, text.length);
        expect(Object.is(fromBytes, fromText)).toBe(true);
        expect(decimalEnd()).toBe(textEnd);
      }),
      { numRuns: 1000 },
    );
  });

  it('a START or END the byte reader accepts is the START or END parseLine reads', () => {
    fc.assert(
      fc.property(mutatedLine, (line) => {
        const { bytes, from, to } = inChunk(line);
        const parsed = parseLine(line);
        if (scanStartBytes(bytes, from, to)) {
          const spans = platformLineSpans;
          expect(parsed).toEqual({
            kind: 'start',
            requestId: bytes.toString('latin1', spans.idStart, spans.idEnd),
            version:
              spans.versionEnd > spans.versionStart
                ? bytes.toString('latin1', spans.versionStart, spans.versionEnd)
                : undefined,
            timeMs: undefined,
            xrayTraceId: undefined,
          });
        }
        if (scanEndBytes(bytes, from, to)) {
          expect(parsed).toEqual({
            kind: 'end',
            requestId: bytes.toString('latin1', platformLineSpans.idStart, platformLineSpans.idEnd),
          });
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('a REPORT the byte reader accepts has the id and fields parseLine reads', () => {
    fc.assert(
      fc.property(mutatedLine, (line) => {
        const { bytes, from, to } = inChunk(line);
        const fields = createReportFields();
        const rest = readCanonicalReportBytes(bytes, from, to, fields);
        if (rest === -1) return;
        if (rest < to) scanReportFields(bytes.toString('latin1', rest, to), 0, fields);
        const idStart = canonicalReportIdStart(from);
        expect(parseLine(line)).toEqual({
          kind: 'report',
          requestId: bytes.toString('latin1', idStart, idStart + 36),
          fields,
          timeMs: undefined,
        });
      }),
      { numRuns: 3000 },
    );
  });

  it('an application line the byte reader calls quiet is one parseLine reads as marking nothing', () => {
    fc.assert(
      fc.property(mutatedLine, (line) => {
        const { bytes, from, to } = inChunk(line);
        if (!isQuietAppLineBytes(bytes, from, to)) return;
        const parsed = parseLine(line);
        expect(parsed).toMatchObject({
          kind: 'app',
          coldStart: undefined,
          xrayTraceId: undefined,
          functionName: undefined,
          sdkKind: undefined,
          outOfMemory: false,
        });
        if (parsed.kind !== 'app') return;
        expect(parsed.requestId).toBeDefined();
        expect(['TRACE', 'DEBUG', 'INFO', 'WARN']).toContain(parsed.level);
      }),
      { numRuns: 3000 },
    );
  });

  it('accepts the unmutated layouts (they are the fast path)', () => {
    const accepted = TEMPLATES.map((line) => {
      const { bytes, from, to } = inChunk(line);
      return (
        scanStartBytes(bytes, from, to) ||
        scanEndBytes(bytes, from, to) ||
        readCanonicalReportBytes(bytes, from, to, createReportFields()) !== -1 ||
        isQuietAppLineBytes(bytes, from, to)
      );
    });
    // Quiet levels only: anything that starts like an EMF document, and ERROR lines, go to parseLine.
    expect(accepted).toEqual([true, true, false, true, true, true, true, true, true, false, false, true, false]);
  });
});
