import { viewOf } from '../core/parse/byte-text.js';
import { isoTimeEnd, parseIsoTimeMs } from '../core/time/iso-time.js';

const SECOND_BYTES = 19;
const DOT = 46;
/** Fractions up to microseconds are read as an integer (what `aws logs tail` prints); longer ones as parseIsoTimeMs. */
const INTEGER_DIGITS = 6;
const SCALE_TO_MICROSECONDS = [1_000_000, 100_000, 10_000, 1_000, 100, 10, 1];

/**
 * Reads ISO 8601 date-times straight from bytes, exactly as `parseIsoTimeMs` and `isoTimeEnd` read them. Consecutive
 * log lines share their second: the date, time of day and zone are parsed once per distinct second and zone, and each
 * line then compares its 19 bytes (five words) and its zone, and adds its fraction in arithmetic. No string per line,
 * no Date.parse.
 */
export class ByteTimeReader {
  /** Results of the last successful `read`. */
  timestampMs = 0;
  hasZone = false;

  #secondKnown = false;
  // The cached second's 19 bytes as the little-endian words at offsets 0, 4, 8, 12 and 15.
  #word0 = 0;
  #word4 = 0;
  #word8 = 0;
  #word12 = 0;
  #word15 = 0;
  #zone = new Uint8Array(0);
  #zoneHead = 0;
  #zoneTail = 0;
  #secondMs = 0;

  /** Whether `bytes[from, end)` is exactly one ISO 8601 date-time; when it is, sets `timestampMs` and `hasZone`. */
  read(bytes: Buffer, from: number, end: number): boolean {
    if (end - from < SECOND_BYTES) return false;
    if (this.#secondKnown) {
      const view = viewOf(bytes);
      if (
        view.getInt32(from + 15, true) === this.#word15 &&
        view.getInt32(from + 12, true) === this.#word12 &&
        view.getInt32(from + 8, true) === this.#word8 &&
        view.getInt32(from + 4, true) === this.#word4 &&
        view.getInt32(from, true) === this.#word0
      ) {
        let position = from + SECOND_BYTES;
        let fraction = 0;
        let digits = 0;
        if (bytes[position] === DOT) {
          position += 1;
          for (; position < end; position += 1) {
            const digit = (bytes[position] as number) - 48;
            if (digit < 0 || digit > 9) break;
            fraction = fraction * 10 + digit;
            digits += 1;
          }
        }
        if (this.#isZoneAt(bytes, position, end)) {
          // Microseconds as an integer give the very double parseIsoTimeMs's float steps round to (checked for all
          // 1,111,110 fractions of up to six digits); longer fractions take its own steps.
          this.timestampMs =
            digits <= INTEGER_DIGITS
              ? this.#secondMs + (fraction * (SCALE_TO_MICROSECONDS[digits] as number)) / 1000
              : this.#secondMs + Math.round(longFractionMs(bytes, from + SECOND_BYTES + 1, end) * 1000) / 1000;
          return true;
        }
      }
    }
    return this.#readSlowly(bytes, from, end);
  }

  #isZoneAt(bytes: Buffer, position: number, end: number): boolean {
    const zone = this.#zone;
    if (end - position !== zone.length) return false;
    if (zone.length >= 4) {
      // Its first and last four bytes (they overlap for `+0000`), as words.
      const view = viewOf(bytes);
      return view.getInt32(position, true) === this.#zoneHead && view.getInt32(end - 4, true) === this.#zoneTail;
    }
    for (let index = 0; index < zone.length; index += 1) if (bytes[position + index] !== zone[index]) return false;
    return true;
  }

  #readSlowly(bytes: Buffer, from: number, end: number): boolean {
    // latin1 keeps one character per byte: any byte above 0x7f is then a non-digit, and the token is rejected.
    const token = bytes.toString('latin1', from, end);
    if (isoTimeEnd(token, 0) !== token.length) return false;
    const timestampMs = parseIsoTimeMs(token, 0);
    if (timestampMs === undefined) return false;
    let zoneStart = SECOND_BYTES;
    if (token.charCodeAt(zoneStart) === DOT) {
      zoneStart += 1;
      while (zoneStart < token.length && token.charCodeAt(zoneStart) >= 48 && token.charCodeAt(zoneStart) <= 57) {
        zoneStart += 1;
      }
    }
    const zone = token.slice(zoneStart);
    const view = viewOf(bytes);
    this.#word0 = view.getInt32(from, true);
    this.#word4 = view.getInt32(from + 4, true);
    this.#word8 = view.getInt32(from + 8, true);
    this.#word12 = view.getInt32(from + 12, true);
    this.#word15 = view.getInt32(from + 15, true);
    this.#zone = Uint8Array.from(zone, (character) => character.charCodeAt(0));
    if (zone.length >= 4) {
      this.#zoneHead = view.getInt32(end - zone.length, true);
      this.#zoneTail = view.getInt32(end - 4, true);
    }
    this.#secondMs = parseIsoTimeMs(`${token.slice(0, SECOND_BYTES)}${zone}`, 0) ?? timestampMs;
    this.#secondKnown = true;
    this.timestampMs = timestampMs;
    this.hasZone = zone.length > 0;
    return true;
  }
}

/** The fraction's milliseconds by parseIsoTimeMs's own float steps, from its first digit at `start`. */
function longFractionMs(bytes: Buffer, start: number, end: number): number {
  let fractionMs = 0;
  let scale = 100;
  for (let position = start; position < end; position += 1) {
    const digit = (bytes[position] as number) - 48;
    if (digit < 0 || digit > 9) break;
    fractionMs += digit * scale;
    scale /= 10;
  }
  return fractionMs;
}
