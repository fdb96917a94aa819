import { isErrorLevel, mentionsOutOfMemory, toAppLevelAt } from './app-level.js';
import { matchesBytesAt, toAsciiBytes } from './byte-text.js';
import { parseJsonLine } from './json-line.js';
import { fieldEnd, isBlank, skipBlanks } from './line-scan.js';
import type { AppLevel, AppLine, EmfLine, TimeoutLine } from './parsed-line.js';
import { parseTimeoutText } from './timeout-text.js';

/** Lambda request ids are UUIDs; documentation copies shorten them or replace hex with `xmpl`. */
export function looksLikeRequestId(line: string, start: number, end: number): boolean {
  const length = end - start;
  if (length < 8 || length > 64) return false;
  let digits = 0;
  for (let index = start; index < end; index += 1) {
    const code = line.charCodeAt(index);
    if (code >= 48 && code <= 57) digits += 1;
    else if (!(code === 45 || ((code | 32) >= 97 && (code | 32) <= 122))) return false;
  }
  return digits > 0;
}

export function createAppLine(requestId: string | undefined, level: AppLevel | undefined, line: string): AppLine {
  return {
    kind: 'app',
    requestId,
    level,
    coldStart: undefined,
    xrayTraceId: undefined,
    functionName: undefined,
    initType: undefined,
    proactiveInit: undefined,
    sdkKind: undefined,
    outOfMemory: (level === undefined || isErrorLevel(level)) && mentionsOutOfMemory(line),
  };
}

/**
 * The Node.js runtime's text lines, `<ISO time>\t<requestId>\t<LEVEL>\t<message>` (older runtimes omit the level,
 * copies turn TABs into spaces), and the timeout line `<ISO time> <requestId> Task timed out after 3.00 seconds`.
 * `start` points at the timestamp. Undefined when the second field is no request id.
 */
/** A UUID-shaped request id at `start` followed by whitespace: the common case, checked without a loop. */
function isUuidAt(line: string, start: number): boolean {
  return (
    line.charCodeAt(start + 8) === 45 &&
    line.charCodeAt(start + 13) === 45 &&
    line.charCodeAt(start + 18) === 45 &&
    line.charCodeAt(start + 23) === 45 &&
    isBlank(line.charCodeAt(start + 36))
  );
}

export function parseTimestampedLine(line: string, start = 0): AppLine | EmfLine | TimeoutLine | undefined {
  // The runtime's timestamp is always 24 characters (`2024-11-29T02:10:03.161Z`); copies may differ.
  const timeEnd =
    line.charCodeAt(start + 23) === 90 && isBlank(line.charCodeAt(start + 24)) ? start + 24 : fieldEnd(line, start);
  const idStart = skipBlanks(line, timeEnd);
  const uuid = isUuidAt(line, idStart);
  const idEnd = uuid ? idStart + 36 : fieldEnd(line, idStart);
  // Init-phase lines carry the literal `undefined` where the request id goes.
  const isInitPhase = !uuid && idEnd - idStart === 9 && line.startsWith('undefined', idStart);
  if (!uuid && !isInitPhase && !looksLikeRequestId(line, idStart, idEnd))
    return parseTimeoutText(line, idStart, undefined);
  const requestId = isInitPhase ? undefined : line.slice(idStart, idEnd);
  const timeout = parseTimeoutText(line, idEnd, requestId);
  if (timeout !== undefined) return timeout;
  const levelStart = skipBlanks(line, idEnd);
  const levelEnd = fieldEnd(line, levelStart);
  const level = toAppLevelAt(line, levelStart, levelEnd);
  const messageStart = skipBlanks(line, levelEnd);
  if (line.startsWith('{"_aws"', messageStart)) {
    // An EMF document printed through console.log: the runtime's prefix names the request.
    const emf = parseJsonLine(line.slice(messageStart));
    if (emf?.kind === 'emf') return { ...emf, requestId: emf.requestId ?? requestId };
  }
  return createAppLine(requestId, level, line);
}

const EMF_START = toAsciiBytes('{"_aws"');
/** The level words that mark nothing (upper case, as the runtimes write them): `toAppLevelAt` reads them as such. */
const INFO = toAsciiBytes('INFO');
const WARN = toAsciiBytes('WARN');
const DEBUG = toAsciiBytes('DEBUG');
const TRACE = toAsciiBytes('TRACE');
const WARNING = toAsciiBytes('WARNING');

