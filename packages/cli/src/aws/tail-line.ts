import type { LogEvent } from '../core/log-event.js';
import { escapeControls } from '../core/report/printable.js';

export const TAIL_FORMATS = ['raw', 'json'] as const;
export type TailFormat = (typeof TAIL_FORMATS)[number];

/** `aws logs tail`'s detailed timestamp: Python's isoformat with microseconds, `2026-07-22T03:52:34.157000+00:00`. */
export function toTailTimestamp(timestampMs: number | undefined): string {
  if (timestampMs === undefined || !Number.isFinite(timestampMs)) return '-';
  return `${new Date(timestampMs).toISOString().slice(0, 23)}000+00:00`;
}

function isUnsafeControl(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a) || (code >= 0x7f && code <= 0x9f);
}

/**
 * For a terminal: control characters other than TAB and newline (the ESC of an escape sequence, BEL, CR) become a
 * visible `\xNN`, so a log line cannot retitle, clear or recolour the user's terminal. Pipes get the bytes as logged.
 */
export function toTerminalSafe(text: string): string {
  return escapeControls(text, isUnsafeControl);
}

/**
 * One event as a line. `raw` is `aws logs tail`'s detailed format (time, stream, message with trailing whitespace
 * trimmed; a message's own newlines kept), which `lambdatop report -` reads back. `json` is one object per line with
 * logGroup, logStream, timestamp (epoch ms), eventId, ingestionTime and message: what `lambdatop report -` reads
 * with every field, across several functions.
 */
export function formatTailLine(event: LogEvent, format: TailFormat, terminal: boolean): string {
  if (format === 'json') {
    return `${JSON.stringify({
      logGroup: event.logGroup ?? null,
      logStream: event.logStream ?? null,
      timestamp: event.timestampMs ?? null,
      eventId: event.eventId ?? null,
      ingestionTime: event.ingestionTimeMs ?? null,
      message: event.message,
    })}\n`;
  }
  const line = `${toTailTimestamp(event.timestampMs)} ${event.logStream ?? '-'} ${event.message.trimEnd()}`;
  return `${terminal ? toTerminalSafe(line) : line}\n`;
}
