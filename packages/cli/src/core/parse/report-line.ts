import { matchesBytesAt, toAsciiBytes } from './byte-text.js';
import type { MalformedLine, ReportContinuationLine, ReportFields, ReportLine } from './parsed-line.js';
import {
  createReportFields,
  decimalEnd,
  matchesAt,
  readDecimal,
  readDecimalBytes,
  scanReportFields,
} from './report-fields.js';

const PREFIX = 'REPORT RequestId: ';
const DURATION = '\tDuration: ';
const BILLED = ' ms\tBilled Duration: ';
const MEMORY_SIZE = ' ms\tMemory Size: ';
const MAX_MEMORY = ' MB\tMax Memory Used: ';
const MB = ' MB';

/**
 * Lambda's own layout, read in one pass at known offsets: `REPORT RequestId: <uuid>\tDuration: … ms\tBilled
 * Duration: … ms\tMemory Size: … MB\tMax Memory Used: … MB`, the common case by far. Returns where the optional
 * fields (Init Duration, Status, …) start, or -1 when the line is laid out any other way.
 */
function readCanonical(line: string, start: number, fields: ReportFields): number {
  const idStart = start + PREFIX.length;
  let position = idStart + 36;
  if (!matchesAt(line, start, PREFIX) || line.charCodeAt(idStart + 8) !== 45 || !matchesAt(line, position, DURATION)) {
    return -1;
  }
  const durationMs = readDecimal(line, position + DURATION.length);
  position = decimalEnd();
  if (Number.isNaN(durationMs) || !matchesAt(line, position, BILLED)) return -1;
  const billedDurationMs = readDecimal(line, position + BILLED.length);
  position = decimalEnd();
  if (Number.isNaN(billedDurationMs) || !matchesAt(line, position, MEMORY_SIZE)) return -1;
  const memorySizeMb = readDecimal(line, position + MEMORY_SIZE.length);
  position = decimalEnd();
  if (Number.isNaN(memorySizeMb) || !matchesAt(line, position, MAX_MEMORY)) return -1;
  const maxMemoryUsedMb = readDecimal(line, position + MAX_MEMORY.length);
  position = decimalEnd();
  if (Number.isNaN(maxMemoryUsedMb) || !matchesAt(line, position, MB)) return -1;
  fields.durationMs = durationMs;
  fields.billedDurationMs = billedDurationMs;
  fields.memorySizeMb = memorySizeMb;
  fields.maxMemoryUsedMb = maxMemoryUsedMb;
  return position + MB.length;
}

const PREFIX_BYTES = toAsciiBytes(PREFIX);
const DURATION_BYTES = toAsciiBytes(DURATION);
const BILLED_BYTES = toAsciiBytes(BILLED);
const MEMORY_SIZE_BYTES = toAsciiBytes(MEMORY_SIZE);
const MAX_MEMORY_BYTES = toAsciiBytes(MAX_MEMORY);
const MB_BYTES = toAsciiBytes(MB);

/** Where the request id of a canonical REPORT starting at `start` is: 36 characters from here. */
export function canonicalReportIdStart(start: number): number {
  return start + PREFIX.length;
}

/** The four figures of a canonical REPORT, in the order `readCanonicalReportFigures` writes them. */
export const CANONICAL_FIGURES = ['durationMs', 'billedDurationMs', 'memorySizeMb', 'maxMemoryUsedMb'] as const;

/**
 * `readCanonical` over the ASCII bytes `bytes[start, to)`, the same rule step for step (a property test compares
 * them): the byte lane reads Lambda's own REPORT layout without making a string. The four figures go to
 * `figures[at…at+3]` (CANONICAL_FIGURES), written only when the whole layout matched: no number object is made.
 */
export function readCanonicalReportFigures(
  bytes: Uint8Array,
  start: number,
  to: number,
  figures: Float64Array,
  at: number,
): number {
  const idStart = start + PREFIX.length;
  let position = idStart + 36;
  if (
    !matchesBytesAt(bytes, start, PREFIX_BYTES, to) ||
    bytes[idStart + 8] !== 45 ||
    !matchesBytesAt(bytes, position, DURATION_BYTES, to)
  ) {
    return -1;
  }
  const durationMs = readDecimalBytes(bytes, position + DURATION.length, to);
  position = decimalEnd();
  if (Number.isNaN(durationMs) || !matchesBytesAt(bytes, position, BILLED_BYTES, to)) return -1;
  const billedDurationMs = readDecimalBytes(bytes, position + BILLED.length, to);
  position = decimalEnd();
  if (Number.isNaN(billedDurationMs) || !matchesBytesAt(bytes, position, MEMORY_SIZE_BYTES, to)) return -1;
  const memorySizeMb = readDecimalBytes(bytes, position + MEMORY_SIZE.length, to);
  position = decimalEnd();
  if (Number.isNaN(memorySizeMb) || !matchesBytesAt(bytes, position, MAX_MEMORY_BYTES, to)) return -1;
  const maxMemoryUsedMb = readDecimalBytes(bytes, position + MAX_MEMORY.length, to);
  position = decimalEnd();
  if (Number.isNaN(maxMemoryUsedMb) || !matchesBytesAt(bytes, position, MB_BYTES, to)) return -1;
  figures[at] = durationMs;
  figures[at + 1] = billedDurationMs;
  figures[at + 2] = memorySizeMb;
  figures[at + 3] = maxMemoryUsedMb;
  return position + MB.length;
}

const scratchFigures = new Float64Array(4);

/** `readCanonicalReportFigures` into `fields`. */
export function readCanonicalReportBytes(bytes: Uint8Array, start: number, to: number, fields: ReportFields): number {
  const rest = readCanonicalReportFigures(bytes, start, to, scratchFigures, 0);
  if (rest === -1) return -1;
  fields.durationMs = scratchFigures[0];
  fields.billedDurationMs = scratchFigures[1];
  fields.memorySizeMb = scratchFigures[2];
  fields.maxMemoryUsedMb = scratchFigures[3];
  return rest;
}

/**
 * A text REPORT line starting at `start` (`REPORT RequestId: … Duration: … ms …`), any field order, TABs or spaces,
 * the XRAY part inline or not. A REPORT that yields no figure at all is malformed.
 */
export function parseReportLine(line: string, start = 0): ReportLine | MalformedLine {
  const fields: ReportFields = createReportFields();
  const rest = readCanonical(line, start, fields);
  if (rest !== -1) {
    const requestId = line.slice(start + PREFIX.length, start + PREFIX.length + 36);
    if (rest < line.length) scanReportFields(line, rest, fields);
    return { kind: 'report', requestId, fields, timeMs: undefined };
  }
  const scan = scanReportFields(line, start + 6, fields);
  const requestId = scan.requestId;
  if (scan.recognised === 0 && requestId === undefined) return { kind: 'malformed', reason: 'REPORT without fields' };
  return { kind: 'report', requestId, fields, timeMs: undefined };
}

/**
 * The rest of a REPORT on a line of its own: `XRAY TraceId: …` after `\n`, or the fields of a REPORT a console copy
 * broke over several lines (`Duration: 13.82 ms` / `Billed Duration: 129 ms` …). Undefined when the line is not one.
 */
export function parseReportContinuation(line: string, start = 0): ReportContinuationLine | undefined {
  const fields: ReportFields = createReportFields();
  const scan = scanReportFields(line, start, fields);
  if (scan.recognised === 0 || scan.sawRequestIdKey) return undefined;
  return { kind: 'report-continuation', fields };
}
