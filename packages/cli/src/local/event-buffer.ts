/**
 * A bounded queue between producers that must never wait (the workers' output) and one consumer that
 * pulls at its own pace (a dashboard, a report). When the consumer falls behind by `capacity` items,
 * new items are dropped and counted instead of growing memory or slowing the producers.
 */
export interface EventBuffer<T> extends AsyncIterable<T> {
  /** Queues an item; false when it was dropped (buffer full or ended). */
  push(item: T): boolean;
  /** No more items: the consumer finishes once it has taken what is queued. */
  end(): void;
  dropped(): number;
  size(): number;
}

export function createEventBuffer<T>(capacity: number, onConsumerReturn: () => void = () => {}): EventBuffer<T> {
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new TypeError(`event buffer: capacity must be a whole number above 0, got ${String(capacity)}`);
  }
  // A ring of fixed size: O(1) push and shift without reallocating under load.
  const ring: (T | undefined)[] = new Array(capacity);
  let head = 0;
  let count = 0;
  let droppedCount = 0;
  let ended = false;
  let iterating = false;
  let waiting: ((result: IteratorResult<T>) => void) | undefined;

  const take = (): T => {
    const item = ring[head] as T;
    ring[head] = undefined;
    head = (head + 1) % capacity;
    count -= 1;
    return item;
  };

  return {
    push(item) {
      if (ended) return false;
      if (waiting !== undefined) {
        const resolve = waiting;
        waiting = undefined;
        resolve({ value: item, done: false });
        return true;
      }
      if (count === capacity) {
        droppedCount += 1;
        return false;
      }
      ring[(head + count) % capacity] = item;
      count += 1;
      return true;
    },
    end() {
      ended = true;
      if (waiting !== undefined) {
        const resolve = waiting;
        waiting = undefined;
        resolve({ value: undefined, done: true });
      }
    },
    dropped: () => droppedCount,
    size: () => count,
    [Symbol.asyncIterator](): AsyncIterator<T> {
      if (iterating) throw new Error('event buffer: only one consumer may iterate');
      iterating = true;
      return {
        next() {
          if (count > 0) return Promise.resolve({ value: take(), done: false });
          if (ended) return Promise.resolve({ value: undefined, done: true });
          return new Promise((resolve) => {
            waiting = resolve;
          });
        },
        return() {
          ended = true;
          count = 0;
          ring.fill(undefined);
          onConsumerReturn();
          return Promise.resolve({ value: undefined, done: true });
        },
      };
    },
  };
}
