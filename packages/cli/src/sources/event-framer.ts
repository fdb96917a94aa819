import type { LineFormat, LogFrameSink } from '../core/join/log-frames.js';
import { decodeBytes } from '../core/parse/byte-text.js';
import { LinePrefixReader } from './line-prefix.js';

/**
 * Turns the lines of a line-based input into events for a LogFrameSink. In the prefixed formats a message's embedded
 * newlines come out as prefix-less lines, so each event is held until the next prefixed line shows it is complete;
 * a single-line event (nearly all of them) goes out as a range of its chunk, a multi-line one as joined text.
 */
export class EventFramer {
  readonly #sink: LogFrameSink;
  readonly #prefix: LinePrefixReader;
  readonly #raw: boolean;
  // The held event: a range of a chunk, or text once a continuation line joined it.
  #held = false;
  #heldBytes: Buffer = Buffer.alloc(0);
  #heldFrom = 0;
  #heldTo = 0;
  #heldAscii = true;
  #heldText: string | undefined = undefined;
  #heldTimestampMs: number | undefined = undefined;
  #heldStream: string | undefined = undefined;
  #heldSlot = -1;

  constructor(format: LineFormat, sink: LogFrameSink) {
    this.#sink = sink;
    this.#prefix = new LinePrefixReader(format);
    this.#raw = format === 'raw';
  }

  /** A ByteLineHandler. */
  readonly line = (bytes: Buffer, from: number, to: number, ascii: boolean): void => {
    if (this.#raw) {
      this.#sink.bytesEvent(bytes, from, to, ascii, undefined, undefined, -1);
      return;
    }
    const prefix = this.#prefix;
    if (prefix.read(bytes, from, to, ascii)) {
      if (this.#held) this.#release();
      this.#held = true;
      this.#heldBytes = bytes;
      this.#heldFrom = prefix.messageStart;
      this.#heldTo = to;
      this.#heldAscii = ascii;
      this.#heldText = undefined;
      this.#heldTimestampMs = prefix.timestampMs;
      this.#heldStream = prefix.logStream;
      this.#heldSlot = prefix.streamSlot;
    } else if (this.#held) {
      // The CLI prints a message's embedded newlines as they are: this line belongs to the held event.
      const head = this.#heldText ?? decodeBytes(this.#heldBytes, this.#heldFrom, this.#heldTo, this.#heldAscii);
      this.#heldText = `${head}\n${decodeBytes(bytes, from, to, ascii)}`;
    } else if (to > from) {
      this.#sink.bytesEvent(bytes, from, to, ascii, undefined, undefined, -1);
    }
  };

  /** End of input: the held event is complete. */
  end(): void {
    if (this.#held) this.#release();
  }

  #release(): void {
    this.#held = false;
    const text = this.#heldText;
    if (text === undefined) {
      this.#sink.bytesEvent(
        this.#heldBytes,
        this.#heldFrom,
        this.#heldTo,
        this.#heldAscii,
        this.#heldTimestampMs,
        this.#heldStream,
        this.#heldSlot,
      );
    } else {
      this.#heldText = undefined;
      this.#sink.textEvent(text, this.#heldTimestampMs, this.#heldStream, this.#heldSlot);
    }
    this.#heldBytes = EMPTY;
  }
}

const EMPTY = Buffer.alloc(0);
