import type { LogEvent } from '../core/log-event.js';
import type { AwsSession } from './aws-session.js';
import { BatchQueue } from './batch-queue.js';
import type { FollowBatchInfo, FollowMode, FollowStatus } from './follow-status.js';
import type { LogGroupPoller } from './log-group-poller.js';

const MAX_WARNINGS = 50;
/** Batches queued for a slow consumer before producers wait. */
const QUEUE_BATCHES = 64;

/**
 * What the poll loop and the Live Tail loops of one follow source share: the queue they emit into, each group's
 * poller, which groups are polled, the counters the status reports, and the warnings.
 */
export class FollowState {
  readonly queue = new BatchQueue<readonly LogEvent[]>(QUEUE_BATCHES);
  readonly batchInfo = new WeakMap<readonly LogEvent[], FollowBatchInfo>();
  readonly pollers = new Map<string, LogGroupPoller>();
  /** Log groups read by polling (all of them without Live Tail; those that fell back with it). */
  readonly polling = new Set<string>();
  readonly warnings: string[] = [];
  /** Polls count into this (the poller's counters); Live Tail's duplicates go to liveDuplicates. */
  readonly pollCounts = { events: 0, duplicates: 0 };
  mode: FollowMode = 'starting';
  sampled = false;
  sampledUpdates = 0;
  logGroups: readonly string[] = [];
  liveSessions = 0;
  events = 0;
  liveDuplicates = 0;
  pollIntervalMs: number | undefined;
  #wakePollLoop: (() => void) | undefined;

  constructor(
    readonly session: AwsSession,
    readonly signal: AbortSignal,
    readonly now: () => number,
    private readonly onWarning: ((message: string) => void) | undefined,
  ) {}

  /** Each distinct warning once, the latest 50 kept. */
  warn(message: string): void {
    if (this.warnings.includes(message)) return;
    this.warnings.push(message);
    if (this.warnings.length > MAX_WARNINGS) this.warnings.shift();
    this.onWarning?.(message);
  }

  updateMode(): void {
    if (this.mode === 'stopped') return;
    this.mode = this.liveSessions > 0 ? 'live' : this.polling.size > 0 ? 'polling' : this.mode;
  }

  /** Queues a batch for the consumer, waiting while it lags. */
  async emit(events: readonly LogEvent[], info: FollowBatchInfo): Promise<void> {
    if (events.length === 0 || this.signal.aborted) return;
    await this.queue.writable();
    this.batchInfo.set(events, info);
    this.events += events.length;
    this.queue.push(events);
  }

  /** Resolves when a group starts being polled (a Live Tail fallback) or the source stops. */
  untilPolling(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.signal.removeEventListener('abort', done);
        this.#wakePollLoop = undefined;
        resolve();
      };
      this.#wakePollLoop = done;
      this.signal.addEventListener('abort', done, { once: true });
    });
  }

  startPolling(logGroup: string): void {
    this.polling.add(logGroup);
    this.#wakePollLoop?.();
  }

  status(): FollowStatus {
    const stats = this.session.stats();
    let newestMs: number | undefined;
    for (const poller of this.pollers.values()) {
      const newest = poller.newestMs;
      if (newest !== undefined && (newestMs === undefined || newest > newestMs)) newestMs = newest;
    }
    return {
      mode: this.mode,
      basis: this.sampledUpdates > 0 ? 'sampled' : 'exact',
      sampled: this.sampled,
      sampledUpdates: this.sampledUpdates,
      logGroups: this.logGroups,
      liveSessions: this.liveSessions,
      pollingLogGroups: this.polling.size,
      lagMs: newestMs === undefined ? undefined : Math.max(0, this.now() - newestMs),
      events: this.events,
      duplicatesDropped: this.liveDuplicates + this.pollCounts.duplicates,
      rememberedEventIds: [...this.pollers.values()].reduce((total, poller) => total + poller.seen.size, 0),
      requests: stats.requests,
      throttles: stats.throttles,
      retries: stats.retries,
      errors: stats.failures,
      pollIntervalMs: this.pollIntervalMs,
      warnings: [...this.warnings],
    };
  }
}
