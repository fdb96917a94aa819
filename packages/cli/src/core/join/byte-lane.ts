import { isQuietAppLineBytes } from '../parse/app-line.js';
import { bytesEqualText, decodeBytes } from '../parse/byte-text.js';
import type { ReportFields } from '../parse/parsed-line.js';
import { clearReportFields, createReportFields, scanReportFields } from '../parse/report-fields.js';
import { canonicalReportIdStart, readCanonicalReportBytes } from '../parse/report-line.js';
import { platformLineSpans, scanEndBytes, scanStartBytes } from '../parse/start-end-line.js';
import type { JoinEngine, PushContext } from './join-engine.js';
import { type LogFrameSink, STREAM_SLOTS } from './log-frames.js';
import type { StreamState } from './stream-registry.js';

const LETTER_S = 83;
const LETTER_E = 69;
const LETTER_R = 82;

/**
 * The joiner's byte lane: events of a line-based input straight from its bytes. The lines every invocation writes in
 * Lambda's own layout (START, END, REPORT, and application lines that mark nothing) are read in place, making only the
 * strings a record keeps (a request id per START); any other line, any line of a non-ASCII message, and every line
 * when lines are kept for drill-down is decoded and goes through parseLine as on the LogEvent path. Either way the
 * JoinEngine sees the same calls in the same order, so the records are the same.
 */
export class ByteLane implements LogFrameSink {
  readonly #engine: JoinEngine;
  readonly #context: PushContext;
  /** In-place reading skips the text of lines; kept lines need it. */
  readonly #inPlace: boolean;
  readonly #fields: ReportFields = createReportFields();
  // Stream states by the source's stream slot, valid until the engine forgets idle streams.
  readonly #states = new Array<StreamState | undefined>(STREAM_SLOTS).fill(undefined);
  readonly #stateNames = new Array<string | undefined>(STREAM_SLOTS).fill(undefined);
  #forgetfulness: number;
  #version: string | undefined = undefined;

  constructor(engine: JoinEngine, context: PushContext) {
    this.#engine = engine;
    this.#context = context;
    this.#inPlace = engine.maxLines === 0;
    this.#forgetfulness = engine.streamsForgotten;
  }

  bytesEvent(
    bytes: Buffer,
    from: number,
    to: number,
    ascii: boolean,
    timestampMs: number | undefined,
    logStream: string | undefined,
    streamSlot: number,
  ): void {
    const engine = this.#engine;
    engine.context = this.#context;
    if (!engine.beginEvent(timestampMs)) return;
    const stream = this.#streamFor(logStream, streamSlot);
    engine.enterStream(stream);
    if (!(this.#inPlace && ascii && this.#readInPlace(bytes, from, to, timestampMs, stream))) {
      engine.message(decodeBytes(bytes, from, to, ascii), timestampMs, stream);
    }
    engine.endEvent(stream);
  }

  textEvent(message: string, timestampMs: number | undefined, logStream: string | undefined, streamSlot: number): void {
    const engine = this.#engine;
    engine.context = this.#context;
    if (!engine.beginEvent(timestampMs)) return;
    const stream = this.#streamFor(logStream, streamSlot);
    engine.enterStream(stream);
    engine.message(message, timestampMs, stream);
    engine.endEvent(stream);
  }

  #streamFor(logStream: string | undefined, slot: number): StreamState {
    const engine = this.#engine;
    if (engine.streamsForgotten !== this.#forgetfulness) {
      this.#forgetfulness = engine.streamsForgotten;
      this.#states.fill(undefined);
      this.#stateNames.fill(undefined);
    }
    if (slot >= 0) {
      const cached = this.#states[slot];
      if (cached !== undefined && this.#stateNames[slot] === logStream) return cached;
    }
    const state = engine.streams.streamFor(undefined, logStream, engine.clock);
    if (slot >= 0) {
      this.#states[slot] = state;
      this.#stateNames[slot] = logStream;
    }
    return state;
  }

  /** The single-line ASCII message `bytes[from, to)` read in place; false when parseLine must read it. */
  #readInPlace(bytes: Buffer, from: number, to: number, timestampMs: number | undefined, stream: StreamState): boolean {
    const engine = this.#engine;
    switch (bytes[from]) {
      case LETTER_S: {
        if (!scanStartBytes(bytes, from, to)) return false;
        const spans = platformLineSpans;
        const requestId = decodeBytes(bytes, spans.idStart, spans.idEnd, true);
        const version = this.#versionOf(bytes, spans.versionStart, spans.versionEnd);
        engine.counts.lines += 1;
        engine.start(requestId, version, undefined, timestampMs, '', stream, true);
        return true;
      }
      case LETTER_E: {
        if (!scanEndBytes(bytes, from, to)) return false;
        const requestId = this.#requestIdOf(bytes, platformLineSpans.idStart, platformLineSpans.idEnd, stream);
        engine.counts.lines += 1;
        engine.end(requestId, '', stream, true);
        return true;
      }
      case LETTER_R: {
        const fields = this.#fields;
        clearReportFields(fields);
        const rest = readCanonicalReportBytes(bytes, from, to, fields);
        if (rest === -1) return false;
        const idStart = canonicalReportIdStart(from);
        const requestId = this.#requestIdOf(bytes, idStart, idStart + 36, stream);
        // The optional fields after the four fixed ones (Init Duration, Status, …) are rare: read as text.
        if (rest < to) scanReportFields(decodeBytes(bytes, rest, to, true), 0, fields);
        engine.counts.lines += 1;
        engine.report(requestId, fields, timestampMs, '', stream, true);
        return true;
      }
      default:
        if (!isQuietAppLineBytes(bytes, from, to)) return false;
        engine.counts.lines += 1;
        engine.countPlainAppLine();
        return true;
    }
  }

  /** The id `bytes[start, end)`: the open invocation's own string when it names that one (nearly always). */
  #requestIdOf(bytes: Buffer, start: number, end: number, stream: StreamState): string {
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
