import type { PushContext } from '../core/join/invocation-joiner.js';
import type { LogEvent } from '../core/log-event.js';
import type { FigureBasis } from '../core/stats/function-stats.js';

/** One batch of log events, as a source delivers it. */
export interface SourceBatch {
  readonly events: readonly LogEvent[];
  /** How the batch names its function when its events do not: `--function`, else the file name (raw lines). */
  readonly context?: PushContext | undefined;
  /** The source's clock when the batch was due (a replay's clock): invocations without a timestamp count then. */
  readonly timeMs?: number | undefined;
}

/** What a source says about itself, for the status line and the events pane. */
export interface SourceStatus {
  /** One word: `replay`, `local`, `polling`, `live`. */
  readonly mode: string;
  /** `sampled` when the source drops events on purpose (Live Tail above 500 events/s), `estimated` for aggregates. */
  readonly figures: FigureBasis;
  /** How far behind the newest event the source runs, when it knows. */
  readonly lagMs?: number | undefined;
  /** Every warning so far, oldest first: the dashboard shows each new one once, in the events pane. */
  readonly warnings: readonly string[];
  /** A short extra for the status line: `×10`, `3 throttled requests`. */
  readonly detail?: string | undefined;
}

/**
 * What feeds the dashboard: `replay` (files), `demo` and `local` (the local harness), `watch` (CloudWatch).
 * Only `batches` is required; everything else is what the source can tell beyond its logs.
 */
export interface DashboardSource {
  /** Names the source on the status line: `replay orders.log`, `local workload`. */
  readonly label: string;
  /**
   * `events`: the window follows the newest event time (a replay ends frozen on its last minute).
   * `wall`: it follows the clock too, so a function that went quiet fades out of the window.
   */
  readonly clock: 'events' | 'wall';
  readonly batches: AsyncIterable<SourceBatch>;
  status?(): SourceStatus;
  /** Throttled invocations per function since the source started (they never reach the logs); undefined: unknown. */
  throttles?(): Readonly<Record<string, number>> | undefined;
  /** The user quit: stop producing and release what the source holds (workers, sockets); `batches` then ends. */
  close?(): Promise<void>;
}

/** Wraps a plain stream of event batches (a LogEventSource, the CloudWatch follow source) as dashboard batches. */
export async function* toSourceBatches(
  batches: AsyncIterable<readonly LogEvent[]>,
  context?: PushContext,
): AsyncGenerator<SourceBatch> {
  for await (const events of batches) yield context === undefined ? { events } : { events, context };
}
