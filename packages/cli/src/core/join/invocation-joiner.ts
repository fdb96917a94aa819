import type { LogEvent } from '../log-event.js';
import { toOwnedString } from '../text/owned-string.js';
import { ByteLane } from './byte-lane.js';
import type { JoinCounts } from './join-counts.js';
import { JoinEngine } from './join-engine.js';
import type { JoinerOptions, JoinSink, PushContext } from './join-options.js';
import { byteLaneOfferOf } from './log-frames.js';

export type { JoinCounts } from './join-counts.js';
export type { JoinerOptions, JoinSink, PushContext } from './join-options.js';

export interface InvocationJoiner {
  /** Log events in arrival order; a line-based source's byte-lane offer is accepted unless `byteLane` is false. */
  push(events: readonly LogEvent[], context?: PushContext): void;
  /**
   * A live source's clock moved to `timeMs`: completes the invocations time has settled (see JoinEngine.advanceTo and
   * the `graceMs` and `maxIdleMs` options), so a function's last invocation need not wait for its next call.
   */
  advanceTo(timeMs: number): void;
  /** End of input: completes every invocation still open. */
  flush(): void;
  counts(): Readonly<JoinCounts>;
  /** Invocations held right now (bounded by concurrency × grace, plus idle ones until they age out). */
  pendingCount(): number;
}

/**
 * Assembles one InvocationRecord per request id from log events in arrival order, in bounded memory: an invocation is
 * completed once its REPORT is in and a short grace has passed (the next START in its stream, `graceEvents` further
 * events of the stream, `graceMs` of silence on it by `advanceTo`'s clock, or the end of input). A REPORT counts once
 * however it is split, wrapped or repeated.
 */
export function createInvocationJoiner(sink: JoinSink, options: JoinerOptions = {}): InvocationJoiner {
  const engine = new JoinEngine(sink, options);
  const acceptsBytes = options.byteLane ?? true;

  function onEvent(event: LogEvent): void {
    if (!engine.beginEvent(event.timestampMs)) return;
    const eventId = event.eventId;
    if (eventId !== undefined) {
      if (engine.recentEventIds.has(eventId)) {
        engine.counts.duplicateEvents += 1;
        return;
      }
      engine.recentEventIds.add(toOwnedString(eventId));
    }
    const stream = engine.streams.streamFor(event.logGroup, event.logStream, engine.clock);
    engine.enterStream(stream);
    engine.message(event.message, event.timestampMs, stream);
    engine.endEvent(stream);
  }

  return {
    push(events, context = {}) {
      engine.context = context;
      const offer = acceptsBytes ? byteLaneOfferOf(events) : undefined;
      if (offer !== undefined) offer.accept(new ByteLane(engine, context));
      for (const event of events) onEvent(event);
    },
    advanceTo: (timeMs) => engine.advanceTo(timeMs),
    flush: () => engine.flush(),
    counts: () => engine.countsNow(),
    pendingCount: () => engine.pendingCount,
  };
}
