import type { LogEvent } from '../core/log-event.js';
import { parseIsoTimeMs } from '../core/time/iso-time.js';

/**
 * One line of a JSON-lines input, `{logGroup?, logStream?, timestamp?, eventId?, message}` (`logGroupName`,
 * `logStreamName` and `ingestionTime` as CloudWatch names them too). A line that is no such object goes on as a raw
 * message; the parser counts it.
 */
export function toEventFromJson(line: string): LogEvent {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    // A line that is not JSON in a JSON-lines input: its text goes on as a raw message.
    return { message: line };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { message: line };
  const object = value as Record<string, unknown>;
  if (typeof object.message !== 'string') return { message: line };
  const text = (key: string): string | undefined => {
    const field = object[key];
    return typeof field === 'string' && field.length > 0 ? field : undefined;
  };
  const time = object.timestamp;
  const timestampMs = typeof time === 'number' ? time : typeof time === 'string' ? parseIsoTimeMs(time) : undefined;
  const ingestion = object.ingestionTime;
  return {
    message: object.message,
    logGroup: text('logGroup') ?? text('logGroupName'),
    logStream: text('logStream') ?? text('logStreamName'),
    timestampMs,
    eventId: text('eventId'),
    ingestionTimeMs: typeof ingestion === 'number' ? ingestion : undefined,
  };
}
