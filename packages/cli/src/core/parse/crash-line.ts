import type { CrashLine, TimeoutLine, UnknownLine } from './parsed-line.js';
import { UNKNOWN_LINE } from './parsed-line.js';
import { requestIdAfter } from './start-end-line.js';
import { parseTimeoutText } from './timeout-text.js';

/** Exit 137 is 128 + SIGKILL: how Lambda enforced the memory limit before `Runtime.OutOfMemory` existed. */
const KILLED = /signal: killed|exit status 137/;

/**
 * Lines that start with `RequestId:`: the runtime's crash report
 * (`RequestId: <id> Error: Runtime exited with error: signal: killed Runtime.ExitError`,
 * `… Runtime exited without providing a reason`, `… Process exited before completing request`)
 * and, on old runtimes, `RequestId: <id> Task timed out after 3.00 seconds`.
 */
export function parseRequestIdLine(line: string, start = 0): CrashLine | TimeoutLine | UnknownLine {
  const requestId = requestIdAfter(line, start);
  const rest = requestId === undefined ? start : line.indexOf(requestId, start) + requestId.length;
  const timeout = parseTimeoutText(line, rest, requestId);
  if (timeout !== undefined) return timeout;
  if (line.includes('Error', rest) || line.includes('exited', rest)) {
    return { kind: 'crash', requestId, detail: line.slice(rest).trim(), killed: KILLED.test(line) };
  }
  return UNKNOWN_LINE;
}

/** `Runtime.ExitError` on a line of its own: the tail of a crash report whose first half came before. */
export function parseExitErrorLine(line: string, start = 0): CrashLine | undefined {
  if (!line.startsWith('Runtime.ExitError', start)) return undefined;
  return { kind: 'crash', requestId: undefined, detail: 'Runtime.ExitError', killed: false };
}
