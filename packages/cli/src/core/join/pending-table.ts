import type { PendingInvocation } from './pending-invocation.js';

/**
 * Open invocations by request id, and completed ones as `null` tombstones kept oldest first (Maps iterate in insertion
 * order), so a repeated line is recognised with the same single lookup. At most `window` tombstones are kept.
 */
export class PendingTable {
  readonly #entries = new Map<string, PendingInvocation | null>();
  // The Map's keys in insertion order, oldest at #head, and whether each is a real request id: forgetting walks these,
  // because a walk of the Map from its start crosses every slot deleted since it was last compacted, every time.
  readonly #order: string[] = [];
  readonly #known: boolean[] = [];
  #head = 0;
  #live = 0;
  #tombstones = 0;

  constructor(readonly window: number) {}

  /** The open invocation, `null` when the id was completed within the window, undefined when never seen. */
  get(requestId: string): PendingInvocation | null | undefined {
    return this.#entries.get(requestId);
  }

  add(invocation: PendingInvocation): void {
    this.#entries.set(invocation.requestId, invocation);
    this.#order.push(invocation.requestId);
    this.#known.push(invocation.requestIdKnown);
    this.#live += 1;
  }

  /**
   * Whether `invocation` is the open one for its id: not completed yet. An id's open invocation is never replaced (a
   * second one is only added after a miss), so this needs no lookup.
   */
  holds(invocation: PendingInvocation): boolean {
    return !invocation.retired;
  }

  /** Completes an invocation: a known id leaves a tombstone, a synthetic one leaves nothing. */
  retire(invocation: PendingInvocation): void {
    invocation.retired = true;
    this.#live -= 1;
    if (!invocation.requestIdKnown) {
      this.#entries.delete(invocation.requestId);
      return;
    }
    this.#entries.set(invocation.requestId, null);
    this.#tombstones += 1;
    if (this.#tombstones > this.window) this.#forgetOldest();
  }

  get live(): number {
    return this.#live;
  }

  /** The open invocations, as a snapshot (completing them while iterating is safe). */
  open(): PendingInvocation[] {
    const open: PendingInvocation[] = [];
    for (const entry of this.#entries.values()) if (entry !== null) open.push(entry);
    return open;
  }

  /** Forgets the oldest tombstones, in the Map's own order, until half the window is left. */
  #forgetOldest(): void {
    const order = this.#order;
    const known = this.#known;
    const kept: number[] = [];
    let index = this.#head;
    for (; index < order.length && this.#tombstones > this.window / 2; index += 1) {
      // A synthetic id is never a tombstone (it leaves the Map when completed), so its place does not matter.
      if (known[index] !== true) continue;
      const requestId = order[index] as string;
      const entry = this.#entries.get(requestId);
      if (entry === null) {
        this.#entries.delete(requestId);
        this.#tombstones -= 1;
      } else if (entry !== undefined) {
        kept.push(index);
      }
    }
    // The open ones walked over keep their places, just before the rest.
    let write = index;
    for (let at = kept.length - 1; at >= 0; at -= 1) {
      write -= 1;
      const from = kept[at] as number;
      order[write] = order[from] as string;
      known[write] = known[from] as boolean;
    }
    this.#head = write;
    if (write > 4096 && write * 2 > order.length) {
      order.copyWithin(0, write);
      order.length -= write;
      known.copyWithin(0, write);
      known.length -= write;
      this.#head = 0;
    }
  }
}
