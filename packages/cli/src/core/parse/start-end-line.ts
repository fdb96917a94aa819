import type { EndLine, MalformedLine, StartLine } from './parsed-line.js';
import { matchesAt } from './report-fields.js';

const REQUEST_ID_KEY = 'RequestId:';

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 13;
}

/** The token after `RequestId:` at or after `from`, or undefined. */
function requestIdAfter(line: string, from: number): string | undefined {
  const key = line.indexOf(REQUEST_ID_KEY, from);
  if (key === -1) return undefined;
  let start = key + REQUEST_ID_KEY.length;
  while (start < line.length && isSpace(line.charCodeAt(start))) start += 1;
  let end = start;
  while (end < line.length && !isSpace(line.charCodeAt(end))) end += 1;
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
    (after === line.length || isSpace(line.charCodeAt(after)))
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
      while (versionEnd < line.length && !isSpace(line.charCodeAt(versionEnd))) versionEnd += 1;
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
    while (from < line.length && isSpace(line.charCodeAt(from))) from += 1;
    let to = from;
    while (to < line.length && !isSpace(line.charCodeAt(to))) to += 1;
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
    while (idEnd < line.length && !isSpace(line.charCodeAt(idEnd))) idEnd += 1;
    if (idEnd > idStart) return { kind: 'end', requestId: line.slice(idStart, idEnd) };
  }
  const requestId = requestIdAfter(line, start + 3);
  if (requestId === undefined) return { kind: 'malformed', reason: 'END without a request id' };
  return { kind: 'end', requestId };
}

export { requestIdAfter };
