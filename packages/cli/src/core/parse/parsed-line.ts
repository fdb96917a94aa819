/** The figures a REPORT carries, text or JSON. Every field is optional: Managed Instances report only a duration. */
export interface ReportFields {
  durationMs?: number | undefined;
  billedDurationMs?: number | undefined;
  memorySizeMb?: number | undefined;
  maxMemoryUsedMb?: number | undefined;
  initDurationMs?: number | undefined;
  restoreDurationMs?: number | undefined;
  billedRestoreDurationMs?: number | undefined;
  /** `success | error | failure | timeout` (JSON) or the text `Status:` field. */
  status?: string | undefined;
  errorType?: string | undefined;
  xrayTraceId?: string | undefined;
  xraySegmentId?: string | undefined;
  xraySampled?: boolean | undefined;
}

/** `platform.initStart`'s `initializationType`. */
export type InitType = 'on-demand' | 'provisioned-concurrency' | 'snap-start' | 'lambda-managed-instances';

export interface StartLine {
  readonly kind: 'start';
  readonly requestId: string;
  readonly version: string | undefined;
  /** The record's own `time` (JSON format), epoch ms. */
  readonly timeMs: number | undefined;
  readonly xrayTraceId: string | undefined;
}

export interface EndLine {
  readonly kind: 'end';
  readonly requestId: string;
}

export interface ReportLine {
  readonly kind: 'report';
  /** Undefined when the line's id is redacted (`RequestId: ***`) or missing. */
  readonly requestId: string | undefined;
  readonly fields: ReportFields;
  readonly timeMs: number | undefined;
}

/** A line holding only REPORT fields: the rest of a REPORT broken over lines, or its `XRAY TraceId:` part. */
export interface ReportContinuationLine {
  readonly kind: 'report-continuation';
  readonly fields: ReportFields;
}

export interface InitStartLine {
  readonly kind: 'init-start';
  readonly initType: InitType | undefined;
  readonly phase: string | undefined;
  readonly runtimeVersion: string | undefined;
  readonly functionName: string | undefined;
  readonly timeMs: number | undefined;
}

export interface InitReportLine {
  readonly kind: 'init-report';
  readonly durationMs: number | undefined;
  /** `init`, or `invoke` for an init re-run inside an invocation after a crash (a suppressed init). */
  readonly phase: string | undefined;
  readonly status: string | undefined;
  readonly errorType: string | undefined;
  readonly initType: InitType | undefined;
}

export interface RestoreStartLine {
  readonly kind: 'restore-start';
  readonly timeMs: number | undefined;
}

export interface RestoreReportLine {
  readonly kind: 'restore-report';
  readonly durationMs: number | undefined;
  readonly status: string | undefined;
}

/** JSON `platform.runtimeDone`: the invocation's outcome before its report. */
export interface RuntimeDoneLine {
  readonly kind: 'runtime-done';
  readonly requestId: string;
  readonly status: string | undefined;
  readonly errorType: string | undefined;
}

/** `<ts> <requestId> Task timed out after 3.00 seconds`. */
export interface TimeoutLine {
  readonly kind: 'timeout';
  readonly requestId: string | undefined;
  readonly timeoutMs: number | undefined;
}

/** `RequestId: <id> Error: Runtime exited with error: signal: killed` and its `Runtime.ExitError` tail. */
export interface CrashLine {
  readonly kind: 'crash';
  readonly requestId: string | undefined;
  readonly detail: string;
  /** The process was killed by a signal (SIGKILL is how Lambda enforced the memory limit before 2024). */
  readonly killed: boolean;
}

export type AppLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';

/** A line the function wrote: Node/Python text format, Lambda's JSON application format, pino or Powertools JSON. */
export interface AppLine {
  readonly kind: 'app';
  readonly requestId: string | undefined;
  readonly level: AppLevel | undefined;
  /** Signals only structured lines carry (our SDK, Powertools). */
  readonly coldStart: boolean | undefined;
  readonly xrayTraceId: string | undefined;
  readonly functionName: string | undefined;
  readonly initType: InitType | undefined;
  readonly proactiveInit: boolean | undefined;
  /** The SDK's own line kind (`SDK_LINE_KINDS`), e.g. `timeout-imminent`. */
  readonly sdkKind: string | undefined;
  /** The runtime itself ran out of memory (`JavaScript heap out of memory`, Python `MemoryError`). */
  readonly outOfMemory: boolean;
}

export interface EmfMetric {
  readonly namespace: string;
  readonly name: string;
  readonly unit: string | undefined;
  readonly values: readonly number[];
}

/** An Embedded Metric Format document, from any emitter. */
export interface EmfLine {
  readonly kind: 'emf';
  readonly requestId: string | undefined;
  readonly xrayTraceId: string | undefined;
  readonly coldStart: boolean | undefined;
  readonly functionName: string | undefined;
  readonly initType: InitType | undefined;
  readonly proactiveInit: boolean | undefined;
  readonly metrics: readonly EmfMetric[];
}

/** A platform record lambdatop has no use for: EXTENSION, TELEMETRY, LOGS_DROPPED, unknown `platform.*` types. */
export interface PlatformOtherLine {
  readonly kind: 'platform-other';
}

/** Text that matches no record: the function's plain output (a stack frame, a Go or Java print). */
export interface UnknownLine {
  readonly kind: 'unknown';
}

/** Looked like a known record but could not be read (a START without an id, a REPORT without one figure). */
export interface MalformedLine {
  readonly kind: 'malformed';
  readonly reason: string;
}

export interface BlankLine {
  readonly kind: 'blank';
}

export type ParsedLine =
  | StartLine
  | EndLine
  | ReportLine
  | ReportContinuationLine
  | InitStartLine
  | InitReportLine
  | RestoreStartLine
  | RestoreReportLine
  | RuntimeDoneLine
  | TimeoutLine
  | CrashLine
  | AppLine
  | EmfLine
  | PlatformOtherLine
  | UnknownLine
  | MalformedLine
  | BlankLine;

export const BLANK_LINE: BlankLine = { kind: 'blank' };
export const UNKNOWN_LINE: UnknownLine = { kind: 'unknown' };
export const PLATFORM_OTHER_LINE: PlatformOtherLine = { kind: 'platform-other' };
