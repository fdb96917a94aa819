import { isWhitespace, skipWhitespace, wordEnd } from './line-scan.js';
import type { ReportFields } from './parsed-line.js';

const POWERS_OF_TEN = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/** Scratch results of one scan; reset by every call (the parser is single-threaded and never re-entered). */
interface ScanState {
  /** Set when the scan met `RequestId:`; undefined again when its value was redacted or absent. */
  requestId: string | undefined;
  sawRequestIdKey: boolean;
  recognised: number;
  position: number;
}

const state: ScanState = { requestId: undefined, sawRequestIdKey: false, recognised: 0, position: 0 };

/** Where the number the last `readDecimal` read ends. */
export function decimalEnd(): number {
  return state.position;
}

/** Reads an unsigned decimal at `position`; NaN when there is none. Exact like parseFloat. See `decimalEnd`. */
export function readDecimal(line: string, position: number): number {
  let index = position;
  let mantissa = 0;
  let digitCount = 0;
  let fractionDigits = 0;
  let seenPoint = false;
  while (index < line.length) {
    const code = line.charCodeAt(index);
    if (code >= 48 && code <= 57) {
      if (digitCount < 15) {
        mantissa = mantissa * 10 + (code - 48);
        if (seenPoint) fractionDigits += 1;
      } else if (!seenPoint) {
        mantissa *= 10;
      }
      digitCount += 1;
    } else if (code === 46 && !seenPoint) {
      seenPoint = true;
    } else {
      break;
    }
    index += 1;
  }
  state.position = index;
  if (digitCount === 0) return Number.NaN;
  return fractionDigits === 0 ? mantissa : mantissa / (POWERS_OF_TEN[fractionDigits] ?? 1);
}

/**
 * `readDecimal` over the bytes `bytes[position, to)`: the same digits make the same double. Keep the two in step
 * (a property test compares them).
 */
export function readDecimalBytes(bytes: Uint8Array, position: number, to: number): number {
  let index = position;
  let mantissa = 0;
  let digitCount = 0;
  let fractionDigits = 0;
  let seenPoint = false;
  while (index < to) {
    const code = bytes[index] ?? 0;
    if (code >= 48 && code <= 57) {
      if (digitCount < 15) {
        mantissa = mantissa * 10 + (code - 48);
        if (seenPoint) fractionDigits += 1;
      } else if (!seenPoint) {
        mantissa *= 10;
      }
      digitCount += 1;
    } else if (code === 46 && !seenPoint) {
      seenPoint = true;
    } else {
      break;
    }
    index += 1;
  }
  state.position = index;
  if (digitCount === 0) return Number.NaN;
  return fractionDigits === 0 ? mantissa : mantissa / (POWERS_OF_TEN[fractionDigits] ?? 1);
}

/** Skips a `ms`/`MB` unit after a number, if one follows. */
function skipUnit(line: string, position: number): number {
  const start = skipWhitespace(line, position);
  if (start + 2 > line.length) return position;
  const first = line.charCodeAt(start) | 32;
  const second = line.charCodeAt(start + 1) | 32;
  const isUnit = (first === 109 && second === 115) || (first === 109 && second === 98);
  if (!isUnit) return position;
  const after = line.charCodeAt(start + 2);
  return start + 2 >= line.length || isWhitespace(after) ? start + 2 : position;
}

/** Lambda writes request ids as UUIDs; copies shorten them (12 hex) or redact them (`***`). Redacted is missing. */
function isUsableRequestId(token: string): boolean {
  if (token.length === 36 && token.charCodeAt(8) === 45 && token.charCodeAt(23) === 45) return true;
  let alphanumeric = 0;
  let sameAsFirst = 0;
  const first = token.charCodeAt(0);
  for (let index = 0; index < token.length; index += 1) {
    const raw = token.charCodeAt(index);
    const code = raw | 32;
    if ((code >= 48 && code <= 57) || (code >= 97 && code <= 122)) alphanumeric += 1;
    if (raw === first) sameAsFirst += 1;
  }
  return alphanumeric >= 4 && sameAsFirst < token.length;
}

