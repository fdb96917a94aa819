import { isAscii } from 'node:buffer';
import {
  createTapeStorage,
  FLAG_ASCII,
  FLAG_CARRIED,
  FLAG_TIMED,
  FLOAT_DURATION,
  FLOAT_TIME,
  FLOATS_PER_LINE,
  FORM_CONTINUATION,
  FORM_EVENT,
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
  MESSAGE_OTHER,
  MESSAGE_QUIET,
  MESSAGE_REPORT,
  MESSAGE_START,
  tapeCapacity,
  tapeViews,
} from '../core/join/line-tape.js';
import type { LineFormat } from '../core/join/log-frames.js';
import { isQuietAppLineBytes } from '../core/parse/app-line.js';
import { isAsciiRange, viewOf } from '../core/parse/byte-text.js';
import { canonicalReportIdStart, readCanonicalReportFigures } from '../core/parse/report-line.js';
import { platformLineSpans, scanEndBytes, scanStartBytes } from '../core/parse/start-end-line.js';
import { LinePrefixReader } from './line-prefix.js';

const NEWLINE = 10;
const CARRIAGE_RETURN = 13;
const LETTER_S = 83;
const LETTER_E = 69;
const LETTER_R = 82;
/** Lines in a chunk, guessed from its size; the arrays grow when a chunk holds more. */
const GUESSED_LINE_BYTES = 96;
/** START ids longer than this (UUIDs are 36) are not kept for comparing. */
const MAX_START_ID = 64;
const START_ID_SLOT = 1 + MAX_START_ID / 4;
/** Tape storage kept for reuse: a few tapes are in flight at a time. */
const MAX_SPARE = 8;

/**
 * Reads a line-based input chunk by chunk into LineTapes: splits lines with Buffer.indexOf (a line a chunk boundary
 * cuts is assembled in a buffer of its own), reads each line's prefix (time, stream number) and, for ASCII messages,
 * recognises Lambda's own layouts and reads their figures. Pure and synchronous: it runs inline or in a worker thread.
 * Keeps nothing of a chunk after `write` returns (the chunk may be handed to another thread), only the cut line's copy.
 */
export class LineTapeWriter {
  readonly #prefix: LinePrefixReader;
  #carry: Buffer[] = [];
  #storage = createTapeStorage(0);
  #forms: Uint8Array = new Uint8Array(0);
  #messages: Uint8Array = new Uint8Array(0);
  #ints: Int32Array = new Int32Array(0);
  #floats: Float64Array = new Float64Array(0);
  #count = 0;
  /** Storage handed back by the tapes' reader (see `recycle`). */
  readonly #spare: ArrayBuffer[] = [];
  /** Lines written before the tape being built. */
  #firstLine: number;
  // Per stream number: the line number and the id bytes of its last START, to tell END and REPORT lines that repeat it.
  #startLines: number[] = [];
  /** Per stream number, START_ID_SLOT values: the id's length (0: none kept), then its bytes as 32-bit words. */
  #startIds = new Int32Array(64 * START_ID_SLOT);
  #streamsRestarted = 0;

  constructor(format: LineFormat, firstStreamNumber = 0, firstLine = 0) {
    this.#prefix = new LinePrefixReader(format, firstStreamNumber);
    this.#firstLine = firstLine;
  }

  /** The number the next line gets; a writer taking over from this one starts there. */
  get nextLine(): number {
    return this.#firstLine + this.#count;
  }

  /** The next stream number; a writer taking over from this one starts there. */
  get nextStreamNumber(): number {
    return this.#prefix.streams.nextNumber;
  }

  /** The bytes of the line not yet ended, handed over to a writer that takes over from this one. */
  takeCarry(): Buffer[] {
    const carry = this.#carry;
    this.#carry = [];
    return carry;
  }

  /** Starts with `carry` (from `takeCarry` of the writer this one takes over from). */
  setCarry(carry: readonly Buffer[]): void {
    this.#carry = [...carry];
  }

