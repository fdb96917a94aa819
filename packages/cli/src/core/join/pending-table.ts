import type { PendingInvocation } from './pending-invocation.js';

/**
 * Open invocations by request id, and completed ones as `null` tombstones kept oldest first (Maps iterate in insertion
 * order), so a repeated line is recognised with the same single lookup. At most `window` tombstones are kept.
 */
export class PendingTable {
  readonly #entries = new Map<string, PendingInvocation | null>();
  #live = 0;
  #tombstones = 0;

  constructor(readonly window: number) {}

  /** The open invocation, `null` when the id was completed within the window, undefined when never seen. */
  get(requestId: string): PendingInvocation | null | undefined {
    return this.#entries.get(requestId);
  }

  add(invocation: PendingInvocation): void {
    this.#entries.set(invocation.requestId, invocation);
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

  #forgetOldest(): void {
    for (const [requestId, entry] of this.#entries) {
      if (this.#tombstones <= this.window / 2) return;
      if (entry === null) {
        this.#entries.delete(requestId);
        this.#tombstones -= 1;
      }
    }
  }
}
