import type { PushContext } from '../core/join/invocation-joiner.js';
import type { LogEvent } from '../core/log-event.js';

/**
 * A stream that sent nothing for this many ticks (2 s at 4 a second) is settled: on a live source the joiner's grace
 * after a REPORT would otherwise wait for the stream's next invocation, however long that takes.
 */
export const QUIET_TICKS = 8;
/** Streams remembered; beyond it the earliest remembered are settled at once. */
const MAX_ACTIVE_STREAMS = 4_096;
const NO_NAME = '';

interface ActiveStream {
  readonly tick: number;
  readonly context: PushContext | undefined;
}

export interface StreamSettler {
  /** Notes the streams a batch spoke on, and how the batch named functions. */
  mark(events: readonly LogEvent[], context: PushContext | undefined): void;
  /** One tick: each stream quiet for QUIET_TICKS is settled once, then forgotten until it speaks again. */
  tick(): void;
  /** Blank events pushed so far: not the source's, so not counted as read. */
  readonly blankEvents: number;
}

/**
 * Ends the joiner's grace on streams that went quiet: it pushes `graceEvents` blank events on such a stream (with the
 * context its lines came with), which complete its reported invocations exactly as further lines would.
 */
export function createStreamSettler(
  push: (events: readonly LogEvent[], context: PushContext | undefined) => void,
  graceEvents: number,
): StreamSettler {
  // Per log group, per stream, in order of activity (re-inserted on each batch): the earliest are the quietest.
  const active = new Map<string, Map<string, ActiveStream>>();
  let count = 0;
  let now = 0;
  let blankEvents = 0;

  const settle = (logGroup: string, logStream: string, context: PushContext | undefined): void => {
    const events = Array.from({ length: graceEvents }, () => ({
      message: '',
      logGroup: logGroup === NO_NAME ? undefined : logGroup,
      logStream: logStream === NO_NAME ? undefined : logStream,
    }));
    blankEvents += events.length;
    push(events, context);
  };

  /** Settles streams last active at or before `beforeTick`, at most `limit` of them. */
  const settleQuiet = (beforeTick: number, limit: number): void => {
    let settled = 0;
    for (const [logGroup, streams] of active) {
      for (const [logStream, stream] of streams) {
        if (settled >= limit) return;
        if (stream.tick > beforeTick) continue;
        streams.delete(logStream);
        count -= 1;
        settled += 1;
        settle(logGroup, logStream, stream.context);
      }
      if (streams.size === 0) active.delete(logGroup);
    }
  };

  return {
    mark(events, context) {
      let lastGroup: string | undefined;
      let lastStream: string | undefined;
      for (const event of events) {
        const logGroup = event.logGroup ?? NO_NAME;
        const logStream = event.logStream ?? NO_NAME;
        // Consecutive events of one stream (the usual case) cost a string compare, not a lookup.
        if (logGroup === lastGroup && logStream === lastStream) continue;
        lastGroup = logGroup;
        lastStream = logStream;
        let streams = active.get(logGroup);
        if (streams === undefined) {
          streams = new Map();
          active.set(logGroup, streams);
        }
        if (!streams.delete(logStream)) count += 1;
        streams.set(logStream, { tick: now, context });
      }
      if (count > MAX_ACTIVE_STREAMS) settleQuiet(Number.POSITIVE_INFINITY, count - MAX_ACTIVE_STREAMS);
    },
    tick() {
      now += 1;
      settleQuiet(now - QUIET_TICKS, Number.POSITIVE_INFINITY);
    },
    get blankEvents() {
      return blankEvents;
    },
  };
}
