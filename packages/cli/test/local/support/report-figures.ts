/**
 * Reads a REPORT line the way the harness must write it: Lambda's exact Text format, TAB-separated,
 * two decimals for durations, optional fields in Lambda's order, a trailing TAB. Stricter than the core
 * parser on purpose: a line that drifts from the format fails here even if a lenient reader copes.
 */
export interface ReportFigures {
  readonly requestId: string;
  readonly durationMs: number;
  readonly billedDurationMs: number;
  readonly memorySizeMb: number;
  readonly maxMemoryUsedMb: number;
  readonly initDurationMs: number | undefined;
  readonly status: string | undefined;
  readonly errorType: string | undefined;
}

const REPORT_LINE =
  /^REPORT RequestId: ([0-9a-f-]{36})\tDuration: (\d+\.\d{2}) ms\tBilled Duration: (\d+) ms\tMemory Size: (\d+) MB\tMax Memory Used: (\d+) MB\t(?:Init Duration: (\d+\.\d{2}) ms\t)?(?:Status: (timeout|error)\t)?(?:Error Type: ([\w.]+)\t)?$/;

export function readReport(message: string): ReportFigures | undefined {
  const match = REPORT_LINE.exec(message);
  if (match === null) return undefined;
  const [, requestId, duration, billed, memorySize, maxMemory, init, status, errorType] = match;
  return {
    requestId: requestId ?? '',
    durationMs: Number(duration),
    billedDurationMs: Number(billed),
    memorySizeMb: Number(memorySize),
    maxMemoryUsedMb: Number(maxMemory),
    initDurationMs: init === undefined ? undefined : Number(init),
    status,
    errorType,
  };
}
