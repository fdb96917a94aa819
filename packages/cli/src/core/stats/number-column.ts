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
  copyInto(target: Float64Array, offset: number): number {
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
}

/** All values of several columns in one new array. */
export function concatColumns(columns: readonly NumberColumn[]): Float64Array {
  const values = new Float64Array(columns.reduce((total, column) => total + column.length, 0));
  let offset = 0;
  for (const column of columns) offset = column.copyInto(values, offset);
  return values;
}
