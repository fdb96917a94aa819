/**
 * The eventIds a follow loop has emitted, each with its event time, forgotten once the loop's queries can no longer
 * return them. FilterLogEvents returns only events at or after its startTime, and the loop's startTime never moves
 * back, so an id older than the next startTime can never come again: `forgetBefore(nextStartMs)` cannot cause a
 * repeat. What is kept is therefore the events of one overlap window; `limit` caps even that, by raising the floor.
 */
export class SeenEventIds {
  readonly #times = new Map<string, number>();

  constructor(readonly limit: number) {}

  get size(): number {
    return this.#times.size;
  }

  has(eventId: string): boolean {
    return this.#times.has(eventId);
  }

  add(eventId: string, timestampMs: number): void {
    this.#times.set(eventId, timestampMs);
  }

  forgetBefore(startMs: number): void {
    for (const [eventId, timestampMs] of this.#times) if (timestampMs < startMs) this.#times.delete(eventId);
  }

  /**
   * Above the limit, forgets the oldest milliseconds whole and returns the new floor (one past the newest forgotten
   * time): the caller must never query below it again, or a forgotten event would be emitted twice. Undefined when
   * nothing had to go.
   */
  enforceLimit(): number | undefined {
    if (this.#times.size <= this.limit) return undefined;
    const times = [...this.#times.values()].sort((left, right) => left - right);
    const cutoff = times[this.#times.size - this.limit - 1];
    if (cutoff === undefined) return undefined;
    this.forgetBefore(cutoff + 1);
    return cutoff + 1;
  }
}
