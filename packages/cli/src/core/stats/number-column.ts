import { sortNumbers } from './sort-numbers.js';

const FIRST_CAPACITY = 16_384;
/** Values copied out per step of `drain`, after which the buffer gives their memory back. */
const DRAIN_STEP = 131_072;
/** Address space reserved per column (committed only as it fills): 268 million float64 values. */
const MAX_BYTES = 2 ** 31;

type ColumnKind = 'float64' | 'float32';

/** ES2024 resizable ArrayBuffers (Node 20 has them; the TypeScript lib this repo targets does not describe them yet). */
interface ResizableArrayBuffer extends ArrayBuffer {
  resize(byteLength: number): void;
}
const ResizableArrayBuffer = ArrayBuffer as unknown as new (
  byteLength: number,
  options: { readonly maxByteLength: number },
) => ResizableArrayBuffer;

/**
 * An append-only column of numbers in one resizable ArrayBuffer: 8 (or 4) bytes a value, no per-value object. Growth
 * commits more of the buffer's reserved memory in place, so it never copies, and `drain` gives the memory back as it
 * copies the values out: the end of a report never holds a column twice.
 */
export class NumberColumn {
  readonly #kind: ColumnKind;
  #buffer: ResizableArrayBuffer;
  #values: Float64Array | Float32Array;
  #length = 0;

  constructor(kind: ColumnKind = 'float64') {
    this.#kind = kind;
    this.#buffer = new ResizableArrayBuffer(0, { maxByteLength: MAX_BYTES });
    this.#values = this.#view(0);
  }

  #view(length: number): Float64Array | Float32Array {
    return this.#kind === 'float64'
      ? new Float64Array(this.#buffer, 0, length)
      : new Float32Array(this.#buffer, 0, length);
  }

  get length(): number {
    return this.#length;
  }

  push(value: number): void {
    if (this.#length === this.#values.length) this.#grow();
    this.#values[this.#length] = value;
    this.#length += 1;
  }

  #grow(): void {
    const capacity = Math.max(FIRST_CAPACITY, this.#values.length * 2);
    const bytes = Math.min(MAX_BYTES, capacity * this.#values.BYTES_PER_ELEMENT);
    if (bytes <= this.#buffer.byteLength) throw new RangeError(`a statistics column is full (${this.#length} values)`);
    this.#buffer.resize(bytes);
    this.#values = this.#view(bytes / this.#values.BYTES_PER_ELEMENT);
  }

  /** Copies every value into `target` from `offset`; returns the offset after the last one. */
  copyInto(target: Float64Array | Float32Array, offset: number): number {
    target.set(this.#values.subarray(0, this.#length), offset);
    return offset + this.#length;
  }

  toFloat64Array(): Float64Array {
    const values = new Float64Array(this.#length);
    this.copyInto(values, 0);
    return values;
  }

  /**
   * The values in insertion order, in a plain array of the column's own precision; the column starts over empty. The
   * copy is made from the end backwards while the buffer shrinks behind it, so the values are never held twice (and
   * every array the statistics read is an ordinary one, which keeps their loops monomorphic).
   */
  drain(): Float64Array | Float32Array {
    const length = this.#length;
    const bytesPerValue = this.#values.BYTES_PER_ELEMENT;
    const values = this.#kind === 'float64' ? new Float64Array(length) : new Float32Array(length);
    for (let end = length; end > 0; end -= DRAIN_STEP) {
      const start = Math.max(0, end - DRAIN_STEP);
      const part =
        this.#kind === 'float64'
          ? new Float64Array(this.#buffer, start * bytesPerValue, end - start)
          : new Float32Array(this.#buffer, start * bytesPerValue, end - start);
      values.set(part, start);
      this.#buffer.resize(start * bytesPerValue);
    }
    this.#buffer = new ResizableArrayBuffer(0, { maxByteLength: MAX_BYTES });
    this.#values = this.#view(0);
    this.#length = 0;
    return values;
  }

  /** `drain()`, sorted ascending in place. */
  drainSorted(): Float64Array | Float32Array {
    return sortNumbers(this.drain());
  }
}