  /** The lines that end in `chunk`. */
  write(chunk: Buffer): LineTape {
    this.#begin(Math.ceil(chunk.length / GUESSED_LINE_BYTES) + 4);
    let newline = chunk.indexOf(NEWLINE);
    if (newline === -1) {
      // A chunk without a line end: kept (copied, as the chunk itself may leave this thread).
      if (chunk.length > 0) this.#carry.push(Buffer.from(chunk));
      return this.#finish(chunk, undefined);
    }
    let carried: Buffer | undefined;
    let from = 0;
    if (this.#carry.length > 0) {
      this.#carry.push(chunk.subarray(0, newline));
      carried = Buffer.concat(this.#carry);
      this.#carry = [];
      this.#line(carried, 0, trimEnd(carried, 0, carried.length), isAscii(carried), FLAG_CARRIED);
      from = newline + 1;
      newline = chunk.indexOf(NEWLINE, from);
    }
    const ascii = isAscii(chunk);
    while (newline !== -1) {
      const to = newline > from && chunk[newline - 1] === CARRIAGE_RETURN ? newline - 1 : newline;
      this.#line(chunk, from, to, ascii || isAsciiRange(chunk, from, to), 0);
      from = newline + 1;
      newline = chunk.indexOf(NEWLINE, from);
    }
    if (from < chunk.length) this.#carry.push(Buffer.from(chunk.subarray(from)));
    return this.#finish(chunk, carried);
  }

  /** End of input: the last line, when the input does not end with a newline. */
  end(): LineTape {
    this.#begin(1);
    let carried: Buffer | undefined;
    if (this.#carry.length > 0) {
      carried = Buffer.concat(this.#carry);
      this.#carry = [];
      this.#line(carried, 0, trimEnd(carried, 0, carried.length), isAscii(carried), FLAG_CARRIED);
    }
    return this.#finish(EMPTY, carried);
  }

  /** Takes back the storage of a tape that has been read, for a later tape. */
  recycle(storage: ArrayBuffer): void {
    if (this.#spare.length < MAX_SPARE) this.#spare.push(storage);
  }

  #begin(lines: number): void {
    this.#firstLine += this.#count;
    this.#count = 0;
    let storage = this.#spare.pop();
    while (storage !== undefined && tapeCapacity(storage) < lines) storage = this.#spare.pop();
    this.#use(storage ?? createTapeStorage(lines));
    // A reused tape still holds the classification of its last use.
    this.#messages.fill(MESSAGE_OTHER);
  }

  #use(storage: ArrayBuffer): void {
    this.#storage = storage;
    const views = tapeViews(storage);
    this.#forms = views.forms;
    this.#messages = views.messages;
    this.#ints = views.ints;
    this.#floats = views.floats;
  }

  #grow(): void {
    const old = tapeViews(this.#storage);
    this.#use(createTapeStorage(Math.max(16, tapeCapacity(this.#storage) * 2)));
    this.#forms.set(old.forms);
    this.#messages.set(old.messages);
    this.#ints.set(old.ints);
    this.#floats.set(old.floats);
  }

  #finish(bytes: Buffer, carry: Buffer | undefined): LineTape {
    const streams = this.#prefix.streams.takeNew();
    return {
      bytes,
      firstLine: this.#firstLine,
      carry,
      count: this.#count,
      storage: this.#storage,
      forms: this.#forms,
      messages: this.#messages,
      ints: this.#ints,
      floats: this.#floats,
      newStreams: streams.names,
      firstNewStream: streams.first,
      streamsRestarted: streams.restarted,
    };
  }

  #line(bytes: Buffer, from: number, to: number, ascii: boolean, flags: number): void {
    if (this.#count === this.#forms.length) this.#grow();
    const line = this.#count;
    this.#count += 1;
    const ints = this.#ints;
    const base = line * INTS_PER_LINE;
    ints[base + INT_FROM] = from;
    ints[base + INT_TO] = to;
    const prefix = this.#prefix;
    if (!prefix.read(bytes, from, to, ascii)) {
      this.#forms[line] = FORM_CONTINUATION | flags | (ascii ? FLAG_ASCII : 0);
      return;
    }
    const timed = prefix.timed;
    this.#forms[line] = FORM_EVENT | flags | (ascii ? FLAG_ASCII : 0) | (timed ? FLAG_TIMED : 0);
    const messageStart = prefix.messageStart;
    ints[base + INT_MESSAGE] = messageStart;
    ints[base + INT_STREAM] = prefix.streamNumber;
    const floats = this.#floats;
    const floatBase = line * FLOATS_PER_LINE;
    if (timed) floats[floatBase + FLOAT_TIME] = prefix.timestampMs;
    if (ascii && messageStart < to) this.#classify(bytes, messageStart, to, line, base, floatBase);
  }

