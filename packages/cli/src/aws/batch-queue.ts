/**
 * A single-consumer queue of batches between producers (poll loops, Live Tail sessions) and an async iterator, with
 * backpressure: producers await `writable()` while the consumer lags, so a slow screen slows the reading instead
 * of growing memory. Live Tail then stops reading its socket and TCP holds the rest.
 */
export class BatchQueue<T> {
  readonly #items: T[] = [];
  #ended = false;
  #error: unknown;
  #failed = false;
  #wakeConsumer: (() => void) | undefined;
  readonly #wakeProducers: (() => void)[] = [];

  constructor(readonly highWaterMark: number) {}

  push(item: T): void {
    if (this.#ended) return;
    this.#items.push(item);
    this.#wakeConsumer?.();
  }

  /** Resolves at once while the queue is below its high-water mark, else when the consumer catches up. */
  writable(): Promise<void> {
    if (this.#items.length < this.highWaterMark || this.#ended) return Promise.resolve();
    return new Promise((resolve) => this.#wakeProducers.push(resolve));
  }

  end(): void {
    this.#ended = true;
    this.#wakeConsumer?.();
    for (const wake of this.#wakeProducers.splice(0)) wake();
  }

  fail(error: unknown): void {
    if (this.#ended) return;
    this.#failed = true;
    this.#error = error;
    this.end();
  }

  async *drain(): AsyncGenerator<T, void, undefined> {
    for (;;) {
      const item = this.#items.shift();
      if (item !== undefined) {
        if (this.#items.length < this.highWaterMark) for (const wake of this.#wakeProducers.splice(0)) wake();
        yield item;
        continue;
      }
      if (this.#ended) {
        if (this.#failed) throw this.#error;
        return;
      }
      await new Promise<void>((resolve) => {
        this.#wakeConsumer = resolve;
      });
      this.#wakeConsumer = undefined;
    }
  }
}
