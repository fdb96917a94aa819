import {
  FLAG_ASCII,
  FLAG_CARRIED,
  FLAG_TIMED,
  FLOAT_TIME,
  FLOATS_PER_LINE,
  FORM_EVENT,
  FORM_MASK,
  INT_FROM,
  INT_MESSAGE,
  INT_STREAM,
  INT_TO,
  INTS_PER_LINE,
  type LineTape,
} from '../core/join/line-tape.js';
import type { LogFrameSink } from '../core/join/log-frames.js';
import { decodeBytes } from '../core/parse/byte-text.js';

/**
 * Turns the lines of LineTapes into events for a LogFrameSink. In the prefixed formats a message's embedded newlines
 * come out as prefix-less lines, so each event is held until the next prefixed line shows it is complete; a
 * single-line event (nearly all of them) goes out as its tape line, a multi-line one as joined text.
 */
export class EventFramer {
  readonly #sink: LogFrameSink;
  readonly #streams: string[] = [];
  #heldTape: LineTape | undefined = undefined;
  #heldLine = 0;
  #heldText: string | undefined = undefined;

  constructor(sink: LogFrameSink) {
    this.#sink = sink;
  }

  read(tape: LineTape): void {
    if (tape.streamsRestarted) this.#streams.length = 0;
    tape.newStreams.forEach((name, index) => {
      this.#streams[tape.firstNewStream + index] = name;
    });
    const forms = tape.forms;
    const ints = tape.ints;
    for (let line = 0; line < tape.count; line += 1) {
      if (((forms[line] ?? 0) & FORM_MASK) === FORM_EVENT) {
        if (this.#heldTape !== undefined) this.#release();
        this.#heldTape = tape;
        this.#heldLine = line;
      } else if (this.#heldTape !== undefined) {
        // The CLI prints a message's embedded newlines as they are: this line belongs to the held event.
        const head = this.#heldText ?? textOf(this.#heldTape, this.#heldLine, true);
        this.#heldText = `${head}\n${textOf(tape, line, false)}`;
      } else if ((ints[line * INTS_PER_LINE + INT_TO] ?? 0) > (ints[line * INTS_PER_LINE + INT_FROM] ?? 0)) {
        this.#sink.lineEvent(tape, line, undefined, false);
      }
    }
  }

  /** Whether the event held back for continuation lines is a line of `tape` (which must then stay as it is). */
  holds(tape: LineTape): boolean {
    return this.#heldTape === tape;
  }

  /** End of input: the held event is complete. */
  end(): void {
    if (this.#heldTape !== undefined) this.#release();
  }

  #release(): void {
    const tape = this.#heldTape as LineTape;
    const line = this.#heldLine;
    const text = this.#heldText;
    this.#heldTape = undefined;
    this.#heldText = undefined;
    const streamNumber = tape.ints[line * INTS_PER_LINE + INT_STREAM] ?? -1;
    const logStream = streamNumber < 0 ? undefined : this.#streams[streamNumber];
    if (text === undefined) {
      this.#sink.lineEvent(tape, line, logStream, true);
      return;
    }
    const timed = ((tape.forms[line] ?? 0) & FLAG_TIMED) !== 0;
    const timestampMs = timed ? tape.floats[line * FLOATS_PER_LINE + FLOAT_TIME] : undefined;
    this.#sink.textEvent(text, timestampMs, logStream, streamNumber);
  }
}

/** The text of a tape line: its message (after the prefix) or, for a continuation line, all of it. */
function textOf(tape: LineTape, line: number, message: boolean): string {
  const form = tape.forms[line] ?? 0;
  const bytes = (form & FLAG_CARRIED) !== 0 ? (tape.carry as Buffer) : tape.bytes;
  const base = line * INTS_PER_LINE;
  const from = tape.ints[base + (message ? INT_MESSAGE : INT_FROM)] ?? 0;
  return decodeBytes(bytes, from, tape.ints[base + INT_TO] ?? 0, (form & FLAG_ASCII) !== 0);
}