  /** Remembers the START at `line` as its stream's last, its id as words (no allocation per line). */
  #rememberStart(stream: number, line: number, bytes: Buffer, idStart: number, idEnd: number): void {
    if (stream < 0) return;
    this.#forgetOnRestart();
    this.#startLines[stream] = this.#firstLine + line;
    if ((stream + 1) * START_ID_SLOT > this.#startIds.length) {
      const grown = new Int32Array(Math.max(this.#startIds.length * 2, (stream + 1) * START_ID_SLOT));
      grown.set(this.#startIds);
      this.#startIds = grown;
    }
    const length = idEnd - idStart;
    const slot = stream * START_ID_SLOT;
    const ids = this.#startIds;
    if (length < 4 || length > MAX_START_ID) {
      ids[slot] = 0;
      return;
    }
    ids[slot] = length;
    const view = viewOf(bytes);
    // Words from the end, the first one last (it may overlap the second): the order equalsBytesAt compares in.
    let word = 1;
    for (let offset = length - 4; offset > 0; offset -= 4) ids[slot + word++] = view.getInt32(idStart + offset, true);
    ids[slot + word] = view.getInt32(idStart, true);
  }

  /** The line number of the stream's last START when `bytes[idStart, idEnd)` is its id, else -1. */
  #sameIdAsStart(stream: number, bytes: Buffer, idStart: number, idEnd: number): number {
    if (stream < 0 || (stream + 1) * START_ID_SLOT > this.#startIds.length) return -1;
    this.#forgetOnRestart();
    const ids = this.#startIds;
    const slot = stream * START_ID_SLOT;
    const length = idEnd - idStart;
    if (ids[slot] !== length || length === 0) return -1;
    const view = viewOf(bytes);
    let word = 1;
    for (let offset = length - 4; offset > 0; offset -= 4) {
      if (ids[slot + word++] !== view.getInt32(idStart + offset, true)) return -1;
    }
    if (ids[slot + word] !== view.getInt32(idStart, true)) return -1;
    return this.#startLines[stream] ?? -1;
  }

  #forgetOnRestart(): void {
    const restarts = this.#prefix.streams.restarts;
    if (restarts === this.#streamsRestarted) return;
    this.#streamsRestarted = restarts;
    this.#startLines = [];
    this.#startIds.fill(0);
  }

  /** Recognises Lambda's own layouts in the ASCII message `bytes[from, to)`; anything else stays MESSAGE_OTHER. */
  #classify(bytes: Buffer, from: number, to: number, line: number, base: number, floatBase: number): void {
    const ints = this.#ints;
    switch (bytes[from]) {
      case LETTER_S:
        if (scanStartBytes(bytes, from, to)) {
          this.#messages[line] = MESSAGE_START;
          ints[base + INT_A] = platformLineSpans.idStart;
          ints[base + INT_B] = platformLineSpans.idEnd;
          ints[base + INT_C] = platformLineSpans.versionStart;
          ints[base + INT_D] = platformLineSpans.versionEnd;
          this.#rememberStart(
            ints[base + INT_STREAM] ?? -1,
            line,
            bytes,
            platformLineSpans.idStart,
            platformLineSpans.idEnd,
          );
        }
        return;
      case LETTER_E:
        if (scanEndBytes(bytes, from, to)) {
          const { idStart, idEnd } = platformLineSpans;
          this.#messages[line] = MESSAGE_END;
          ints[base + INT_A] = idStart;
          ints[base + INT_B] = idEnd;
          ints[base + INT_D] = this.#sameIdAsStart(ints[base + INT_STREAM] ?? -1, bytes, idStart, idEnd);
        }
        return;
      case LETTER_R: {
        const floats = this.#floats;
        const rest = readCanonicalReportFigures(bytes, from, to, floats, floatBase + FLOAT_DURATION);
        if (rest === -1) return;
        this.#messages[line] = MESSAGE_REPORT;
        const idStart = canonicalReportIdStart(from);
        ints[base + INT_A] = idStart;
        ints[base + INT_B] = idStart + 36;
        ints[base + INT_C] = rest;
        ints[base + INT_D] = this.#sameIdAsStart(ints[base + INT_STREAM] ?? -1, bytes, idStart, idStart + 36);
        return;
      }
      default:
        if (isQuietAppLineBytes(bytes, from, to)) this.#messages[line] = MESSAGE_QUIET;
    }
  }
}

const EMPTY = Buffer.alloc(0);

function trimEnd(bytes: Buffer, from: number, to: number): number {
  return to > from && bytes[to - 1] === CARRIAGE_RETURN ? to - 1 : to;
}
