import type { TimeoutLine } from './parsed-line.js';

const TIMED_OUT = 'Task timed out after';

/**
 * `Task timed out after 3.00 seconds` at or after `from` (skipping spaces), attributed to `requestId`.
 * Undefined when the text there is something else.
 */
export function parseTimeoutText(line: string, from: number, requestId: string | undefined): TimeoutLine | undefined {
  let start = from;
  while (start < line.length && (line.charCodeAt(start) === 32 || line.charCodeAt(start) === 9)) start += 1;
  if (!line.startsWith(TIMED_OUT, start)) return undefined;
  const seconds = Number.parseFloat(line.slice(start + TIMED_OUT.length, start + TIMED_OUT.length + 16));
  return {
    kind: 'timeout',
    requestId,
    timeoutMs: Number.isFinite(seconds) ? Math.round(seconds * 1000) : undefined,
  };
}
