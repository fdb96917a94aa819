import type { LogEvent } from '../core/log-event.js';
import { parseIsoTimeMs } from '../core/time/iso-time.js';
import type { InputFormat } from './input-format.js';
import { isTailShortLine, samMessageStart } from './input-format.js';
import { TailPrefixReader } from './tail-prefix.js';

/**
 * Turns the lines of one input into LogEvents, joining the prefix-less lines of multi-line messages to their event.
 * Lines arrive as ranges of a decoded chunk, `text[from, to)`, so formats that strip a prefix copy nothing twice.
 */
export interface LineEventDecoder {
  /** Appends the events the line `text[from, to)` completes to `into`. */
  decodeLine(text: string, from: number, to: number, into: LogEvent[]): void;
  /** The event still open at the end of input, if any. */
  end(into: LogEvent[]): void;
}

interface OpenEvent {
  message: string;
  logStream: string | undefined;
  timestampMs: number | undefined;
}

function toEventFromJson(line: string): LogEvent {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    // A line that is not JSON in a JSON-lines input: its text goes on as a raw message (the parser counts it).
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

/** A LineEventDecoder for one of the line-based formats (everything but `filter-log-events`). */
export function createLineEventDecoder(format: Exclude<InputFormat, 'filter-log-events'>): LineEventDecoder {
  switch (format) {
    case 'raw':
      return {
        decodeLine(text, from, to, into) {
          into.push({ message: text.slice(from, to) });
        },
        end() {},
      };
    case 'json-lines':
      return {
        decodeLine(text, from, to, into) {
          if (to > from) into.push(toEventFromJson(text.slice(from, to)));
        },
        end() {},
      };
    default:
      return createPrefixedDecoder(format);
  }
}

/** The `aws logs tail` and `sam logs` formats: a prefix per event, continuation lines without one. */
function createPrefixedDecoder(format: 'tail-detailed' | 'tail-short' | 'sam'): LineEventDecoder {
  let open: OpenEvent | undefined;
  const prefix = new TailPrefixReader();
  const split = (text: string, from: number, to: number): OpenEvent | undefined => {
    if (format === 'tail-detailed') {
      if (!prefix.read(text, from, to)) return undefined;
      return {
        message: text.slice(prefix.messageStart, to),
        logStream: prefix.logStream,
        timestampMs: prefix.timestampMs,
      };
    }
    const line = text.slice(from, to);
    if (format === 'tail-short') {
      if (!isTailShortLine(line)) return undefined;
      return { message: line.slice(20), logStream: undefined, timestampMs: parseIsoTimeMs(line, 0) };
    }
    const messageStart = samMessageStart(line);
    if (messageStart === -1) return undefined;
    const streamEnd = line.indexOf(' ');
    return {
      message: line.slice(messageStart),
      logStream: line.slice(0, streamEnd),
      timestampMs: parseIsoTimeMs(line, streamEnd + 1),
    };
  };
  return {
    decodeLine(text, from, to, into) {
      const event = split(text, from, to);
      if (event !== undefined) {
        if (open !== undefined) into.push(open);
        open = event;
      } else if (open !== undefined) {
        // The CLI prints a message's embedded newlines as they are: this line belongs to the previous event.
        open.message = `${open.message}\n${text.slice(from, to)}`;
      } else if (to > from) {
        into.push({ message: text.slice(from, to) });
      }
    },
    end(into) {
      if (open !== undefined) into.push(open);
      open = undefined;
    },
  };
}
