import type { WarningKind } from './warning-kind.js';

/** Per-process tally of the SDK's own failures; the first of each kind is the one that gets written. */
export class WarningCounter {
  readonly #counts = new Map<WarningKind, number>();

  /** Counts one occurrence and says whether it is the first of its kind. */
  count(kind: WarningKind): boolean {
    const next = (this.#counts.get(kind) ?? 0) + 1;
    this.#counts.set(kind, next);
    return next === 1;
  }

  /** Occurrences so far; undefined when the kind never happened. */
  get(kind: WarningKind): number | undefined {
    return this.#counts.get(kind);
  }

  snapshot(): Readonly<Partial<Record<WarningKind, number>>> {
    return Object.fromEntries(this.#counts);
  }
}
