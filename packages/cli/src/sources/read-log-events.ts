import { isAscii } from 'node:buffer';
import { availableParallelism } from 'node:os';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import {
  FLAG_ASCII,
  FLAG_CARRIED,
  FLAG_TIMED,
  FLOAT_TIME,
  FLOATS_PER_LINE,
  INT_FROM,
  INT_MESSAGE,
  INT_TO,
  INTS_PER_LINE,
} from '../core/join/line-tape.js';
import { type LineFormat, type LogFrameSink, toOfferBatch } from '../core/join/log-frames.js';
import type { LogEvent } from '../core/log-event.js';
import { decodeBytes } from '../core/parse/byte-text.js';
import { type ByteLineHandler, ByteLineSplitter } from './byte-lines.js';
import { ChunkPool } from './chunk-pool.js';
import { EventFramer } from './event-framer.js';
import { createFilterLogEventsScanner } from './filter-log-events-scanner.js';
import { detectInputFormat, type InputFormat } from './input-format.js';
import { toEventFromJson } from './json-line-event.js';
import { LineTapeWriter } from './line-tape-writer.js';
import type { LogEventSource } from './log-event-source.js';
import { CHUNK_BYTES, readBytes } from './open-input.js';
import { TapePipeline } from './tape-pipeline.js';

export interface ReadLogEventsOptions {
  /** Skips detection. */
  readonly format?: InputFormat | undefined;
  /** Called once with the format detected (or given). */
  readonly onFormat?: ((format: InputFormat) => void) | undefined;
  /** Problems with the input that do not stop the reading (a truncated document, unusable event objects). */
  readonly onWarning?: ((message: string) => void) | undefined;
  /**
   * When a consumer takes the byte lane, split and read lines on a worker thread, so that work and the joining run on
   * two cores. The results are the same either way. Default: only with more than two cores, because V8's own garbage
   * collector and compiler threads keep a second core busy already (on a 2-core machine the worker measured slower).
   */
  readonly readerThread?: boolean | undefined;
}

/** Detection waits for this much text (or the end of input) so a pipe's first tiny chunk does not decide alone. */
const DETECTION_SAMPLE_CHARS = 16_384;

/** Whether `bytes` ends inside a UTF-8 character, which the decoder then holds until the next chunk. */
function endsInsideCharacter(bytes: Buffer): boolean {
  for (let back = 1; back <= Math.min(3, bytes.length); back += 1) {
    const byte = bytes[bytes.length - back] ?? 0;
    if (byte < 0x80) return false;
    if (byte >= 0xc0) return back < (byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2);
  }
  return false;
}

/** UTF-8 text from a stream of chunks; an ASCII chunk skips the decoder unless it holds part of a character. */
class ChunkDecoder {
  readonly #decoder = new StringDecoder('utf8');
  #holding = false;

