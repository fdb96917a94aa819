/** Spare chunks kept: the tapes of a file in flight hold two or three at a time. */
const MAX_SPARE = 4;

/**
 * Read buffers used again once the tapes cut from them are read: a large file is then read into the same few
 * buffers, where a fresh one per read costs a page fault per 4 KB and the kernel's zeroing (~40 ms per 190 MB on
 * the machine the benchmark ran on, a third of the time the read itself takes). Only buffers this pool made come
 * back; any other is ignored.
 */
export class ChunkPool {
  readonly chunkBytes: number;
  readonly #spare: ArrayBuffer[] = [];
  readonly #made = new WeakSet<ArrayBuffer>();

  constructor(chunkBytes: number) {
    this.chunkBytes = chunkBytes;
  }

  /** A buffer of `chunkBytes` that owns its memory (so it can also be moved to another thread). */
  take(): Buffer {
    const spare = this.#spare.pop();
    if (spare !== undefined) return Buffer.from(spare);
    const buffer = Buffer.allocUnsafeSlow(this.chunkBytes);
    this.#made.add(buffer.buffer as ArrayBuffer);
    return buffer;
  }

  /** Gives back a chunk (or part of one) taken from this pool, once nothing reads it any more. */
  give(chunk: Uint8Array): void {
    const memory = chunk.buffer;
    if (!(memory instanceof ArrayBuffer) || !this.#made.has(memory) || this.#spare.length >= MAX_SPARE) return;
    if (!this.#spare.includes(memory)) this.#spare.push(memory);
  }
}
