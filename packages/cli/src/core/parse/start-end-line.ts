import { matchesBytesAt, toAsciiBytes } from './byte-text.js';
import { isBlank } from './line-scan.js';
import type { EndLine, MalformedLine, StartLine } from './parsed-line.js';
import { matchesAt } from './report-fields.js';

const REQUEST_ID_KEY = 'RequestId:';

/** The token after `RequestId:` at or after `from`, or undefined. */
function requestIdAfter(line: string, from: number): string | undefined {
  const key = line.indexOf(REQUEST_ID_KEY, from);
  if (key === -1) return undefined;
  let start = key + REQUEST_ID_KEY.length;
  while (start < line.length && isBlank(line.charCodeAt(start))) start += 1;
  let end = start;
  while (end < line.length && !isBlank(line.charCodeAt(end))) end += 1;
  return end > start ? line.slice(start, end) : undefined;
}

/** A UUID-shaped id at `start`, ending at the end of the line or before whitespace: skips the token scan. */
function isUuidEndingAt(line: string, start: number): boolean {
  const after = start + 36;
  return (
    line.charCodeAt(start + 8) === 45 &&
    line.charCodeAt(start + 13) === 45 &&
    line.charCodeAt(start + 18) === 45 &&
    line.charCodeAt(start + 23) === 45 &&
    (after === line.length || isBlank(line.charCodeAt(after)))
  );
}

const START_PREFIX = 'START RequestId: ';
const VERSION_KEY = ' Version: ';

/** `START RequestId: <id> Version: $LATEST` starting at `start`. */
export function parseStartLine(line: string, start = 0): StartLine | MalformedLine {
  // The exact shape Lambda writes, read at fixed offsets; anything else takes the tolerant path below.
  if (matchesAt(line, start, START_PREFIX)) {
    const idStart = start + START_PREFIX.length;
    const idEnd = isUuidEndingAt(line, idStart) ? idStart + 36 : line.indexOf(' ', idStart);
    if (idEnd > idStart && matchesAt(line, idEnd, VERSION_KEY) && line.charCodeAt(idEnd - 1) !== 9) {
      const versionStart = idEnd + VERSION_KEY.length;
      let versionEnd = versionStart;
      while (versionEnd < line.length && !isBlank(line.charCodeAt(versionEnd))) versionEnd += 1;
      return {
        kind: 'start',
        requestId: line.slice(idStart, idEnd),
        version: versionEnd > versionStart ? line.slice(versionStart, versionEnd) : undefined,
        timeMs: undefined,
        xrayTraceId: undefined,
      };
    }
  }
  const requestId = requestIdAfter(line, start + 5);
  if (requestId === undefined) return { kind: 'malformed', reason: 'START without a request id' };
  const versionKey = line.indexOf('Version:', start + 5);
  let version: string | undefined;
  if (versionKey !== -1) {
    let from = versionKey + 8;
    while (from < line.length && isBlank(line.charCodeAt(from))) from += 1;
    let to = from;
    while (to < line.length && !isBlank(line.charCodeAt(to))) to += 1;
    if (to > from) version = line.slice(from, to);
  }
  return { kind: 'start', requestId, version, timeMs: undefined, xrayTraceId: undefined };
}

const END_PREFIX = 'END RequestId: ';

/** `END RequestId: <id>` starting at `start`. */
export function parseEndLine(line: string, start = 0): EndLine | MalformedLine {
  if (matchesAt(line, start, END_PREFIX)) {
    const idStart = start + END_PREFIX.length;
    let idEnd = isUuidEndingAt(line, idStart) ? idStart + 36 : idStart;
    while (idEnd < line.length && !isBlank(line.charCodeAt(idEnd))) idEnd += 1;
    if (idEnd > idStart) return { kind: 'end', requestId: line.slice(idStart, idEnd) };
  }
  const requestId = requestIdAfter(line, start + 3);
  if (requestId === undefined) return { kind: 'malformed', reason: 'END without a request id' };
  return { kind: 'end', requestId };
}

const START_PREFIX_BYTES = toAsciiBytes(START_PREFIX);
const VERSION_KEY_BYTES = toAsciiBytes(VERSION_KEY);
const END_PREFIX_BYTES = toAsciiBytes(END_PREFIX);

/** Where the last successful `scanStartBytes` or `scanEndBytes` found the request id and the version. */
export interface PlatformLineSpans {
  idStart: number;
  idEnd: number;
  /** `versionStart === versionEnd`: no version. */
  versionStart: number;
  versionEnd: number;
}

export const platformLineSpans: PlatformLineSpans = { idStart: 0, idEnd: 0, versionStart: 0, versionEnd: 0 };

function isUuidEndingInBytes(bytes: Uint8Array, start: number, to: number): boolean {
  const after = start + 36;
  return (
    after <= to &&
    bytes[start + 8] === 45 &&
    bytes[start + 13] === 45 &&
    bytes[start + 18] === 45 &&
    bytes[start + 23] === 45 &&
    (after === to || isBlank(bytes[after] ?? 0))
  );
}

/**
 * The canonical path of `parseStartLine` over the ASCII bytes `bytes[start, to)`, the same rule (a property test
 * compares them): true when the line is `START RequestId: <id> Version: <version>` as Lambda writes it, with the
 * spans in `platformLineSpans`. False sends the line to parseLine.
 */
export function scanStartBytes(bytes: Uint8Array, start: number, to: number): boolean {
  if (!matchesBytesAt(bytes, start, START_PREFIX_BYTES, to)) return false;
  const idStart = start + START_PREFIX.length;
  let idEnd = -1;
  if (isUuidEndingInBytes(bytes, idStart, to)) idEnd = idStart + 36;
  else {
    for (let index = idStart; index < to; index += 1) {
      if (bytes[index] === 32) {
        idEnd = index;
        break;
      }
    }
  }
  if (!(idEnd > idStart && matchesBytesAt(bytes, idEnd, VERSION_KEY_BYTES, to) && bytes[idEnd - 1] !== 9)) {
    return false;
  }
  const versionStart = idEnd + VERSION_KEY.length;
  let versionEnd = versionStart;
  while (versionEnd < to && !isBlank(bytes[versionEnd] ?? 0)) versionEnd += 1;
  platformLineSpans.idStart = idStart;
  platformLineSpans.idEnd = idEnd;
  platformLineSpans.versionStart = versionStart;
  platformLineSpans.versionEnd = versionEnd;
  return true;
}

/** The canonical path of `parseEndLine` over the ASCII bytes `bytes[start, to)`, like `scanStartBytes`. */
export function scanEndBytes(bytes: Uint8Array, start: number, to: number): boolean {
  if (!matchesBytesAt(bytes, start, END_PREFIX_BYTES, to)) return false;
  const idStart = start + END_PREFIX.length;
  let idEnd = isUuidEndingInBytes(bytes, idStart, to) ? idStart + 36 : idStart;
  while (idEnd < to && !isBlank(bytes[idEnd] ?? 0)) idEnd += 1;
  if (idEnd <= idStart) return false;
  platformLineSpans.idStart = idStart;
  platformLineSpans.idEnd = idEnd;
  platformLineSpans.versionStart = idEnd;
  platformLineSpans.versionEnd = idEnd;
  return true;
}

export { requestIdAfter };
