import type { InitReportFact, InvocationRecord } from '../core/join/invocation-record.js';
import { isErrorRecord } from '../core/join/invocation-record.js';
import { formatMs } from '../core/report/format-figures.js';
import type { MemoryGrowth } from '../core/stats/environment-growth.js';
import { summariseError } from './error-summary.js';

export type NotableKind =
  | 'error'
  | 'timeout'
  | 'oom'
  | 'crash'
  | 'cold-start'
  | 'throttle'
  | 'leak'
  | 'init-failure'
  | 'warning';

/** One line of the events pane. `text` may hold log text: the view neutralises it before display. */
export interface NotableEvent {
  readonly timeMs: number | undefined;
  readonly kind: NotableKind;
  readonly functionName: string | undefined;
  readonly requestId: string | undefined;
  readonly text: string;
}

/** What one invocation adds to the events pane: its failure, if any, and its cold start, if it was one. */
export function toNotableEvents(record: InvocationRecord, timeMs: number | undefined): NotableEvent[] {
  const events: NotableEvent[] = [];
  const base = {
    timeMs,
    functionName: record.functionName,
    requestId: record.requestIdKnown ? record.requestId : undefined,
  };
  if (record.timedOut) {
    events.push({ ...base, kind: 'timeout', text: `timed out after ${formatMs(record.durationMs)} ms` });
  } else if (record.outOfMemory) {
    const used =
      record.maxMemoryUsedMb === undefined ? '' : ` (${record.maxMemoryUsedMb}/${record.memorySizeMb ?? '?'} MB)`;
    events.push({ ...base, kind: 'oom', text: `out of memory${used}` });
  } else if (record.crashed) {
    events.push({ ...base, kind: 'crash', text: `runtime exited: ${summariseError(record)}` });
  } else if (isErrorRecord(record)) {
    events.push({ ...base, kind: 'error', text: summariseError(record) });
  }
  if (record.coldStart === 'on-demand') {
    const init =
      record.initDurationMs === undefined ? 'no Init Duration' : `init ${formatMs(record.initDurationMs)} ms`;
    events.push({ ...base, kind: 'cold-start', text: `cold start, ${init}` });
  }
  return events;
}

/** An INIT_REPORT that failed or timed out is an event of its own: no invocation carries it. */
export function toInitFailureEvent(fact: InitReportFact): NotableEvent | undefined {
  if (fact.status !== 'error' && fact.status !== 'failure' && fact.status !== 'timeout') return undefined;
  const detail = fact.errorType === undefined ? fact.status : `${fact.status}: ${fact.errorType}`;
  const phase = fact.phase === 'invoke' ? ' (re-run during an invoke)' : '';
  return {
    timeMs: fact.timeMs,
    kind: 'init-failure',
    functionName: fact.functionName,
    requestId: undefined,
    text: `init ${detail} after ${formatMs(fact.durationMs)} ms${phase}`,
  };
}

export function toLeakEvent(functionName: string, growth: MemoryGrowth, timeMs: number | undefined): NotableEvent {
  return {
    timeMs,
    kind: 'leak',
    functionName,
    requestId: undefined,
    text: `memory keeps growing in environment ${shortStream(growth.logStream)}: ${growth.firstMb} → ${growth.lastMb} MB over ${growth.warmInvocations} warm invocations`,
  };
}

export function toThrottleEvent(functionName: string, count: number, timeMs: number | undefined): NotableEvent {
  return {
    timeMs,
    kind: 'throttle',
    functionName,
    requestId: undefined,
    text: `${count} invocation${count === 1 ? '' : 's'} throttled`,
  };
}

export function toWarningEvent(text: string, timeMs: number | undefined): NotableEvent {
  return { timeMs, kind: 'warning', functionName: undefined, requestId: undefined, text };
}

/** The environment id at the end of a stream name (`2024/05/20/[$LATEST]4d92…`): its first 8 hex digits. */
export function shortStream(logStream: string): string {
  const bracket = logStream.lastIndexOf(']');
  const id = bracket >= 0 ? logStream.slice(bracket + 1) : logStream;
  return id.length > 8 ? id.slice(0, 8) : id;
}

/** The newest `capacity` events, oldest first. */
export class EventLog {
  readonly #events: NotableEvent[] = [];
  #total = 0;

  constructor(readonly capacity: number) {}

  push(event: NotableEvent): void {
    this.#total += 1;
    this.#events.push(event);
    // Trimmed in batches, so a flood of events costs O(1) each.
    if (this.#events.length >= this.capacity * 2) this.#events.splice(0, this.#events.length - this.capacity);
  }

  /** A copy: the view keeps it while the log moves on. */
  list(): NotableEvent[] {
    return this.#events.slice(-this.capacity);
  }

  /** Every event pushed, including those no longer held. */
  get total(): number {
    return this.#total;
  }
}