  write(bytes: Buffer): string {
    if (!this.#holding && isAscii(bytes)) return bytes.toString('latin1');
    this.#holding = endsInsideCharacter(bytes);
    return this.#decoder.write(bytes);
  }

  end(): string {
    return this.#decoder.end();
  }
}

/** LogEvents from frames: what a line-based input yields to a consumer that does not read frames itself. */
function createEventAdapter(events: LogEvent[]): LogFrameSink {
  const add = (message: string, timestampMs: number | undefined, logStream: string | undefined): void => {
    events.push(
      timestampMs === undefined && logStream === undefined ? { message } : { message, logStream, timestampMs },
    );
  };
  return {
    lineEvent(tape, line, logStream, prefixed) {
      const form = tape.forms[line] ?? 0;
      const bytes = (form & FLAG_CARRIED) !== 0 ? (tape.carry as Buffer) : tape.bytes;
      const base = line * INTS_PER_LINE;
      const from = tape.ints[base + (prefixed ? INT_MESSAGE : INT_FROM)] ?? 0;
      const message = decodeBytes(bytes, from, tape.ints[base + INT_TO] ?? 0, (form & FLAG_ASCII) !== 0);
      const timed = prefixed && (form & FLAG_TIMED) !== 0;
      add(message, timed ? tape.floats[line * FLOATS_PER_LINE + FLOAT_TIME] : undefined, logStream);
    },
    textEvent: add,
  };
}

/** The JSON-lines input: one event per non-empty line. */
function createJsonLineHandler(events: LogEvent[]): ByteLineHandler {
  return (bytes, from, to, ascii) => {
    if (to > from) events.push(toEventFromJson(decodeBytes(bytes, from, to, ascii)));
  };
}

function isLineFormat(format: InputFormat): format is LineFormat {
  return format !== 'json-lines' && format !== 'filter-log-events';
}

/**
 * The log events in one file or pipe, in batches, whatever its format (detected from its start): raw lines,
 * `aws logs tail` or `sam logs` output, JSON lines, or filter-log-events JSON; gzip or not. Streams: memory stays at
 * about one chunk however large the input. Line-based inputs first yield a byte-lane offer (an empty batch, see
 * ByteLaneOffer); a consumer that accepts it is fed straight from the bytes, and no more batches follow.
 */
export async function* readLogEvents(
  input: Readable,
  label: string,
  options: ReadLogEventsOptions = {},
): LogEventSource {
  const events: LogEvent[] = [];
  const take = (): LogEvent[] => events.splice(0, events.length);
  const decoder = new ChunkDecoder();
  // A file's chunks come back to the pool once the byte lane's tapes of them are read (see TapePipeline).
  const pool = new ChunkPool(CHUNK_BYTES);
  const chunks = readBytes(input, label, pool)[Symbol.asyncIterator]();
  try {
    // Detection reads the start of the input as text; its bytes are then read again by the format's reader.
    let sample = '';
    const head: Buffer[] = [];
    let ended = false;
    while (sample.length < DETECTION_SAMPLE_CHARS) {
      const next = await chunks.next();
      if (next.done === true) {
        ended = true;
        sample += decoder.end();
        break;
      }
      head.push(next.value);
      sample += decoder.write(next.value);
    }
    if (head.every((chunk) => chunk.length === 0)) return;
    const format = options.format ?? detectInputFormat(sample);
    options.onFormat?.(format);

    if (format === 'filter-log-events') {
      const scanner = createFilterLogEventsScanner();
      events.push(...scanner.push(sample));
      if (events.length > 0) yield take();
      while (!ended) {
        const next = await chunks.next();
        const text = next.done === true ? decoder.end() : decoder.write(next.value);
        ended = next.done === true;
        events.push(...scanner.push(text));
        if (events.length > 0) yield take();
      }
      if (scanner.isInsideDocument()) {
        options.onWarning?.(
          `${label}: the filter-log-events JSON document ends early (truncated?); read what was complete`,
        );
      }
      if (scanner.rejected > 0) {
        options.onWarning?.(`${label}: ${scanner.rejected} event objects without a message were skipped`);
      }
      return;
    }

    let lane: LogFrameSink | undefined;
    if (isLineFormat(format)) {
      yield toOfferBatch({
        format,
        accept(sink) {
          lane = sink;
        },
      });
    }
    if (isLineFormat(format) && lane !== undefined) {
      // The consumer reads frames itself: no events to yield, the tapes go straight to it.
      const thread = options.readerThread ?? availableParallelism() > 2;
      const pipeline = new TapePipeline(format, new EventFramer(lane), {
        thread,
        onChunkRead: (chunk) => pool.give(chunk),
      });
      try {
        for (const chunk of head) await pipeline.push(chunk);
        while (!ended) {
          const next = await chunks.next();
          if (next.done === true) break;
          await pipeline.push(next.value);
        }
        await pipeline.end();
      } finally {
        await pipeline.close();
      }
      return;
    }
    let pushChunk: (chunk: Buffer) => void;
    let endChunks: () => void;
    if (isLineFormat(format)) {
      const framer = new EventFramer(createEventAdapter(events));
      const writer = new LineTapeWriter(format);
      pushChunk = (chunk) => framer.read(writer.write(chunk));
      endChunks = () => {
        framer.read(writer.end());
        framer.end();
      };
    } else {
      const splitter = new ByteLineSplitter(createJsonLineHandler(events));
      pushChunk = (chunk) => splitter.push(chunk);
      endChunks = () => splitter.end();
    }
    for (const chunk of head) pushChunk(chunk);
    if (events.length > 0) yield take();
    while (!ended) {
      const next = await chunks.next();
      if (next.done === true) break;
      pushChunk(next.value);
      if (events.length > 0) yield take();
    }
    endChunks();
    if (events.length > 0) yield take();
  } finally {
    // A reader that stops early (a break out of its loop) still closes the input.
    await chunks.return?.(undefined);
  }
}
