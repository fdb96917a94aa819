import { type ByteString, equalsBytesAt, toByteString } from '../core/parse/byte-text.js';
import { isoTimeEnd, parseIsoTimeMs } from '../core/time/iso-time.js';

const SECOND_BYTES = 19;
const DOT = 46;

/**
 * Reads ISO 8601 date-times straight from bytes, exactly as `parseIsoTimeMs` and `isoTimeEnd` read them. Consecutive
 * log lines share their second: the date, time of day and zone are parsed once per distinct second and zone, and each
 * line then compares 19 bytes and adds its fraction in arithmetic. No string per line, no Date.parse.
 */
export class ByteTimeReader {
  /** Results of the last successful `read`. */
  timestampMs = 0;
  hasZone = false;

  #second: ByteString = toByteString(new Uint8Array(SECOND_BYTES));
  #secondKnown = false;
  #zone: ByteString = toByteString(new Uint8Array(0));
  #secondMs = 0;

  /** Whether `bytes[from, end)` is exactly one ISO 8601 date-time; when it is, sets `timestampMs` and `hasZone`. */
  read(bytes: Buffer, from: number, end: number): boolean {
    if (end - from < SECOND_BYTES) return false;
    if (this.#secondKnown && this.#sameSecond(bytes, from)) {
      // parseIsoTimeMs's own fraction arithmetic, so both give the same double.
      let position = from + SECOND_BYTES;
      let fractionMs = 0;
      if (bytes[position] === DOT) {
        position += 1;
        let scale = 100;
        for (; position < end; position += 1) {
          const digit = (bytes[position] ?? 0) - 48;
          if (digit < 0 || digit > 9) break;
          fractionMs += digit * scale;
          scale /= 10;
        }
      }
      if (this.#isZoneAt(bytes, position, end)) {
        this.timestampMs = this.#secondMs + Math.round(fractionMs * 1000) / 1000;
        return true;
      }
    }
    return this.#readSlowly(bytes, from, end);
  }

  #sameSecond(bytes: Buffer, from: number): boolean {
    return equalsBytesAt(bytes, from, this.#second);
  }

  #isZoneAt(bytes: Buffer, position: number, end: number): boolean {
    return end - position === this.#zone.bytes.length && equalsBytesAt(bytes, position, this.#zone);
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
    this.#second = toByteString(Uint8Array.prototype.slice.call(bytes, from, from + SECOND_BYTES));
    this.#zone = toByteString(Buffer.from(zone, 'latin1'));
    this.#secondMs = parseIsoTimeMs(`${token.slice(0, SECOND_BYTES)}${zone}`, 0) ?? timestampMs;
    this.#secondKnown = true;
    this.timestampMs = timestampMs;
    this.hasZone = zone.length > 0;
    return true;
  }
}
