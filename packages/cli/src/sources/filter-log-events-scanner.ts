import type { LogEvent } from '../core/log-event.js';

const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const QUOTE = 34;
const BACKSLASH = 92;

/** Reads the `events` array of `aws logs filter-log-events` JSON output chunk by chunk. */
export interface FilterLogEventsScanner {
  /** Feeds the next piece of text; returns the events it completed. */
  push(text: string): LogEvent[];
  /** Whether the input ended inside a document (truncated). */
  isInsideDocument(): boolean;
  /** Event objects that were not usable (no string `message`, or not JSON). */
  readonly rejected: number;
}

function toEvent(object: Record<string, unknown>): LogEvent | undefined {
  if (typeof object.message !== 'string') return undefined;
  const text = (key: string): string | undefined => {
    const value = object[key];
    return typeof value === 'string' && value.length > 0 ? value : undefined;
  };
  const number = (key: string): number | undefined => {
    const value = object[key];
    return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  };
  return {
    message: object.message,
    logGroup: text('logGroupName') ?? text('logGroup'),
    logStream: text('logStreamName') ?? text('logStream'),
    timestampMs: number('timestamp'),
    eventId: text('eventId'),
    ingestionTimeMs: number('ingestionTime'),
  };
}

/**
 * A streaming reader of `{"events": [{…}, …], …}` documents (several concatenated pages too): it keeps only the text of
 * the event object being read, so a file of any size costs about one event of memory beyond its chunk. String-aware
 * (braces inside messages do not count), escape-aware across chunk boundaries.
 */
export function createFilterLogEventsScanner(): FilterLogEventsScanner {
  let buffer = '';
  let position = 0;
  let depth = 0;
  let inString = false;
  let stringStart = -1;
  let lastKey: string | undefined;
  let inEvents = false;
  let eventsDepth = -1;
  let objectStart = -1;
  let rejected = 0;

  function scan(out: LogEvent[]): void {
    const text = buffer;
    const length = text.length;
    let index = position;
    while (index < length) {
      if (inString) {
        // Jump to the next quote; it closes the string unless an odd run of backslashes precedes it.
        let quote = text.indexOf('"', index);
        while (quote !== -1) {
          let slashes = 0;
          while (quote - 1 - slashes >= 0 && text.charCodeAt(quote - 1 - slashes) === BACKSLASH) slashes += 1;
          if (slashes % 2 === 0) break;
          quote = text.indexOf('"', quote + 1);
        }
        if (quote === -1) {
          index = length;
          break;
        }
        inString = false;
        if (depth === 1 && quote - stringStart < 64) lastKey = text.slice(stringStart + 1, quote);
        index = quote + 1;
        continue;
      }
      const code = text.charCodeAt(index);
      if (code === QUOTE) {
        inString = true;
        stringStart = index;
      } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
        if (code === OPEN_BRACKET && depth === 1 && lastKey === 'events') {
          inEvents = true;
          eventsDepth = depth + 1;
        } else if (code === OPEN_BRACE && inEvents && depth === eventsDepth) {
          objectStart = index;
        }
        depth += 1;
      } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
        depth -= 1;
        if (code === CLOSE_BRACE && inEvents && depth === eventsDepth && objectStart !== -1) {
          const objectText = text.slice(objectStart, index + 1);
          objectStart = -1;
          let value: unknown;
          try {
            value = JSON.parse(objectText);
          } catch {
            // A broken event object: counted, the rest of the document still reads.
            value = undefined;
          }
          const event =
            typeof value === 'object' && value !== null ? toEvent(value as Record<string, unknown>) : undefined;
          if (event === undefined) rejected += 1;
          else out.push(event);
        } else if (code === CLOSE_BRACKET && inEvents && depth === eventsDepth - 1) {
          inEvents = false;
        }
        if (depth <= 0) {
          depth = 0;
          lastKey = undefined;
          inEvents = false;
        }
      }
      index += 1;
    }
    // Keep only what a later chunk still needs: the event object being read, or the key string being read.
    let trailingSlashes = 0;
    while (trailingSlashes < length && text.charCodeAt(length - 1 - trailingSlashes) === BACKSLASH)
      trailingSlashes += 1;
    const keepFrom =
      objectStart !== -1 ? objectStart : inString ? (depth === 1 ? stringStart : length - trailingSlashes) : length;
    buffer = text.slice(keepFrom);
    position = index - keepFrom;
    if (objectStart !== -1) objectStart -= keepFrom;
    if (inString) stringStart -= keepFrom;
  }

  return {
    push(text) {
      const out: LogEvent[] = [];
      buffer = buffer.length === 0 ? text : buffer + text;
      scan(out);
      return out;
    },
    isInsideDocument: () => depth > 0,
    get rejected() {
      return rejected;
    },
  };
}
