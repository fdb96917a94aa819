import { parseIsoTimeMs } from '../core/time/iso-time.js';

const STREAM_CACHE_SLOTS = 4096;

/**
 * Fast reading of `aws logs tail`'s detailed prefix, `<ISO time with zone> <stream> `, which every line of its output
 * carries: the time is parsed once per distinct second (consecutive lines share it) and stream names are interned,
 * so the thousands of lines of one environment share one string (cheap to compare and to hash downstream).
 * Reads `text[from, to)` in place: the line itself is never copied.
 */
export class TailPrefixReader {
  /** Results of the last successful `read`. */
  messageStart = 0;
  timestampMs: number | undefined = undefined;
  logStream: string | undefined = undefined;

  #secondPrefix = '';
  #secondMs = 0;
  #zone = '';
  readonly #streams = new Map<string, string>();
  readonly #streamCache = new Array<string | undefined>(STREAM_CACHE_SLOTS).fill(undefined);

  /** Reads the prefix of the line `text[from, to)`; false when it has none (a continuation of a multi-line message). */
  read(text: string, from: number, to: number): boolean {
    const timeEnd = text.indexOf(' ', from);
    if (timeEnd === -1 || timeEnd >= to || timeEnd - from < 20 || timeEnd - from > 40) return false;
    if (text.charCodeAt(from + 4) !== 45 || text.charCodeAt(from + 10) !== 84 || text.charCodeAt(from + 13) !== 58) {
      return false;
    }
    const zoneMark = text.charCodeAt(timeEnd - 6);
    if (text.charCodeAt(timeEnd - 1) !== 90 && zoneMark !== 43 && zoneMark !== 45) return false;
    const streamStart = timeEnd + 1;
    let streamEnd = text.indexOf(' ', streamStart);
    if (streamEnd === -1 || streamEnd > to) streamEnd = to;
    if (streamEnd === streamStart) return false;
    const timestampMs = this.#timeOf(text, from, timeEnd);
    if (timestampMs === undefined) return false;
    this.timestampMs = timestampMs;
    this.logStream = this.#streamOf(text, streamStart, streamEnd);
    this.messageStart = streamEnd < to ? streamEnd + 1 : streamEnd;
    return true;
  }

  #timeOf(text: string, from: number, timeEnd: number): number | undefined {
    // Same second and zone as the previous line: only the fraction differs.
    // slice + === compares with memcmp; startsWith walks the characters one by one and costs several times more.
    if (text.slice(from, from + 19) === this.#secondPrefix) {
      let position = from + 19;
      let fractionMs = 0;
      if (text.charCodeAt(position) === 46) {
        position += 1;
        let scale = 100;
        for (; position < timeEnd; position += 1) {
          const digit = text.charCodeAt(position) - 48;
          if (digit < 0 || digit > 9) break;
          fractionMs += digit * scale;
          scale /= 10;
        }
      }
      if (text.slice(position, timeEnd) === this.#zone) {
        return this.#secondMs + Math.round(fractionMs * 1000) / 1000;
      }
    }
    const ms = parseIsoTimeMs(text, from);
    if (ms === undefined) return undefined;
    let zoneStart = from + 19;
    if (text.charCodeAt(zoneStart) === 46) {
      zoneStart += 1;
      while (zoneStart < timeEnd && text.charCodeAt(zoneStart) >= 48 && text.charCodeAt(zoneStart) <= 57)
        zoneStart += 1;
    }
    this.#zone = toFlatString(text.slice(zoneStart, timeEnd));
    this.#secondPrefix = toFlatString(text.slice(from, from + 19));
    this.#secondMs = parseIsoTimeMs(`${this.#secondPrefix}${this.#zone}`, 0) ?? ms;
    return ms;
  }

  #streamOf(text: string, start: number, end: number): string {
    // Streams interleave, so most lines name another stream than the line before: a direct-mapped cache keyed by the
    // name's length and last characters (the environment id's random hex) finds its interned copy without hashing.
    const length = end - start;
    const slot =
      (length * 31 +
        text.charCodeAt(end - 1) * 7 +
        text.charCodeAt(end - 2) * 131 +
        text.charCodeAt(end - 3) * 1031 +
        text.charCodeAt(end - 4) * 8191) &
      (STREAM_CACHE_SLOTS - 1);
    const name = text.slice(start, end);
    const cached = this.#streamCache[slot];
    if (cached === name) return cached;
    let interned = this.#streams.get(name);
    if (interned === undefined) {
      interned = toFlatString(name);
      if (this.#streams.size >= 100_000) this.#streams.clear();
      this.#streams.set(interned, interned);
    }
    this.#streamCache[slot] = interned;
    return interned;
  }
}

/** A flat copy of `text`, sharing no memory with the chunk it was sliced from (and fast to compare). */
function toFlatString(text: string): string {
  return Buffer.from(text).toString();
}
