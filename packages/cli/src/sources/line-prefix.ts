import type { LineFormat } from '../core/join/log-frames.js';
import { ByteTimeReader } from './byte-time.js';
import { StreamNameCache } from './stream-names.js';

const SPACE = 32;
const DASH = 45;
const SLASH = 47;
const COLON = 58;
const PLUS = 43;
const ZULU = 90;
const LETTER_T = 84;
/** `aws logs tail` prints `2026-07-22T03:52:34.157000+00:00`; longer first words are no time. */
const MIN_TAIL_TIME = 20;
const MAX_TAIL_TIME = 40;

function isDigit(code: number | undefined): boolean {
  return code !== undefined && code >= 48 && code <= 57;
}

/**
 * Reads the prefix each format puts before an event's message, from bytes:
 * - `tail-detailed` (`aws logs tail`): `<ISO time with a zone> <stream> <message>`;
 * - `tail-short` (`aws logs tail --format short`): `YYYY-MM-DDTHH:MM:SS <message>`, UTC;
 * - `sam` (`sam logs`): `<YYYY/MM/DD/…stream> <ISO time> <message>`;
 * - `raw`: no prefix, every line is a message.
 * A line without the prefix is the continuation of a multi-line message. Times are read by ByteTimeReader, stream
 * names numbered by StreamNameCache: no string is made for a line whose time and stream were seen before.
 */
export class LinePrefixReader {
  /** Results of the last successful `read`. */
  /** Whether the line's prefix has a time (`timestampMs`); raw lines have none. */
  timed = false;
  /** Only ever a number, so the field holds the double in place instead of boxing one per line. */
  timestampMs = 0;
  /** The stream's number (StreamNameCache), -1 without a stream. */
  streamNumber = -1;
  messageStart = 0;

  readonly #format: LineFormat;
  readonly #time = new ByteTimeReader();
  /** The length of the last tail time read: the next line's is most likely the same. */
  #timeLength = 32;
  readonly streams: StreamNameCache;

  constructor(format: LineFormat, firstStreamNumber = 0) {
    this.#format = format;
    this.streams = new StreamNameCache(firstStreamNumber);
  }

  /** Reads the prefix of the line `bytes[from, to)`; false when it has none. */
  read(bytes: Buffer, from: number, to: number, ascii: boolean): boolean {
    switch (this.#format) {
      case 'tail-detailed':
        return this.#readTailDetailed(bytes, from, to, ascii);
      case 'tail-short':
        return this.#readTailShort(bytes, from, to);
      case 'sam':
        return this.#readSam(bytes, from, to, ascii);
      case 'raw':
        this.timed = false;
        this.streamNumber = -1;
        this.messageStart = from;
        return true;
    }
  }

  #readTailDetailed(bytes: Buffer, from: number, to: number, ascii: boolean): boolean {
    if (to - from <= MIN_TAIL_TIME) return false;
    if (bytes[from + 4] !== DASH || bytes[from + 10] !== LETTER_T || bytes[from + 13] !== COLON) return false;
    // The time ends at the first space. A valid time holds none, so when the previous line's time length ends at a
    // space and the time there is valid, that space is the first; otherwise it is searched (past the 19 characters of
    // date and time of day, which the time reader checks).
    const time = this.#time;
    let timeEnd = from + this.#timeLength;
    if (!(timeEnd < to && bytes[timeEnd] === SPACE && this.#isTailTime(bytes, from, timeEnd))) {
      const limit = Math.min(to, from + MAX_TAIL_TIME + 1);
      timeEnd = from + 19;
      while (timeEnd < limit && bytes[timeEnd] !== SPACE) timeEnd += 1;
      if (timeEnd >= limit || !this.#isTailTime(bytes, from, timeEnd)) return false;
      this.#timeLength = timeEnd - from;
    }
    const streamStart = timeEnd + 1;
    const streams = this.streams;
    // A stream seen lately is found without searching for the space after it.
    let streamNumber = streams.numberAt(bytes, streamStart, to);
    let streamEnd = streamStart + streams.foundLength;
    if (streamNumber === -1) {
      streamEnd = bytes.indexOf(SPACE, streamStart);
      if (streamEnd === -1 || streamEnd > to) streamEnd = to;
      if (streamEnd === streamStart) return false;
      streamNumber = streams.numberOf(bytes, streamStart, streamEnd, ascii);
    }
    this.timed = true;
    this.timestampMs = time.timestampMs;
    this.streamNumber = streamNumber;
    this.messageStart = streamEnd < to ? streamEnd + 1 : streamEnd;
    return true;
  }

  /** `bytes[from, timeEnd)` is a time as `aws logs tail` prints it: 20 to 40 characters, with a zone. */
  #isTailTime(bytes: Buffer, from: number, timeEnd: number): boolean {
    const length = timeEnd - from;
    if (length < MIN_TAIL_TIME || length > MAX_TAIL_TIME) return false;
    const zoneMark = bytes[timeEnd - 6];
    if (bytes[timeEnd - 1] !== ZULU && zoneMark !== PLUS && zoneMark !== DASH) return false;
    return this.#time.read(bytes, from, timeEnd) && this.#time.hasZone;
  }

  #readTailShort(bytes: Buffer, from: number, to: number): boolean {
    if (to - from < 20 || bytes[from + 19] !== SPACE) return false;
    if (!this.#time.read(bytes, from, from + 19)) return false;
    this.timed = true;
    this.timestampMs = this.#time.timestampMs;
    this.streamNumber = -1;
    this.messageStart = from + 20;
    return true;
  }

  #readSam(bytes: Buffer, from: number, to: number, ascii: boolean): boolean {
    // The stream name starts with its date: `YYYY/MM/DD/`.
    for (let index = 0; index < 10; index += 1) {
      const slash = index === 4 || index === 7;
      if (slash ? bytes[from + index] !== SLASH : !isDigit(bytes[from + index])) return false;
    }
    if (bytes[from + 10] !== SLASH) return false;
    const streamEnd = bytes.indexOf(SPACE, from);
    if (streamEnd === -1 || streamEnd >= to) return false;
    const timeStart = streamEnd + 1;
    let timeEnd = bytes.indexOf(SPACE, timeStart);
    if (timeEnd === -1 || timeEnd > to) timeEnd = to;
    if (!this.#time.read(bytes, timeStart, timeEnd)) return false;
    this.timed = true;
    this.timestampMs = this.#time.timestampMs;
    this.streamNumber = this.streams.numberOf(bytes, from, streamEnd, ascii);
    this.messageStart = timeEnd < to ? timeEnd + 1 : timeEnd;
    return true;
  }
}
