/**
 * The last `capacity` strings added, for "seen it already?" in bounded memory: a ring of insertion order plus a Set.
 * Duplicates older than the ring are not caught; the caller sizes the ring for the overlaps it expects.
 */
export class RecentSet {
  readonly #ring: (string | undefined)[];
  readonly #members = new Set<string>();
  #next = 0;

  constructor(readonly capacity: number) {
    this.#ring = new Array<string | undefined>(Math.max(1, capacity)).fill(undefined);
  }

  has(value: string): boolean {
    return this.#members.has(value);
  }

  add(value: string): void {
    if (this.#members.has(value)) return;
    const evicted = this.#ring[this.#next];
    if (evicted !== undefined) this.#members.delete(evicted);
    this.#ring[this.#next] = value;
    this.#members.add(value);
    this.#next = (this.#next + 1) % this.#ring.length;
  }

  get size(): number {
    return this.#members.size;
  }
}