/** Sets a figure unless already read: a REPORT repeated or continued never overwrites. Named stores keep it fast. */
function setNumber(fields: ReportFields, key: NumericKey, value: number): void {
  if (Number.isNaN(value)) return;
  switch (key) {
    case 'durationMs':
      if (fields.durationMs !== undefined) return;
      fields.durationMs = value;
      break;
    case 'billedDurationMs':
      if (fields.billedDurationMs !== undefined) return;
      fields.billedDurationMs = value;
      break;
    case 'memorySizeMb':
      if (fields.memorySizeMb !== undefined) return;
      fields.memorySizeMb = value;
      break;
    case 'maxMemoryUsedMb':
      if (fields.maxMemoryUsedMb !== undefined) return;
      fields.maxMemoryUsedMb = value;
      break;
    case 'initDurationMs':
      if (fields.initDurationMs !== undefined) return;
      fields.initDurationMs = value;
      break;
    case 'restoreDurationMs':
      if (fields.restoreDurationMs !== undefined) return;
      fields.restoreDurationMs = value;
      break;
    case 'billedRestoreDurationMs':
      if (fields.billedRestoreDurationMs !== undefined) return;
      fields.billedRestoreDurationMs = value;
      break;
  }
  state.recognised += 1;
}

function setText(
  fields: ReportFields,
  key: 'status' | 'errorType' | 'xrayTraceId' | 'xraySegmentId',
  value: string,
): void {
  if (value.length === 0 || fields[key] !== undefined) return;
  fields[key] = value;
  state.recognised += 1;
}

type NumericKey =
  | 'durationMs'
  | 'billedDurationMs'
  | 'memorySizeMb'
  | 'maxMemoryUsedMb'
  | 'initDurationMs'
  | 'restoreDurationMs'
  | 'billedRestoreDurationMs';
type TextKey = 'status' | 'errorType' | 'xrayTraceId' | 'xraySegmentId' | 'sampled' | 'requestId';

/** Whether `line` holds `literal` at `start`, compared in place: no slice to allocate for every key of every REPORT. */
export function matchesAt(line: string, start: number, literal: string): boolean {
  for (let index = literal.length - 1; index >= 0; index -= 1) {
    if (line.charCodeAt(start + index) !== literal.charCodeAt(index)) return false;
  }
  return true;
}

/** Which field the key text `line[start, end)` names: dispatched on its length and first character, then confirmed. */
function keyAt(line: string, start: number, end: number): NumericKey | TextKey | undefined {
  const first = line.charCodeAt(start);
  switch (end - start) {
    case 8:
      return first === 68 && matchesAt(line, start, 'Duration') ? 'durationMs' : undefined;
    case 15:
      if (first === 66) return matchesAt(line, start, 'Billed Duration') ? 'billedDurationMs' : undefined;
      return first === 77 && matchesAt(line, start, 'Max Memory Used') ? 'maxMemoryUsedMb' : undefined;
    case 11:
      return first === 77 && matchesAt(line, start, 'Memory Size') ? 'memorySizeMb' : undefined;
    case 13:
      return first === 73 && matchesAt(line, start, 'Init Duration') ? 'initDurationMs' : undefined;
    case 16:
      return first === 82 && matchesAt(line, start, 'Restore Duration') ? 'restoreDurationMs' : undefined;
    case 23:
      return first === 66 && matchesAt(line, start, 'Billed Restore Duration') ? 'billedRestoreDurationMs' : undefined;
    case 6:
      return first === 83 && matchesAt(line, start, 'Status') ? 'status' : undefined;
    case 10:
      return first === 69 && matchesAt(line, start, 'Error Type') ? 'errorType' : undefined;
    case 12:
      return first === 88 && matchesAt(line, start, 'XRAY TraceId') ? 'xrayTraceId' : undefined;
    case 9:
      if (first === 82) return matchesAt(line, start, 'RequestId') ? 'requestId' : undefined;
      return first === 83 && matchesAt(line, start, 'SegmentId') ? 'xraySegmentId' : undefined;
    case 7:
      return first === 83 && matchesAt(line, start, 'Sampled') ? 'sampled' : undefined;
    default:
      return undefined;
  }
}

