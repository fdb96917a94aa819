import type { InvocationRecord } from '../core/join/invocation-record.js';
import { EnvironmentTracker, LEAK_RULE, type MemoryGrowth } from '../core/stats/environment-growth.js';
import { toOwnedString } from '../core/text/owned-string.js';

/** The leak test sorts its samples: run it every this many warm invocations of an environment, not on each. */
const LEAK_CHECK_EVERY = 8;

/** One execution environment (one log stream) of one function, as the drill-down lists it. */
export interface EnvironmentView {
  readonly logStream: string;
  readonly invocations: number;
  readonly firstMs: number;
  readonly lastMs: number;
  /** The Init Duration of the cold start that created it, when the window saw it. */
  readonly initDurationMs: number | undefined;
  readonly memorySizeMb: number | undefined;
  readonly lastMaxMemoryUsedMb: number | undefined;
  readonly growth: MemoryGrowth | undefined;
}

class EnvironmentState {
  readonly tracker: EnvironmentTracker;
  initDurationMs: number | undefined = undefined;
  lastMaxMemoryUsedMb: number | undefined = undefined;
  lastMs: number;
  leakReported = false;

  constructor(
    readonly logStream: string,
    readonly firstMs: number,
  ) {
    this.tracker = new EnvironmentTracker(logStream);
    this.lastMs = firstMs;
  }
}

/**
 * The execution environments of one function, most recently used last, at most `capacity` of them: an environment
 * not seen for the whole window, or pushed out by newer ones, is forgotten.
 */
export class EnvironmentTable {
  readonly #environments = new Map<string, EnvironmentState>();

  constructor(readonly capacity: number) {}

  /** Counts the invocation; returns the environment's memory growth the first time it looks like a leak. */
  add(record: InvocationRecord, timeMs: number): MemoryGrowth | undefined {
    const logStream = record.logStream;
    if (logStream === undefined || this.capacity === 0) return undefined;
    let state = this.#environments.get(logStream);
    if (state === undefined) {
      state = new EnvironmentState(toOwnedString(logStream), timeMs);
      while (this.#environments.size >= this.capacity) {
        const oldest = this.#environments.keys().next();
        if (oldest.done === true) break;
        this.#environments.delete(oldest.value);
      }
    } else {
      this.#environments.delete(logStream);
    }
    this.#environments.set(state.logStream, state);
    if (record.coldStart !== undefined && record.initDurationMs !== undefined) {
      state.initDurationMs = record.initDurationMs;
    }
    if (record.maxMemoryUsedMb !== undefined) state.lastMaxMemoryUsedMb = record.maxMemoryUsedMb;
    if (timeMs > state.lastMs) state.lastMs = timeMs;
    // The cold invocation's memory includes the init, so only warm ones show a trend (as in the report).
    state.tracker.add(record.coldStart === undefined ? record.maxMemoryUsedMb : undefined, record.memorySizeMb, timeMs);
    const warm = state.tracker.warmInvocations;
    if (state.leakReported || warm < LEAK_RULE.minWarmInvocations || warm % LEAK_CHECK_EVERY !== 0) return undefined;
    const growth = state.tracker.growth();
    if (growth?.suspectedLeak !== true) return undefined;
    state.leakReported = true;
    return growth;
  }

  /** Forgets environments last seen before `ms`. */
  evictBefore(ms: number): void {
    for (const [logStream, state] of this.#environments) {
      if (state.lastMs < ms) this.#environments.delete(logStream);
    }
  }

  get size(): number {
    return this.#environments.size;
  }

  /** Each environment's invocation count, without the per-environment memory trend `list` computes. */
  invocationCounts(): number[] {
    return [...this.#environments.values()].map((state) => state.tracker.invocations);
  }

  /** Most recently used first. */
  list(): EnvironmentView[] {
    return [...this.#environments.values()].reverse().map((state) => ({
      logStream: state.logStream,
      invocations: state.tracker.invocations,
      firstMs: state.firstMs,
      lastMs: state.lastMs,
      initDurationMs: state.initDurationMs,
      memorySizeMb: state.tracker.memorySizeMb,
      lastMaxMemoryUsedMb: state.lastMaxMemoryUsedMb,
      growth: state.tracker.growth(),
    }));
  }

  /** Environments whose memory kept growing, largest growth first. */
  leaks(): MemoryGrowth[] {
    return [...this.#environments.values()]
      .filter((state) => state.leakReported)
      .flatMap((state) => {
        const growth = state.tracker.growth();
        return growth?.suspectedLeak === true ? [growth] : [];
      })
      .sort((left, right) => right.growthMb - left.growthMb);
  }
}
