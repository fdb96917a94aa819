import { STREAM_SLOTS } from '../core/join/log-frames.js';
import { decodeBytes } from '../core/parse/byte-text.js';

const MAX_INTERNED = 100_000;

/**
 * Log stream names read from bytes, interned in STREAM_SLOTS direct-mapped slots (a few thousand environments
 * interleave in a busy log): each line's name is compared byte for byte with the one cached in its
 * slot, so the thousands of lines of one environment share one string and make none. The slot is keyed by the
 * name's length and last bytes (the environment id's random hex), found without hashing the whole name.
 */
export class StreamNameCache {
  /** The slot of the name the last `intern` returned; callers may cache per-stream state under it. */
  slot = 0;

  readonly #bytes = new Array<Buffer | undefined>(STREAM_SLOTS).fill(undefined);
  readonly #names = new Array<string>(STREAM_SLOTS).fill('');
  readonly #interned = new Map<string, string>();

  intern(bytes: Buffer, start: number, end: number, ascii: boolean): string {
    const length = end - start;
    const slot =
      (length * 31 +
        (bytes[end - 1] ?? 0) * 7 +
        (bytes[end - 2] ?? 0) * 131 +
        (bytes[end - 3] ?? 0) * 1031 +
        (bytes[end - 4] ?? 0) * 8191) &
      (STREAM_SLOTS - 1);
    this.slot = slot;
    const cached = this.#bytes[slot];
    if (cached !== undefined && cached.length === length && equalsAt(bytes, start, cached)) {
      return this.#names[slot] as string;
    }
    const name = decodeBytes(bytes, start, end, ascii);
    let interned = this.#interned.get(name);
    if (interned === undefined) {
      interned = name;
      if (this.#interned.size >= MAX_INTERNED) this.#interned.clear();
      this.#interned.set(name, name);
    }
    this.#bytes[slot] = Buffer.from(bytes.subarray(start, end));
    this.#names[slot] = interned;
    return interned;
  }
}

function equalsAt(bytes: Buffer, start: number, expected: Buffer): boolean {
  // Backwards: names of one function share their start and differ in the random id at the end.
  for (let index = expected.length - 1; index >= 0; index -= 1) {
    if (bytes[start + index] !== expected[index]) return false;
  }
  return true;
}