export interface ReportScan {
  /** The `RequestId:` value, when the text had a usable one. */
  readonly requestId: string | undefined;
  readonly sawRequestIdKey: boolean;
  /** How many fields were read. */
  readonly recognised: number;
}

/**
 * Reads `Key: value [unit]` pairs from `line` starting at `start` into `fields`, in any order, separated by TABs or
 * any run of spaces, with or without a trailing TAB. Unknown keys are stepped over; the scan stops at text that is no
 * `Key:` pair. One pass over the characters, no regular expression: it runs on every REPORT.
 */
export function scanReportFields(line: string, start: number, fields: ReportFields): ReportScan {
  state.requestId = undefined;
  state.sawRequestIdKey = false;
  state.recognised = 0;
  let position = skipWhitespace(line, start);
  while (position < line.length) {
    const colon = line.indexOf(':', position);
    if (colon === -1) break;
    let keyEnd = colon;
    while (keyEnd > position && isWhitespace(line.charCodeAt(keyEnd - 1))) keyEnd -= 1;
    const key = keyAt(line, position, keyEnd);
    const valueStart = skipWhitespace(line, colon + 1);
    if (key === undefined) {
      // An unknown `Key: value` (a field Lambda may add) is stepped over; prose with a colon ends the list.
      const tab = line.indexOf('\t', position);
      if (keyEnd - position > 30 || keyEnd === position || (tab !== -1 && tab < keyEnd)) break;
      position = skipWhitespace(line, skipUnit(line, wordEnd(line, valueStart)));
      continue;
    }
    switch (key) {
      case 'requestId': {
        state.sawRequestIdKey = true;
        const end = wordEnd(line, valueStart);
        const token = line.slice(valueStart, end);
        const innerColon = token.indexOf(':');
        if (innerColon === -1) {
          if (isUsableRequestId(token)) state.requestId = token;
          position = skipWhitespace(line, end);
        } else {
          // `RequestId:*Duration: …`: the id was redacted away and the next key is glued to it.
          let letter = valueStart;
          while (letter < end && ((line.charCodeAt(letter) | 32) < 97 || (line.charCodeAt(letter) | 32) > 122)) {
            letter += 1;
          }
          position = letter;
        }
        break;
      }
      case 'status':
      case 'errorType':
      case 'xrayTraceId':
      case 'xraySegmentId': {
        const end = wordEnd(line, valueStart);
        setText(fields, key, line.slice(valueStart, end));
        position = skipWhitespace(line, end);
        break;
      }
      case 'sampled': {
        const end = wordEnd(line, valueStart);
        if (fields.xraySampled === undefined && end > valueStart) {
          fields.xraySampled = line.startsWith('true', valueStart);
          state.recognised += 1;
        }
        position = skipWhitespace(line, end);
        break;
      }
      default: {
        setNumber(fields, key, readDecimal(line, valueStart));
        position = skipWhitespace(line, skipUnit(line, wordEnd(line, state.position)));
        break;
      }
    }
  }
  return state;
}

/** Empties `fields` for reuse: every field present and undefined, the shape `createReportFields` gives. */
export function clearReportFields(fields: ReportFields): void {
  fields.durationMs = undefined;
  fields.billedDurationMs = undefined;
  fields.memorySizeMb = undefined;
  fields.maxMemoryUsedMb = undefined;
  fields.initDurationMs = undefined;
  fields.restoreDurationMs = undefined;
  fields.billedRestoreDurationMs = undefined;
  fields.status = undefined;
  fields.errorType = undefined;
  fields.xrayTraceId = undefined;
  fields.xraySegmentId = undefined;
  fields.xraySampled = undefined;
}

/** An empty ReportFields with every field present (undefined), so all of them share one shape (one hidden class). */
export function createReportFields(): ReportFields {
  return {
    durationMs: undefined,
    billedDurationMs: undefined,
    memorySizeMb: undefined,
    maxMemoryUsedMb: undefined,
    initDurationMs: undefined,
    restoreDurationMs: undefined,
    billedRestoreDurationMs: undefined,
    status: undefined,
    errorType: undefined,
    xrayTraceId: undefined,
    xraySegmentId: undefined,
    xraySampled: undefined,
  };
}
