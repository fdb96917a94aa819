import { parseLine } from '../../../src/core/parse/parse-line.js';

/**
 * Reads a REPORT line with the core parser (what `lambdatop report` and the dashboard will use) and checks
 * it against Lambda's exact Text format: TAB-separated, two decimals for durations, optional fields in
 * Lambda's order, a trailing TAB. The format check is stricter than the parser on purpose: a line that drifts
 * from Lambda's format fails here even if a lenient reader copes.
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

const EXACT_REPORT_FORMAT =
  /^REPORT RequestId: ([0-9a-f-]{36})\tDuration: (\d+\.\d{2}) ms\tBilled Duration: (\d+) ms\tMemory Size: (\d+) MB\tMax Memory Used: (\d+) MB\t(?:Init Duration: (\d+\.\d{2}) ms\t)?(?:Status: (timeout|error)\t)?(?:Error Type: ([\w.]+)\t)?$/;

/** Undefined when the line is not a REPORT in Lambda's exact format; throws when the core parser reads it differently. */
export function readReport(message: string): ReportFigures | undefined {
  const exact = EXACT_REPORT_FORMAT.exec(message);
  const parsed = parseLine(message);
  if (exact === null || parsed.kind !== 'report') return undefined;
  const { fields } = parsed;
  const figures: ReportFigures = {
    requestId: parsed.requestId ?? '',
    durationMs: fields.durationMs ?? Number.NaN,
    billedDurationMs: fields.billedDurationMs ?? Number.NaN,
    memorySizeMb: fields.memorySizeMb ?? Number.NaN,
    maxMemoryUsedMb: fields.maxMemoryUsedMb ?? Number.NaN,
    initDurationMs: fields.initDurationMs,
    status: fields.status,
    errorType: fields.errorType,
  };
  const [, requestId, duration, billed, memorySize, maxMemory, init, status, errorType] = exact;
  const fromFormat: ReportFigures = {
    requestId: requestId ?? '',
    durationMs: Number(duration),
    billedDurationMs: Number(billed),
    memorySizeMb: Number(memorySize),
    maxMemoryUsedMb: Number(maxMemory),
    initDurationMs: init === undefined ? undefined : Number(init),
    status,
    errorType,
  };
  if (JSON.stringify(figures) !== JSON.stringify(fromFormat)) {
    throw new Error(`the core parser reads ${JSON.stringify(figures)} from ${JSON.stringify(message)}`);
  }
  return figures;
}
