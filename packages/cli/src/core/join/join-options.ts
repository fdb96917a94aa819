import type { EmfMetric } from '../parse/parsed-line.js';
import type { InitReportFact, InvocationRecord } from './invocation-record.js';

export interface JoinerOptions {
  /** Log lines kept per invocation for drill-down (0 keeps none, the fastest). */
  readonly maxLinesPerInvocation?: number;
  /** After its REPORT, an invocation waits this many further events of its stream for a late `Task timed out` line. */
  readonly graceEvents?: number;
  /** An invocation that has seen no line for this many events of the whole input is completed as it stands. */
  readonly maxIdleEvents?: number;
  /**
   * With `advanceTo` (a live source's clock): a reported invocation is completed once its stream has sent nothing for
   * this long (default 2,000 ms), as `graceEvents` further lines of the stream would complete it.
   */
  readonly graceMs?: number;
  /**
   * With `advanceTo`: an invocation without its REPORT that has seen no line for this long is completed as it stands,
   * and a stream that sent nothing for this long and holds no invocation is forgotten (default 960,000 ms: Lambda's
   * longest timeout, 15 minutes, and one more).
   */
  readonly maxIdleMs?: number;
  /**
   * Completed request ids (and event ids) remembered to drop repeats (default 8,192): a repeat of an invocation
   * completed longer ago than that counts again. Larger windows cost time (a bigger table to probe on every START).
   */
  readonly dedupeWindow?: number;
  /** Events outside [sinceMs, untilMs] are dropped; events without a timestamp are kept. */
  readonly sinceMs?: number | undefined;
  readonly untilMs?: number | undefined;
  /**
   * Accept a line-based source's byte-lane offer (default true): its events are then read from bytes, without
   * LogEvent objects, with the same results. False keeps every event on the LogEvent path (tests compare the two).
   */
  readonly byteLane?: boolean;
  /**
   * The sink reads each record only while `invocation` runs and keeps no reference to it (default false): completed
   * invocations are then reused for new ones, and joining makes no garbage per invocation. The report aggregator
   * qualifies (it copies what it keeps); a sink that stores records must leave this off.
   */
  readonly reuseRecords?: boolean;
}

/** Where joined facts go. The report aggregator and the dashboard's window both implement it. */
export interface JoinSink {
  invocation(record: InvocationRecord): void;
  initReport?(fact: InitReportFact): void;
  metrics?(functionName: string, metrics: readonly EmfMetric[], timeMs: number | undefined): void;
}

/** How an input names its function when its events do not (no log group, default stream names). */
export interface PushContext {
  /** `--function`, when exactly one was given. */
  readonly functionName?: string | undefined;
  /** The last resort: the input's file name. */
  readonly inputName?: string | undefined;
}
