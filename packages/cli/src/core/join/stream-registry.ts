import { toFunctionName } from '../function-name.js';
import type { InitType } from '../parse/parsed-line.js';
import { toOwnedString } from '../text/owned-string.js';
import type { PushContext } from './join-options.js';
import type { PendingInvocation } from './pending-invocation.js';

/** What the joiner knows about one log stream (one execution environment) while lines arrive. */
export interface StreamState {
  readonly logGroup: string | undefined;
  readonly logStream: string | undefined;
  /** The function the group or stream name says, if it says one. */
  readonly sourceFunctionName: string | undefined;
  /** The function the lines themselves name (JSON `platform.initStart`). */
  evidenceFunctionName: string | undefined;
  eventCount: number;
  lastSeenAt: number;
  /** The joiner's clock (`advanceTo`) when the stream's last event arrived; NaN before the clock was first set. */
  lastArrivalMs: number;
  /** How the push that brought the stream's last event named functions: completing by time names them the same. */
  context: PushContext | undefined;
  /** Started, not yet reported. */
  open: PendingInvocation | undefined;
  /** Reported, waiting out the grace for late lines. */
  awaiting: PendingInvocation[];
  /** The invocation the previous line of this stream touched: where continuation lines go. */
  last: PendingInvocation | undefined;
  /** An INIT_START (or RESTORE_START) not yet claimed by a START. */
  pendingInit: boolean;
  pendingInitMs: number | undefined;
  pendingInitType: InitType | undefined;
  pendingRestore: boolean;
}

/** Stream states by log group and stream name; raw lines (no group, no stream) share one state. */
export class StreamRegistry {
  readonly #byGroup = new Map<string, Map<string, StreamState>>();
  #lastGroup: string | undefined;
  #lastStream: string | undefined;
  #lastState: StreamState | undefined;

  /** The state of the stream, created on first sight; consecutive events of one stream skip the lookup. */
  streamFor(logGroup: string | undefined, logStream: string | undefined, now: number): StreamState {
    const cached = this.#lastState;
    if (cached !== undefined && logStream === this.#lastStream && logGroup === this.#lastGroup) return cached;
    const groupKey = logGroup ?? '';
    let streams = this.#byGroup.get(groupKey);
    if (streams === undefined) {
      streams = new Map();
      this.#byGroup.set(groupKey === '' ? '' : toOwnedString(groupKey), streams);
    }
    let state = streams.get(logStream ?? '');
    if (state === undefined) {
      const ownedGroup = logGroup === undefined ? undefined : toOwnedString(logGroup);
      const ownedStream = logStream === undefined ? undefined : toOwnedString(logStream);
      state = {
        logGroup: ownedGroup,
        logStream: ownedStream,
        sourceFunctionName: toFunctionName(ownedGroup, ownedStream),
        evidenceFunctionName: undefined,
        eventCount: 0,
        lastSeenAt: now,
        lastArrivalMs: Number.NaN,
        context: undefined,
        open: undefined,
        awaiting: [],
        last: undefined,
        pendingInit: false,
        pendingInitMs: undefined,
        pendingInitType: undefined,
        pendingRestore: false,
      };
      streams.set(ownedStream ?? '', state);
    }
    this.#lastGroup = logGroup;
    this.#lastStream = logStream;
    this.#lastState = state;
    return state;
  }

  find(logGroup: string | undefined, logStream: string | undefined): StreamState | undefined {
    return this.#byGroup.get(logGroup ?? '')?.get(logStream ?? '');
  }

  *all(): IterableIterator<StreamState> {
    for (const streams of this.#byGroup.values()) yield* streams.values();
  }

  /** Forgets streams idle since before `oldest` that hold no invocation (long inputs keep only live streams); how many. */
  forgetIdle(oldest: number): number {
    return this.#forget((state) => state.lastSeenAt < oldest);
  }

  /** Forgets streams whose last event arrived at or before `quietSinceMs` (by the joiner's clock) and hold nothing. */
  forgetQuiet(quietSinceMs: number): number {
    return this.#forget((state) => state.lastArrivalMs <= quietSinceMs);
  }

  #forget(idle: (state: StreamState) => boolean): number {
    let forgotten = 0;
    for (const [groupKey, streams] of this.#byGroup) {
      for (const [streamKey, state] of streams) {
        if (idle(state) && state.open === undefined && state.awaiting.length === 0) {
          streams.delete(streamKey);
          forgotten += 1;
          if (state === this.#lastState) this.#lastState = undefined;
        }
      }
      if (streams.size === 0) this.#byGroup.delete(groupKey);
    }
    return forgotten;
  }
}
