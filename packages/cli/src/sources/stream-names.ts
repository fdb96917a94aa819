import { decodeBytes, viewOf } from '../core/parse/byte-text.js';

/** Direct-mapped slots: a few thousand environments interleave in a busy log. */
const SLOTS = 4096;
/** Past this many names the numbering starts over (a consumer then forgets its own per-stream tables). */
const MAX_NAMES = 100_000;
/**
 * Where the name's length is guessed from: two bytes past the date a stream name starts with (`YYYY/MM/DD/`), the
 * start of the function name or of `[version]`, which fix the length (the id part after them has a fixed length).
 */
const GUESS_AT = 11;
const GUESSES = 1024;
const NO_NAME = new DataView(new ArrayBuffer(0));

/**
 * Log stream names read from bytes and numbered: each line's name is compared word by word with the one cached in its
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
  readonly #slotLengths = new Int32Array(SLOTS).fill(-1);
  readonly #slotNames = new Array<DataView>(SLOTS).fill(NO_NAME);
  readonly #slotNumbers = new Int32Array(SLOTS);
  /** The length of the last name found, by the two bytes at GUESS_AT (0: none yet). */
  readonly #lengthGuesses = new Int32Array(GUESSES);

  /** `firstNumber`: where numbering starts (a second cache taking over from a first one continues its numbers). */
  constructor(firstNumber = 0) {
    this.#next = firstNumber;
    this.#firstNew = firstNumber;
  }

  /** How many times the numbering started over. */
  restarts = 0;
  /** The length of the name the last `numberAt` found. */
  foundLength = 0;

  /** The next number a new name would get. */
  get nextNumber(): number {
    return this.#next;
  }

  /**
   * The number of a cached name that `bytes` hold from `start`, ending at `to` or before a space, when its length is
   * the one last found for names starting like it; -1 otherwise. A cached name holds no space (each was first cut at
   * one), so a match is exactly what a search for the first space would have cut: this only saves the search.
   */
  numberAt(bytes: Buffer, start: number, to: number): number {
    const length = this.#lengthGuesses[guessOf(bytes, start)] as number;
    const end = start + length;
    if (length === 0 || end > to || (end < to && bytes[end] !== 32)) return -1;
    const slot = slotOf(bytes, end, length);
    if (this.#slotLengths[slot] !== length || !this.#matches(bytes, start, length, slot)) return -1;
    this.foundLength = length;
    return this.#slotNumbers[slot] as number;
  }

  /** The number of the name `bytes[start, end)`. */
  numberOf(bytes: Buffer, start: number, end: number, ascii: boolean): number {
    const length = end - start;
    const slot = slotOf(bytes, end, length);
    this.#lengthGuesses[guessOf(bytes, start)] = length;
    if (this.#slotLengths[slot] === length && this.#matches(bytes, start, length, slot)) {
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
    const copy = Uint8Array.prototype.slice.call(bytes, start, end);
    this.#slotLengths[slot] = length;
    this.#slotNames[slot] = new DataView(copy.buffer, copy.byteOffset, copy.byteLength);
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

  /** Whether `bytes[start, start + length)` is the name cached in `slot` (of that length), compared four bytes a step. */
  #matches(bytes: Buffer, start: number, length: number, slot: number): boolean {
    const cached = this.#slotNames[slot] as DataView;
    if (length < 4) {
      for (let index = 0; index < length; index += 1) {
        if (bytes[start + index] !== cached.getUint8(index)) return false;
      }
      return true;
    }
    const view = viewOf(bytes);
    // From the end: names of one function differ in their last bytes. The first word may overlap the second.
    for (let index = length - 4; index > 0; index -= 4) {
      if (view.getInt32(start + index, true) !== cached.getInt32(index, true)) return false;
    }
    return view.getInt32(start, true) === cached.getInt32(0, true);
  }

  #restart(): void {
    this.#numbers.clear();
    this.#slotLengths.fill(-1);
    this.#slotNames.fill(NO_NAME);
    this.#newNames = [];
    this.#next = 0;
    this.#firstNew = 0;
    this.#restarted = true;
    this.restarts += 1;
  }
}

/** Where the length of a name starting at `start` is guessed from (bytes past the line only make a worse guess). */
function guessOf(bytes: Buffer, start: number): number {
  return (((bytes[start + GUESS_AT] ?? 0) << 5) ^ (bytes[start + GUESS_AT + 1] ?? 0)) & (GUESSES - 1);
}

/** The slot of a name of `length` bytes ending at `end`: its length and last four bytes. */
function slotOf(bytes: Buffer, end: number, length: number): number {
  return (
    (length * 31 +
      (bytes[end - 1] ?? 0) * 7 +
      (bytes[end - 2] ?? 0) * 131 +
      (bytes[end - 3] ?? 0) * 1031 +
      (bytes[end - 4] ?? 0) * 8191) &
    (SLOTS - 1)
  );
}
