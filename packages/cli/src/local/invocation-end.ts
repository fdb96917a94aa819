import type { InvokeOutcome, InvokeOutcomeKind } from './invoke-outcome.js';
import type { MemoryMeasurement } from './memory-probe.js';
import { formatEndLine, formatReportLine, type ReportLineFields, toBilledDurationMs } from './platform-lines.js';

/** How one invocation ended, as the environment measured it. */
export interface InvocationEnd {
  readonly requestId: string;
  readonly functionName: string;
  readonly logStream: string;
  readonly memorySizeMb: number;
  readonly cold: boolean;
  /** Only after a normal init: a suppressed init reports none. */
  readonly initDurationMs: number | undefined;
  readonly kind: InvokeOutcomeKind;
  readonly durationMs: number;
  /** Undefined when the process died before it could be measured. */
  readonly maxMemoryUsedMb: number | undefined;
  readonly memoryMeasurement: MemoryMeasurement | undefined;
  readonly errorType: string | undefined;
  readonly errorMessage: string | undefined;
  /** Platform failures only: a handler's own error leaves a plain REPORT, as in Lambda. */
  readonly status?: ReportLineFields['status'];
  readonly reportErrorType?: string | undefined;
}

/**
 * The END and REPORT lines and the caller's outcome, from the same figures so they can never disagree.
 * The REPORT needs a memory figure even when the process died unmeasured; the outcome says unknown.
 */
export function toInvocationEnd(end: InvocationEnd): {
  readonly lines: readonly string[];
  readonly outcome: InvokeOutcome;
} {
  const report = formatReportLine({
    requestId: end.requestId,
    durationMs: end.durationMs,
    memorySizeMb: end.memorySizeMb,
    maxMemoryUsedMb: end.maxMemoryUsedMb ?? 0,
    initDurationMs: end.initDurationMs,
    status: end.status,
    errorType: end.reportErrorType,
  });
  return {
    lines: [formatEndLine(end.requestId), report],
    outcome: {
      kind: end.kind,
      requestId: end.requestId,
      functionName: end.functionName,
      cold: end.cold,
      logStream: end.logStream,
      errorType: end.errorType,
      errorMessage: end.errorMessage,
      durationMs: end.durationMs,
      billedDurationMs: toBilledDurationMs(end.durationMs, end.initDurationMs),
      initDurationMs: end.initDurationMs,
      maxMemoryUsedMb: end.maxMemoryUsedMb,
      memoryMeasurement: end.memoryMeasurement,
    },
  };
}
