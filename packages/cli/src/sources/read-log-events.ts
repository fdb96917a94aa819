import { isAscii } from 'node:buffer';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { LogEvent } from '../core/log-event.js';
import { createFilterLogEventsScanner } from './filter-log-events-scanner.js';
import { detectInputFormat, type InputFormat } from './input-format.js';
import { createLineEventDecoder, type LineEventDecoder } from './line-events.js';
import type { LogEventSource } from './log-event-source.js';
import { readBytes } from './open-input.js';

export interface ReadLogEventsOptions {
  /** Skips detection. */
  readonly format?: InputFormat | undefined;
  /** Called once with the format detected (or given). */
  readonly onFormat?: ((format: InputFormat) => void) | undefined;
  /** Problems with the input that do not stop the reading (a truncated document, unusable event objects). */
  readonly onWarning?: ((message: string) => void) | undefined;
}

/** Detection waits for this much text (or the end of input) so a pipe's first tiny chunk does not decide alone. */
const DETECTION_SAMPLE_CHARS = 16_384;

/**
 * Cuts decoded text into lines across chunk boundaries and hands each to `onLine` as a range of its chunk, without
 * copying; a trailing `\r` is dropped (CRLF files).
 */
function createLineSplitter(onLine: (text: string, from: number, to: number) => void): {
  push(text: string): void;
  end(): void;
} {
  let carry = '';
  const emit = (text: string, from: number, newline: number): void =>
    onLine(text, from, newline > from && text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline);
  return {
    push(text) {
      let newline = text.indexOf('\n');
      if (newline === -1) {
        carry += text;
        return;
      }
      // Only the first line joins the carry: the chunk itself is never copied into a bigger string.
      if (carry.length === 0) emit(text, 0, newline);
      else {
        const first = carry + text.slice(0, newline);
        emit(first, 0, first.length);
      }
      carry = '';
      let from = newline + 1;
      for (;;) {
        newline = text.indexOf('\n', from);
        if (newline === -1) break;
        emit(text, from, newline);
        from = newline + 1;
      }
      carry = text.slice(from);
    },
    end() {
      if (carry.length > 0) emit(carry, 0, carry.length);
      carry = '';
    },
  };
}

/** ASCII chunks (the common case) skip UTF-8 decoding; a chunk can only be ASCII after a complete character. */
function decodeChunk(bytes: Buffer, decoder: StringDecoder): string {
  return isAscii(bytes) ? bytes.toString('latin1') : decoder.write(bytes);
}

/**
 * The log events in one file or pipe, in batches, whatever its format (detected from its start): raw lines,
 * `aws logs tail` or `sam logs` output, JSON lines, or filter-log-events JSON; gzip or not. Streams: memory stays at
 * about one chunk however large the input.
 */
export async function* readLogEvents(
  input: Readable,
  label: string,
  options: ReadLogEventsOptions = {},
): LogEventSource {
  const decoder = new StringDecoder('utf8');
  let format = options.format;
  let lineDecoder: LineEventDecoder | undefined;
  let scanner: ReturnType<typeof createFilterLogEventsScanner> | undefined;
  let events: LogEvent[] = [];
  const splitter = createLineSplitter((text, from, to) => lineDecoder?.decodeLine(text, from, to, events));
  const start = (sample: string): void => {
    format ??= detectInputFormat(sample);
    options.onFormat?.(format);
    if (format === 'filter-log-events') scanner = createFilterLogEventsScanner();
    else lineDecoder = createLineEventDecoder(format);
  };
  const decodeText = (text: string): LogEvent[] => {
    if (scanner !== undefined) return scanner.push(text);
    splitter.push(text);
    const batch = events;
    events = [];
    return batch;
  };
  let sample = '';
  let started = false;
  for await (const bytes of readBytes(input, label)) {
    let text = decodeChunk(bytes, decoder);
    if (!started) {
      sample += text;
      if (sample.length < DETECTION_SAMPLE_CHARS) continue;
      started = true;
      start(sample);
      text = sample;
      sample = '';
    }
    const batch = decodeText(text);
    if (batch.length > 0) yield batch;
  }
  let tail = decoder.end();
  if (!started) {
    tail = sample + tail;
    if (tail.length === 0) return;
    start(tail);
  }
  const last = tail.length > 0 ? decodeText(tail) : [];
  if (lineDecoder !== undefined) {
    events = last;
    splitter.end();
    lineDecoder.end(last);
  }
  if (last.length > 0) yield last;
  if (scanner?.isInsideDocument() === true) {
    options.onWarning?.(
      `${label}: the filter-log-events JSON document ends early (truncated?); read what was complete`,
    );
  }
  if (scanner !== undefined && scanner.rejected > 0) {
    options.onWarning?.(`${label}: ${scanner.rejected} event objects without a message were skipped`);
  }
}
