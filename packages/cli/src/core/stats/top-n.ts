/** The `capacity` items with the largest keys seen so far, in bounded memory (a min-heap on the key). */
export class TopN<T> {
  readonly #keys: number[] = [];
  readonly #items: T[] = [];

  constructor(readonly capacity: number) {}

  /** Whether an item with this key would be kept; lets callers skip building items that would be dropped. */
  accepts(key: number): boolean {
    return (
      this.capacity > 0 && (this.#keys.length < this.capacity || key > (this.#keys[0] ?? Number.NEGATIVE_INFINITY))
    );
  }

  offer(key: number, item: T): void {
    if (!this.accepts(key)) return;
    if (this.#keys.length < this.capacity) {
      this.#keys.push(key);
      this.#items.push(item);
      this.#siftUp(this.#keys.length - 1);
      return;
    }
    this.#keys[0] = key;
    this.#items[0] = item;
    this.#siftDown(0);
  }

  /** Largest first. */
  toSortedArray(): T[] {
    return this.#keys
      .map((key, index) => ({ key, item: this.#items[index] as T }))
      .sort((left, right) => right.key - left.key)
      .map(({ item }) => item);
  }

  get size(): number {
    return this.#keys.length;
  }

  #swap(left: number, right: number): void {
    const key = this.#keys[left] as number;
    this.#keys[left] = this.#keys[right] as number;
    this.#keys[right] = key;
    const item = this.#items[left] as T;
    this.#items[left] = this.#items[right] as T;
    this.#items[right] = item;
  }

  #siftUp(start: number): void {
    let index = start;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if ((this.#keys[parent] as number) <= (this.#keys[index] as number)) return;
      this.#swap(parent, index);
      index = parent;
    }
  }

  #siftDown(start: number): void {
    let index = start;
    const length = this.#keys.length;
    for (;;) {
      const left = index * 2 + 1;
      const right = left + 1;
      let smallest = index;
      if (left < length && (this.#keys[left] as number) < (this.#keys[smallest] as number)) smallest = left;
      if (right < length && (this.#keys[right] as number) < (this.#keys[smallest] as number)) smallest = right;
      if (smallest === index) return;
      this.#swap(smallest, index);
      index = smallest;
    }
  }
}
