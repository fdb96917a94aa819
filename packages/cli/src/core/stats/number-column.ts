const CHUNK_LENGTH = 16_384;

type ColumnKind = 'float64' | 'float32';

/**
 * An append-only column of numbers in fixed-size typed-array chunks: 8 (or 4) bytes a value, no per-value object,
 * and growth never copies (a doubling array would briefly hold twice its size). Read back as one array for sorting.
 */
export class NumberColumn {
  readonly #kind: ColumnKind;
  readonly #chunks: (Float64Array | Float32Array)[] = [];
  #current: Float64Array | Float32Array;
  #fill = 0;
  #length = 0;

  constructor(kind: ColumnKind = 'float64') {
    this.#kind = kind;
    this.#current = this.#newChunk();
    this.#chunks.push(this.#current);
  }

  #newChunk(): Float64Array | Float32Array {
    return this.#kind === 'float64' ? new Float64Array(CHUNK_LENGTH) : new Float32Array(CHUNK_LENGTH);
  }

  get length(): number {
    return this.#length;
  }

  push(value: number): void {
    if (this.#fill === CHUNK_LENGTH) {
      this.#current = this.#newChunk();
      this.#chunks.push(this.#current);
      this.#fill = 0;
    }
    this.#current[this.#fill] = value;
    this.#fill += 1;
    this.#length += 1;
  }

  /** Copies every value into `target` from `offset`; returns the offset after the last one. */
  copyInto(target: Float64Array | Float32Array, offset: number): number {
    let position = offset;
    for (let index = 0; index < this.#chunks.length; index += 1) {
      const chunk = this.#chunks[index];
      if (chunk === undefined) continue;
      const used = index === this.#chunks.length - 1 ? this.#fill : CHUNK_LENGTH;
      target.set(used === CHUNK_LENGTH ? chunk : chunk.subarray(0, used), position);
      position += used;
    }
    return position;
  }

  toFloat64Array(): Float64Array {
    const values = new Float64Array(this.#length);
    this.copyInto(values, 0);
    return values;
  }

  /** The values in insertion order, in the column's own precision; the column is emptied (its chunks freed). */
  drain(): Float64Array | Float32Array {
    const values = this.#kind === 'float64' ? new Float64Array(this.#length) : new Float32Array(this.#length);
    this.copyInto(values, 0);
    this.#chunks.length = 0;
    this.#current = this.#newChunk();
    this.#chunks.push(this.#current);
    this.#fill = 0;
    this.#length = 0;
    return values;
  }

  /** `drain()`, sorted ascending: at the end of a report the sorted copy replaces the chunks, never doubling them. */
  drainSorted(): Float64Array | Float32Array {
    return this.drain().sort();
  }
}
