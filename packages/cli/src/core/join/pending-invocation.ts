import type { AppLine, EmfLine, InitType, ReportFields } from '../parse/parsed-line.js';
import { toOwnedString } from '../text/owned-string.js';
import type { ColdStartKind, InvocationOutcome, InvocationRecord } from './invocation-record.js';
import { hashRequestId } from './request-hash.js';

const NO_LINES: string[] = [];

/** Past this gap between INIT_START and the first START, no caller waited for the init (OpenTelemetry and Datadog use 10 s). */
export const PROACTIVE_INIT_GAP_MS = 10_000;

/** Where an invocation's environment stood when it started: what the stream said before its START. */
export interface EnvironmentInit {
  readonly initStartMs: number | undefined;
  readonly initType: InitType | undefined;
  readonly restored: boolean;
}

/**
 * The joiner's working copy of one invocation. It fills in as lines arrive and is handed out, unchanged afterwards,
 * as an InvocationRecord once `complete` has run. One class (one hidden class for V8) because it is made per invocation.
 */
export class PendingInvocation implements InvocationRecord {
  sequence = -1;
  requestIdKnown: boolean;
  functionName = '';
  logGroup: string | undefined;
  logStream: string | undefined;
  version: string | undefined = undefined;
  startMs: number | undefined = undefined;
  endMs: number | undefined = undefined;
  hasReport = false;
  durationMs: number | undefined = undefined;
  billedDurationMs: number | undefined = undefined;
  memorySizeMb: number | undefined = undefined;
  maxMemoryUsedMb: number | undefined = undefined;
  initDurationMs: number | undefined = undefined;
  restoreDurationMs: number | undefined = undefined;
  billedRestoreDurationMs: number | undefined = undefined;
  status: string | undefined = undefined;
  errorType: string | undefined = undefined;
  outcome: InvocationOutcome = 'success';
  timedOut = false;
  outOfMemory = false;
  crashed = false;
  failed = false;
  errorLogged = false;
  timeoutImminent = false;
  coldStart: ColdStartKind | undefined = undefined;
  initType: InitType | undefined = undefined;
  xrayTraceId: string | undefined = undefined;
  /** Shared and empty until a line is kept (most invocations keep none). */
  lines: string[] = NO_LINES;
  linesDropped = 0;

  // Working state, not part of the record.
  /** Completed and out of the pending table. */
  retired = false;
  started = false;
  killed = false;
  outOfMemoryLogged = false;
  suppressedInit = false;
  sdkColdStart: boolean | undefined = undefined;
  sdkProactiveInit: boolean | undefined = undefined;
  evidenceFunctionName: string | undefined = undefined;
  sourceFunctionName: string | undefined;
  environment: EnvironmentInit | undefined = undefined;
  /** The stream's event count when the REPORT arrived; the grace for late lines counts from here. */
  reportAt = 0;
  lastSeenAt: number;
  /** The joiner's clock (`advanceTo`) at its last line; NaN while the clock is unset (never a missing-value marker out). */
  lastSeenMs = Number.NaN;
  /** `hashRequestId(requestId)`: the pending table's key. */
  requestHash: number;
  /** When the pending table took it in: its open invocations are listed in this order. */
  addedAt = 0;
  /** Where the pending table holds it. */
  tableSlot = -1;
  /** A stream other than its own holds it (as open, last or awaiting): it is never reused. */
  shared = false;
  /** How many times the object was reused for another invocation: a holder of an old reference can tell. */
  generation = 0;

  constructor(
    public requestId: string,
    requestIdKnown: boolean,
    logGroup: string | undefined,
    logStream: string | undefined,
    sourceFunctionName: string | undefined,
    seenAt: number,
    requestHash: number = hashRequestId(requestId),
  ) {
    this.requestIdKnown = requestIdKnown;
    this.logGroup = logGroup;
    this.logStream = logStream;
    this.sourceFunctionName = sourceFunctionName;
    this.lastSeenAt = seenAt;
    this.requestHash = requestHash;
  }

  /**
   * Makes a completed invocation, once its sink has read it, a new one: every field as the constructor sets it (a
   * test compares the two), `generation` one more. The joiner reuses them when its sink keeps no record.
   */
  reuse(
    requestId: string,
    requestIdKnown: boolean,
    logGroup: string | undefined,
    logStream: string | undefined,
    sourceFunctionName: string | undefined,
    seenAt: number,
    requestHash: number,
  ): void {
    this.sequence = -1;
    this.requestIdKnown = requestIdKnown;
    this.functionName = '';
    this.logGroup = logGroup;
    this.logStream = logStream;
    this.version = undefined;
    this.startMs = undefined;
    this.endMs = undefined;
    this.hasReport = false;
    this.durationMs = undefined;
    this.billedDurationMs = undefined;
    this.memorySizeMb = undefined;
    this.maxMemoryUsedMb = undefined;
    this.initDurationMs = undefined;
    this.restoreDurationMs = undefined;
    this.billedRestoreDurationMs = undefined;
    this.status = undefined;
    this.errorType = undefined;
    this.outcome = 'success';
    this.timedOut = false;
    this.outOfMemory = false;
    this.crashed = false;
    this.failed = false;
    this.errorLogged = false;
    this.timeoutImminent = false;
    this.coldStart = undefined;
    this.initType = undefined;
    this.xrayTraceId = undefined;
    this.lines = NO_LINES;
    this.linesDropped = 0;
    this.retired = false;
    this.started = false;
    this.killed = false;
    this.outOfMemoryLogged = false;
    this.suppressedInit = false;
    this.sdkColdStart = undefined;
    this.sdkProactiveInit = undefined;
    this.evidenceFunctionName = undefined;
    this.sourceFunctionName = sourceFunctionName;
    this.environment = undefined;
    this.reportAt = 0;
    this.lastSeenAt = seenAt;
    this.lastSeenMs = Number.NaN;
    this.requestHash = requestHash;
    this.addedAt = 0;
    this.tableSlot = -1;
    this.shared = false;
    this.generation += 1;
    this.requestId = requestId;
  }

