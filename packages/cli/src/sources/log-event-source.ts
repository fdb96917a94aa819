import type { LogEvent } from '../core/log-event.js';

/**
 * What every source yields: log events in arrival order, in batches (one await per batch, not per event, keeps the
 * hot path synchronous). Files and pipes here; CloudWatch FilterLogEvents, Live Tail and the local harness elsewhere.
 */
export type LogEventSource = AsyncIterable<readonly LogEvent[]>;
