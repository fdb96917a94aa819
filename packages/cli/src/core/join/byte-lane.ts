import { bytesEqualText, decodeBytes } from '../parse/byte-text.js';
import type { ReportFields } from '../parse/parsed-line.js';
import { clearReportFields, createReportFields, scanReportFields } from '../parse/report-fields.js';
import type { JoinEngine } from './join-engine.js';
import type { PushContext } from './join-options.js';
import {
  FLAG_ASCII,
  FLAG_CARRIED,
  FLAG_TIMED,
  FLOAT_BILLED,
  FLOAT_DURATION,
  FLOAT_MAX_MEMORY,
  FLOAT_MEMORY_SIZE,
  FLOAT_TIME,
  FLOATS_PER_LINE,
  INT_A,
  INT_B,
  INT_C,
  INT_D,
  INT_FROM,
  INT_MESSAGE,
  INT_STREAM,
  INT_TO,
  INTS_PER_LINE,
  type LineTape,
  MESSAGE_END,
  MESSAGE_QUIET,
  MESSAGE_REPORT,
  MESSAGE_START,
} from './line-tape.js';
import type { LogFrameSink } from './log-frames.js';
import type { StreamState } from './stream-registry.js';

/**
 * The joiner's byte lane: events of a line-based input straight from LineTapes. The lines every invocation writes in
 * Lambda's own layout (START, END, REPORT, and application lines that mark nothing), which the tape writer recognised,
 * are applied from their spans and figures, making only the strings a record keeps (a request id per START); any
 * other line, and every line when lines are kept for drill-down, is decoded and goes through parseLine as on the
 * LogEvent path. Either way the JoinEngine sees the same calls in the same order, so the records are the same.
 */
export class ByteLane implements LogFrameSink {
  readonly #engine: JoinEngine;
  readonly #context: PushContext;
  /** Recognised lines skip their text; kept lines need it. */
  readonly #inPlace: boolean;
  readonly #fields: ReportFields = createReportFields();
  // Stream states by stream number and the name each was found for, valid until the engine forgets idle streams.
  #states: (StreamState | undefined)[] = [];
  #stateNames: (string | undefined)[] = [];
  #forgetfulness: number;
  #version: string | undefined = undefined;
  // Per stream number: the line number of its last START read here and the request id of the invocation that START
  // found or opened (the id itself: the invocation object may be reused for another one once completed).
  #startLines: number[] = [];
  #startIds: (string | undefined)[] = [];

  constructor(engine: JoinEngine, context: PushContext) {
    this.#engine = engine;
    this.#context = context;
    this.#inPlace = engine.maxLines === 0;
    this.#forgetfulness = engine.streamsForgotten;
  }