  /** Keeps one of the invocation's log lines. */
  keepLine(line: string): void {
    if (this.lines === NO_LINES) this.lines = [line];
    else this.lines.push(line);
  }

  /** Copies REPORT figures in; a field already read is kept (a repeated REPORT never double-counts or overwrites). */
  applyReport(fields: ReportFields): void {
    if (this.durationMs === undefined) this.durationMs = fields.durationMs;
    if (this.billedDurationMs === undefined) this.billedDurationMs = fields.billedDurationMs;
    if (this.memorySizeMb === undefined) this.memorySizeMb = fields.memorySizeMb;
    if (this.maxMemoryUsedMb === undefined) this.maxMemoryUsedMb = fields.maxMemoryUsedMb;
    if (this.initDurationMs === undefined) this.initDurationMs = fields.initDurationMs;
    if (this.restoreDurationMs === undefined) this.restoreDurationMs = fields.restoreDurationMs;
    if (this.billedRestoreDurationMs === undefined) this.billedRestoreDurationMs = fields.billedRestoreDurationMs;
    if (fields.status !== undefined && (this.status === undefined || this.status === 'success'))
      this.status = fields.status;
    if (this.errorType === undefined) this.errorType = fields.errorType;
    if (this.xrayTraceId === undefined) this.xrayTraceId = fields.xrayTraceId;
  }

  /** What structured lines and EMF documents say about the invocation (our SDK, Powertools). */
  applyEvidence(line: AppLine | EmfLine): void {
    if (line.coldStart !== undefined && this.sdkColdStart === undefined) this.sdkColdStart = line.coldStart;
    if (line.proactiveInit !== undefined) this.sdkProactiveInit = line.proactiveInit;
    if (line.initType !== undefined) this.initType = line.initType;
    if (line.xrayTraceId !== undefined && this.xrayTraceId === undefined)
      this.xrayTraceId = toOwnedString(line.xrayTraceId);
    if (line.functionName !== undefined && this.evidenceFunctionName === undefined) {
      this.evidenceFunctionName = toOwnedString(line.functionName);
    }
  }

  /** Derives the outcome and the cold-start kind once every line is in; `functionName` is decided by the joiner. */
  complete(sequence: number, functionName: string): void {
    this.sequence = sequence;
    this.functionName = functionName;
    const errorType = this.errorType;
    this.crashed ||= errorType === 'Runtime.ExitError';
    this.timedOut ||= this.status === 'timeout' || errorType === 'Sandbox.Timedout';
    const atLimit =
      this.maxMemoryUsedMb !== undefined &&
      this.memorySizeMb !== undefined &&
      this.maxMemoryUsedMb >= this.memorySizeMb;
    this.outOfMemory = errorType === 'Runtime.OutOfMemory' || this.outOfMemoryLogged || (this.crashed && atLimit);
    this.failed =
      (this.status !== undefined && this.status !== 'success' && this.status !== 'timeout') ||
      (errorType !== undefined && errorType !== 'Sandbox.Timedout');
    if (this.outOfMemory) this.outcome = 'out-of-memory';
    else if (this.timedOut) this.outcome = 'timeout';
    else if (this.crashed) this.outcome = 'crash';
    else if (this.failed) this.outcome = 'error';
    else this.outcome = 'success';
    this.coldStart = this.#resolveColdStart();
  }

  #resolveColdStart(): ColdStartKind | undefined {
    const environment = this.environment;
    const initType = this.initType ?? environment?.initType;
    if (this.restoreDurationMs !== undefined || environment?.restored === true) return 'snap-start';
    if (initType === 'lambda-managed-instances') return undefined;
    const initialisedHere = environment !== undefined && environment.initStartMs !== undefined;
    const cold = this.initDurationMs !== undefined || this.suppressedInit || this.sdkColdStart === true;
    if (initType === 'snap-start' && (cold || initialisedHere)) return 'snap-start';
    if (initType === 'provisioned-concurrency' && (cold || environment !== undefined)) return 'provisioned-concurrency';
    const gapMs =
      environment?.initStartMs !== undefined && this.startMs !== undefined
        ? this.startMs - environment.initStartMs
        : undefined;
    const proactive = this.sdkProactiveInit === true || (gapMs !== undefined && gapMs > PROACTIVE_INIT_GAP_MS);
    if (proactive && (cold || environment !== undefined)) return 'proactive';
    return cold ? 'on-demand' : undefined;
  }
}
