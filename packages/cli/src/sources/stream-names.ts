import { type ByteString, decodeBytes, equalsBytesAt, toByteString } from '../core/parse/byte-text.js';

/** Direct-mapped slots: a few thousand environments interleave in a busy log. */
const SLOTS = 4096;
/** Past this many names the numbering starts over (a consumer then forgets its own per-stream tables). */
const MAX_NAMES = 100_000;

/**
 * Log stream names read from bytes and numbered: each line's name is compared byte for byte with the one cached in its
 * slot, so the thousands of lines of one environment make no string at all. The slot is keyed by the name's length
 * and last bytes (the environment id's random hex), found without hashing the whole name.
 */
export class StreamNameCache {
  /** Names numbered since the last `takeNew`, from `firstNew` on. */
  #newNames: string[] = [];
  #firstNew: number;
  #restarted = false;
  #next: number;
  readonly #numbers = new Map<string, number>();
  readonly #slotBytes = new Array<ByteString | undefined>(SLOTS).fill(undefined);
  readonly #slotNumbers = new Int32Array(SLOTS);

  /** `firstNumber`: where numbering starts (a second cache taking over from a first one continues its numbers). */
  constructor(firstNumber = 0) {
    this.#next = firstNumber;
    this.#firstNew = firstNumber;
  }

  /** How many times the numbering started over. */
  restarts = 0;

  /** The next number a new name would get. */
  get nextNumber(): number {
    return this.#next;
  }

  /** The number of the name `bytes[start, end)`. */
  numberOf(bytes: Buffer, start: number, end: number, ascii: boolean): number {
    const length = end - start;
    const slot =
      (length * 31 +
        (bytes[end - 1] ?? 0) * 7 +
        (bytes[end - 2] ?? 0) * 131 +
        (bytes[end - 3] ?? 0) * 1031 +
        (bytes[end - 4] ?? 0) * 8191) &
      (SLOTS - 1);
    const cached = this.#slotBytes[slot];
    if (cached !== undefined && cached.bytes.length === length && equalsBytesAt(bytes, start, cached)) {
      return this.#slotNumbers[slot] as number;
    }
    const name = decodeBytes(bytes, start, end, ascii);
    let number = this.#numbers.get(name);
    if (number === undefined) {
      if (this.#numbers.size >= MAX_NAMES) this.#restart();
      number = this.#next;
      this.#next += 1;
      this.#numbers.set(name, number);
      this.#newNames.push(name);
    }
    this.#slotBytes[slot] = toByteString(Uint8Array.prototype.slice.call(bytes, start, end));
    this.#slotNumbers[slot] = number;
    return number;
  }

  /** The names numbered since the last call, and whether numbering started over before them. */
  takeNew(): { names: string[]; first: number; restarted: boolean } {
    const taken = { names: this.#newNames, first: this.#firstNew, restarted: this.#restarted };
    this.#newNames = [];
    this.#firstNew = this.#next;
    this.#restarted = false;
    return taken;
  }

  #restart(): void {
    this.#numbers.clear();
    this.#slotBytes.fill(undefined);
    this.#newNames = [];
    this.#next = 0;
    this.#firstNew = 0;
    this.#restarted = true;
    this.restarts += 1;
  }
}
