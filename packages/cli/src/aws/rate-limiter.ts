import { setTimeout as delay } from 'node:timers/promises';

export interface RateLimiterOptions {
  readonly requestsPerSecond: number;
  /** The floor the rate may fall to after throttles (default an eighth of the rate). */
  readonly minRequestsPerSecond?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * One budget for every request lambdatop sends, whatever the log group or API. Grants are spaced at least
 * 1000 / rate ms apart, measured between actual grant times, so any one-second window holds at most ⌈rate⌉ grants
 * even after the event loop stalls (no burst, no catching up). A throttle halves the rate (the quota is the
 * account's, shared with other tools, so backing off is the only fair answer); successes restore it step by step.
 */
export interface RateLimiter {
  /** Resolves when the caller may send one request; rejects if `signal` aborts first. */
  acquire(signal?: AbortSignal): Promise<void>;
  onThrottle(): void;
  onSuccess(): void;
  /** The rate now in force, requests per second. */
  currentRate(): number;
  readonly maxRate: number;
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('The operation was aborted', 'AbortError');
}

const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  delay(ms, undefined, signal === undefined ? {} : { signal });

/** Successes needed to climb back from the floor to the full rate. */
const RECOVERY_STEPS = 16;

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const maxRate = options.requestsPerSecond;
  if (!(Number.isFinite(maxRate) && maxRate > 0)) {
    throw new TypeError(`requestsPerSecond must be a positive number, got ${maxRate}`);
  }
  const minRate = Math.min(maxRate, options.minRequestsPerSecond ?? maxRate / 8);
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  let rate = maxRate;
  let lastGrantAtMs = Number.NEGATIVE_INFINITY;
  // Waiters take turns in arrival order; each turn ends with a grant, an abort or an error.
  let queue: Promise<void> = Promise.resolve();

  const takeTurn = async (signal: AbortSignal | undefined): Promise<void> => {
    for (;;) {
      if (signal?.aborted === true) throw abortError(signal);
      const waitMs = lastGrantAtMs + 1000 / rate - now();
      if (waitMs <= 0) break;
      await sleep(waitMs, signal);
    }
    lastGrantAtMs = now();
  };

  return {
    maxRate,
    acquire(signal) {
      const turn = queue.then(() => takeTurn(signal));
      queue = turn.catch(() => undefined);
      return turn;
    },
    onThrottle() {
      rate = Math.max(minRate, rate / 2);
    },
    onSuccess() {
      if (rate < maxRate) rate = Math.min(maxRate, rate + (maxRate - minRate) / RECOVERY_STEPS);
    },
    currentRate: () => rate,
  };
}