function isQuietLevelAt(bytes: Uint8Array, start: number, end: number): boolean {
  switch (end - start) {
    case 4:
      return matchesBytesAt(bytes, start, INFO, end) || matchesBytesAt(bytes, start, WARN, end);
    case 5:
      return matchesBytesAt(bytes, start, DEBUG, end) || matchesBytesAt(bytes, start, TRACE, end);
    case 7:
      return matchesBytesAt(bytes, start, WARNING, end);
    default:
      return false;
  }
}

function skipSpacesInBytes(bytes: Uint8Array, position: number, to: number): number {
  let index = position;
  while (index < to && isBlank(bytes[index] ?? 0)) index += 1;
  return index;
}

/**
 * Whether the ASCII bytes `bytes[start, to)` are a Node runtime line that `parseLine` reads as an application line
 * naming its request (a UUID) at TRACE, DEBUG, INFO or WARN that is no timeout and no EMF document: a line that marks
 * nothing, which the byte lane only counts. The common layout only (`<24-character time> <uuid> <LEVEL> …`); any other
 * line returns false and goes to parseLine. Mirrors `parseLine` and `parseTimestampedLine` (a property test compares).
 */
export function isQuietAppLineBytes(bytes: Uint8Array, start: number, to: number): boolean {
  const first = bytes[start] ?? 0;
  if (first < 48 || first > 57 || bytes[start + 4] !== 45 || bytes[start + 10] !== 84) return false;
  if (start + 24 >= to || bytes[start + 23] !== 90 || !isBlank(bytes[start + 24] ?? 0)) return false;
  const idStart = skipSpacesInBytes(bytes, start + 24, to);
  const idEnd = idStart + 36;
  if (
    idEnd >= to ||
    bytes[idStart + 8] !== 45 ||
    bytes[idStart + 13] !== 45 ||
    bytes[idStart + 18] !== 45 ||
    bytes[idStart + 23] !== 45 ||
    !isBlank(bytes[idEnd] ?? 0)
  ) {
    return false;
  }
  // A level word cannot be `Task timed out after`, so a quiet level also rules the timeout line out.
  const levelStart = skipSpacesInBytes(bytes, idEnd, to);
  let levelEnd = levelStart;
  while (levelEnd < to && !isBlank(bytes[levelEnd] ?? 0)) levelEnd += 1;
  return (
    isQuietLevelAt(bytes, levelStart, levelEnd) &&
    !matchesBytesAt(bytes, skipSpacesInBytes(bytes, levelEnd, to), EMF_START, to)
  );
}

/**
 * The Python runtime's text lines, `[INFO]\t<ISO time>\t<requestId>\t<message>`, and its init errors
 * (`[ERROR] Runtime.ImportModuleError: …`, no time or id). `start` points at the `[`.
 */
export function parseBracketedLine(line: string, start = 0): AppLine | undefined {
  const close = line.indexOf(']', start + 1);
  if (close === -1 || close - start > 10) return undefined;
  const level = toAppLevelAt(line, start + 1, close);
  if (level === undefined) return undefined;
  const timeStart = skipBlanks(line, close + 1);
  const timeEnd = fieldEnd(line, timeStart);
  const isTime = line.charCodeAt(timeStart + 4) === 45 && line.charCodeAt(timeStart + 10) === 84;
  if (!isTime) return createAppLine(undefined, level, line);
  const idStart = skipBlanks(line, timeEnd);
  const idEnd = fieldEnd(line, idStart);
  const requestId = looksLikeRequestId(line, idStart, idEnd) ? line.slice(idStart, idEnd) : undefined;
  return createAppLine(requestId, level, line);
}

/** `<requestId> <LEVEL> <message>`: a Node line copied without its timestamp (blog posts, some consoles). */
export function parseIdFirstLine(line: string, start = 0): AppLine | undefined {
  const idEnd = fieldEnd(line, start);
  if (!looksLikeRequestId(line, start, idEnd)) return undefined;
  const levelStart = skipBlanks(line, idEnd);
  const level = toAppLevelAt(line, levelStart, fieldEnd(line, levelStart));
  if (level === undefined) return undefined;
  return createAppLine(line.slice(start, idEnd), level, line);
}
