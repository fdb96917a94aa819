import { createHash } from 'node:crypto';
import type { LogEvent } from '../core/log-event.js';

/**
 * Live Tail's events carry no eventId, so where Live Tail and FilterLogEvents overlap (the catch-up before a session,
 * the fallback to polling after one) an event is recognised by its content: stream, event time and message. A
 * count per key, not a set, keeps two identical lines in the same millisecond apart: each copy one side emitted
 * cancels one copy on the other side. Keys are hashed (a message can be 256 KB) and forgotten by event time, like
 * SeenEventIds.
 */
export class ContentKeyCounter {
  readonly #entries = new Map<string, { count: number; timestampMs: number }>();

  get size(): number {
    return this.#entries.size;
  }

  static keyOf(event: LogEvent): string {
    return createHash('sha256')
      .update(`${event.logStream ?? ''}\u0000${event.timestampMs ?? ''}\u0000`)
      .update(event.message)
      .digest('base64');
  }

  add(key: string, timestampMs: number): void {
    const entry = this.#entries.get(key);
    if (entry === undefined) this.#entries.set(key, { count: 1, timestampMs });
    else entry.count += 1;
  }

  /** True (and one copy fewer) when the other side already emitted this event. */
  consume(key: string): boolean {
    const entry = this.#entries.get(key);
    if (entry === undefined) return false;
    entry.count -= 1;
    if (entry.count === 0) this.#entries.delete(key);
    return true;
  }

  forgetBefore(startMs: number): void {
    for (const [key, entry] of this.#entries) if (entry.timestampMs < startMs) this.#entries.delete(key);
  }
}
