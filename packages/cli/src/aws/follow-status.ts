import type { FigureBasis } from '../core/stats/function-stats.js';

export type FollowMode = 'starting' | 'polling' | 'live' | 'stopped';

/** What a follow source is doing, for a status line. A snapshot: call status() again for fresh figures. */
export interface FollowStatus {
  /** `live` while any Live Tail session runs (groups that fell back are polled beside it). */
  readonly mode: FollowMode;
  /** `sampled` once Live Tail has sampled an update (above 500 events a second), else `exact`. */
  readonly basis: FigureBasis;
  /** Whether the latest Live Tail update was sampled. */
  readonly sampled: boolean;
  readonly sampledUpdates: number;
  readonly logGroups: readonly string[];
  readonly liveSessions: number;
  readonly pollingLogGroups: number;
  /** Now minus the newest event time seen; undefined before the first event. */
  readonly lagMs: number | undefined;
  readonly events: number;
  readonly duplicatesDropped: number;
  /** Event ids held for deduplication, over all groups: the events of one overlap window. */
  readonly rememberedEventIds: number;
  readonly requests: number;
  readonly throttles: number;
  readonly retries: number;
  readonly errors: number;
  readonly pollIntervalMs: number | undefined;
  /** The latest warnings (at most 50), oldest first. */
  readonly warnings: readonly string[];
}

/** How one yielded batch was obtained. */
export interface FollowBatchInfo {
  readonly source: 'poll' | 'live';
  /** A Live Tail update that held only a sample of the events (more than 500 in its second). */
  readonly sampled: boolean;
}
