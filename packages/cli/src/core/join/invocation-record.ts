import type { InitType } from '../parse/parsed-line.js';

/**
 * Why an environment was initialised before this invocation. Only `on-demand` made a caller wait (a user-facing cold
 * start); the others are kept apart: provisioned concurrency and proactive inits happen ahead of traffic, and a
 * SnapStart function restores a snapshot instead of initialising.
 */
export type ColdStartKind = 'on-demand' | 'provisioned-concurrency' | 'proactive' | 'snap-start';

export type InvocationOutcome = 'success' | 'error' | 'timeout' | 'out-of-memory' | 'crash';

/** One invocation, assembled from every line that named its request id (or ran inside it). */
export interface InvocationRecord {
  /** Order of completion in the input, from 0. */
  readonly sequence: number;
  /** The request id, or `#<sequence>` when the logs redacted it (`requestIdKnown` says which). */
  readonly requestId: string;
  readonly requestIdKnown: boolean;
  readonly functionName: string;
  readonly logGroup: string | undefined;
  /** One stream per execution environment. */
  readonly logStream: string | undefined;
  readonly version: string | undefined;
  /** Event time of the START line, epoch ms. */
  readonly startMs: number | undefined;
  /** Event time of the REPORT line (the invocation's end), epoch ms. */
  readonly endMs: number | undefined;
  readonly hasReport: boolean;
  readonly durationMs: number | undefined;
  readonly billedDurationMs: number | undefined;
  readonly memorySizeMb: number | undefined;
  readonly maxMemoryUsedMb: number | undefined;
  readonly initDurationMs: number | undefined;
  readonly restoreDurationMs: number | undefined;
  readonly billedRestoreDurationMs: number | undefined;
  /** The platform's status word (`success`, `error`, `timeout`, `failure`), when a record carried one. */
  readonly status: string | undefined;
  readonly errorType: string | undefined;
  readonly outcome: InvocationOutcome;
  readonly timedOut: boolean;
  readonly outOfMemory: boolean;
  /** The runtime process exited or was killed (`Runtime exited with error`, `Runtime.ExitError`). */
  readonly crashed: boolean;
  /** The platform reported a failure (`Status: error`, an `Error Type`, JSON `status` other than success). */
  readonly failed: boolean;
  /** The function logged at ERROR or FATAL. */
  readonly errorLogged: boolean;
  /** Our SDK warned that the timeout was about to hit. */
  readonly timeoutImminent: boolean;
  /** Undefined for a warm invocation. */
  readonly coldStart: ColdStartKind | undefined;
  readonly initType: InitType | undefined;
  readonly xrayTraceId: string | undefined;
  /** The first log lines of the invocation, up to the joiner's `maxLinesPerInvocation`. */
  readonly lines: readonly string[];
  readonly linesDropped: number;
}

/** Facts about an environment's init that belong to no invocation: an INIT_REPORT. */
export interface InitReportFact {
  readonly functionName: string;
  readonly logStream: string | undefined;
  readonly timeMs: number | undefined;
  readonly durationMs: number | undefined;
  readonly phase: string | undefined;
  readonly status: string | undefined;
  readonly errorType: string | undefined;
}

/** True when the record counts as an error: any failure signal, counted once per request. */
export function isErrorRecord(record: InvocationRecord): boolean {
  return record.outcome !== 'success' || record.errorLogged;
}