  lineEvent(tape: LineTape, line: number, logStream: string | undefined, prefixed: boolean): void {
    const engine = this.#engine;
    engine.context = this.#context;
    const form = tape.forms[line] ?? 0;
    const timed = prefixed && (form & FLAG_TIMED) !== 0;
    const timeAt = line * FLOATS_PER_LINE + FLOAT_TIME;
    if (!(timed ? engine.beginTimedEvent(tape.floats[timeAt] as number) : engine.beginUntimedEvent())) return;
    const ints = tape.ints;
    const base = line * INTS_PER_LINE;
    const stream = this.#streamFor(logStream, prefixed ? (ints[base + INT_STREAM] ?? -1) : -1);
    engine.enterStream(stream);
    const bytes = (form & FLAG_CARRIED) !== 0 ? (tape.carry as Buffer) : tape.bytes;
    const message = prefixed && this.#inPlace ? (tape.messages[line] ?? 0) : 0;
    switch (message) {
      case MESSAGE_START: {
        const requestId = decodeBytes(bytes, ints[base + INT_A] ?? 0, ints[base + INT_B] ?? 0, true);
        const version = this.#versionOf(bytes, ints[base + INT_C] ?? 0, ints[base + INT_D] ?? 0);
        engine.counts.lines += 1;
        const startMs = timed ? tape.floats[timeAt] : undefined;
        const invocation = engine.start(requestId, version, undefined, startMs, '', stream, true);
        const streamNumber = ints[base + INT_STREAM] ?? -1;
        if (streamNumber >= 0) {
          this.#startLines[streamNumber] = tape.firstLine + line;
          this.#startIds[streamNumber] = invocation?.requestId;
        }
        break;
      }
      case MESSAGE_END: {
        const requestId = this.#requestIdOf(tape, line, bytes, stream);
        engine.counts.lines += 1;
        engine.end(requestId, '', stream, true);
        break;
      }
      case MESSAGE_REPORT: {
        const requestId = this.#requestIdOf(tape, line, bytes, stream);
        const fields = this.#fields;
        clearReportFields(fields);
        const floats = tape.floats;
        const floatBase = line * FLOATS_PER_LINE;
        fields.durationMs = floats[floatBase + FLOAT_DURATION];
        fields.billedDurationMs = floats[floatBase + FLOAT_BILLED];
        fields.memorySizeMb = floats[floatBase + FLOAT_MEMORY_SIZE];
        fields.maxMemoryUsedMb = floats[floatBase + FLOAT_MAX_MEMORY];
        // The optional fields after the four fixed ones (Init Duration, Status, …) are rare: read as text.
        const rest = ints[base + INT_C] ?? 0;
        const to = ints[base + INT_TO] ?? 0;
        if (rest < to) scanReportFields(decodeBytes(bytes, rest, to, true), 0, fields);
        engine.counts.lines += 1;
        engine.report(requestId, fields, timed ? tape.floats[timeAt] : undefined, '', stream, true);
        break;
      }
      case MESSAGE_QUIET:
        engine.counts.lines += 1;
        engine.countPlainAppLine();
        break;
      default: {
        const from = ints[base + (prefixed ? INT_MESSAGE : INT_FROM)] ?? 0;
        const to = ints[base + INT_TO] ?? 0;
        const text = decodeBytes(bytes, from, to, (form & FLAG_ASCII) !== 0);
        engine.message(text, timed ? tape.floats[timeAt] : undefined, stream);
      }
    }
    engine.endEvent(stream);
  }

  textEvent(
    message: string,
    timestampMs: number | undefined,
    logStream: string | undefined,
    streamNumber: number,
  ): void {
    const engine = this.#engine;
    engine.context = this.#context;
    if (!engine.beginEvent(timestampMs)) return;
    const stream = this.#streamFor(logStream, streamNumber);
    engine.enterStream(stream);
    engine.message(message, timestampMs, stream);
    engine.endEvent(stream);
  }

  #streamFor(logStream: string | undefined, streamNumber: number): StreamState {
    const engine = this.#engine;
    if (engine.streamsForgotten !== this.#forgetfulness) {
      this.#forgetfulness = engine.streamsForgotten;
      this.#states = [];
      this.#stateNames = [];
    }
    // A number names one stream until the source's numbering starts over: the name is checked (by identity first).
    if (streamNumber >= 0) {
      const cached = this.#states[streamNumber];
      if (cached !== undefined && this.#stateNames[streamNumber] === logStream) return cached;
    }
    const state = engine.streams.streamFor(undefined, logStream, engine.clock);
    if (streamNumber >= 0) {
      this.#states[streamNumber] = state;
      this.#stateNames[streamNumber] = logStream;
    }
    return state;
  }

  /**
   * The request id of an END or REPORT line (INT_A..INT_B), without a new string when it is one already held: the id of
   * its stream's last START when the writer found the same bytes there (the START's invocation carries that very id),
   * else the open invocation's when the bytes spell it.
   */
  #requestIdOf(tape: LineTape, line: number, bytes: Buffer, stream: StreamState): string {
    const ints = tape.ints;
    const base = line * INTS_PER_LINE;
    const startLine = ints[base + INT_D] ?? -1;
    if (startLine >= 0) {
      const streamNumber = ints[base + INT_STREAM] ?? -1;
      const requestId = this.#startIds[streamNumber];
      if (requestId !== undefined && this.#startLines[streamNumber] === startLine) return requestId;
    }
    const start = ints[base + INT_A] ?? 0;
    const end = ints[base + INT_B] ?? 0;
    const open = stream.open;
    if (open !== undefined && bytesEqualText(bytes, start, end, open.requestId)) return open.requestId;
    return decodeBytes(bytes, start, end, true);
  }

  #versionOf(bytes: Buffer, start: number, end: number): string | undefined {
    if (end === start) return undefined;
    const last = this.#version;
    if (last !== undefined && bytesEqualText(bytes, start, end, last)) return last;
    this.#version = decodeBytes(bytes, start, end, true);
    return this.#version;
  }
}
