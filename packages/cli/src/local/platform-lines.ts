/**
 * The lines the Lambda service itself writes into a function's log stream, in the Text log format,
 * byte for byte: TAB-separated fields, two decimals for durations, whole MB for memory.
 * https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-logformat.html
 */

export interface ReportLineFields {
  readonly requestId: string;
  readonly durationMs: number;
  readonly memorySizeMb: number;
  readonly maxMemoryUsedMb: number;
  /** Only on an environment's first invocation after a normal (not suppressed) init. */
  readonly initDurationMs?: number | undefined;
  readonly status?: 'timeout' | 'error' | undefined;
  readonly errorType?: string | undefined;
}

export type InitPhase = 'init' | 'invoke';

export interface InitReportLineFields {
  readonly initDurationMs: number;
  readonly phase: InitPhase;
  readonly status: 'error' | 'timeout';
  readonly errorType?: string | undefined;
}

/** How the runtime process ended, as Go's os.ProcessState prints it inside Lambda's crash line. */
export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

const SIGNAL_DESCRIPTIONS: Readonly<Partial<Record<NodeJS.Signals, string>>> = {
  SIGKILL: 'killed',
  SIGABRT: 'aborted',
  SIGSEGV: 'segmentation fault',
  SIGTERM: 'terminated',
  SIGINT: 'interrupt',
  SIGBUS: 'bus error',
  SIGILL: 'illegal instruction',
  SIGFPE: 'floating point exception',
};

function toFixed2(value: number): string {
  return value.toFixed(2);
}

/**
 * Billed Duration rounds the printed duration up to the next millisecond (1 ms billing since December 2020);
 * since August 2025 an on-demand cold start also bills its init, so Billed = ceil(Duration + Init Duration).
 * Computed from the two-decimal values the line shows, so a reader can recompute it exactly.
 */
export function toBilledDurationMs(durationMs: number, initDurationMs?: number): number {
  const shown = Number(toFixed2(durationMs)) + (initDurationMs === undefined ? 0 : Number(toFixed2(initDurationMs)));
  return Math.max(1, Math.ceil(Number(toFixed2(shown))));
}

export function formatInitStartLine(runtimeVersion: string, runtimeVersionArn: string): string {
  return `INIT_START Runtime Version: ${runtimeVersion}\tRuntime Version ARN: ${runtimeVersionArn}`;
}

export function formatStartLine(requestId: string, version: string): string {
  return `START RequestId: ${requestId} Version: ${version}`;
}

export function formatEndLine(requestId: string): string {
  return `END RequestId: ${requestId}`;
}

export function formatReportLine(fields: ReportLineFields): string {
  const parts = [
    `REPORT RequestId: ${fields.requestId}`,
    `Duration: ${toFixed2(fields.durationMs)} ms`,
    `Billed Duration: ${toBilledDurationMs(fields.durationMs, fields.initDurationMs)} ms`,
    `Memory Size: ${fields.memorySizeMb} MB`,
    `Max Memory Used: ${fields.maxMemoryUsedMb} MB`,
  ];
  if (fields.initDurationMs !== undefined) parts.push(`Init Duration: ${toFixed2(fields.initDurationMs)} ms`);
  if (fields.status !== undefined) parts.push(`Status: ${fields.status}`);
  if (fields.errorType !== undefined) parts.push(`Error Type: ${fields.errorType}`);
  // Lambda ends every REPORT with a TAB.
  return `${parts.join('\t')}\t`;
}

export function formatInitReportLine(fields: InitReportLineFields): string {
  const parts = [
    `INIT_REPORT Init Duration: ${toFixed2(fields.initDurationMs)} ms`,
    `Phase: ${fields.phase}`,
    `Status: ${fields.status}`,
  ];
  if (fields.errorType !== undefined) parts.push(`Error Type: ${fields.errorType}`);
  return parts.join('\t');
}

/** Space-separated, unlike the other platform lines; written before END in current Lambda. */
export function formatTimeoutLine(timestampMs: number, requestId: string, timeoutMs: number): string {
  return `${new Date(timestampMs).toISOString()} ${requestId} Task timed out after ${toFixed2(timeoutMs / 1000)} seconds`;
}

export function toExitDescription(exit: ProcessExit): string {
  if (exit.signal !== null) return `signal: ${SIGNAL_DESCRIPTIONS[exit.signal] ?? exit.signal}`;
  return `exit status ${exit.code ?? 0}`;
}

/** One CloudWatch event holding two lines: the error and its type. */
export function formatRuntimeExitLine(requestId: string, exit: ProcessExit): string {
  return `RequestId: ${requestId} Error: Runtime exited with error: ${toExitDescription(exit)}\nRuntime.ExitError`;
}
