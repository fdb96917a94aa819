import type { MalformedLine, ReportContinuationLine, ReportFields, ReportLine } from './parsed-line.js';
import { createReportFields, decimalEnd, matchesAt, readDecimal, scanReportFields } from './report-fields.js';

const PREFIX = 'REPORT RequestId: ';
const DURATION = '\tDuration: ';
const BILLED = ' ms\tBilled Duration: ';
const MEMORY_SIZE = ' ms\tMemory Size: ';
const MAX_MEMORY = ' MB\tMax Memory Used: ';
const MB = ' MB';

/**
 * Lambda's own layout, read in one pass at known offsets: `REPORT RequestId: <uuid>\tDuration: … ms\tBilled
 * Duration: … ms\tMemory Size: … MB\tMax Memory Used: … MB`, the common case by far. Returns where the optional
 * fields (Init Duration, Status, …) start, or -1 when the line is laid out any other way.
 */
function readCanonical(line: string, start: number, fields: ReportFields): number {
  const idStart = start + PREFIX.length;
  let position = idStart + 36;
  if (!matchesAt(line, start, PREFIX) || line.charCodeAt(idStart + 8) !== 45 || !matchesAt(line, position, DURATION)) {
    return -1;
  }
  const durationMs = readDecimal(line, position + DURATION.length);
  position = decimalEnd();
  if (Number.isNaN(durationMs) || !matchesAt(line, position, BILLED)) return -1;
  const billedDurationMs = readDecimal(line, position + BILLED.length);
  position = decimalEnd();
  if (Number.isNaN(billedDurationMs) || !matchesAt(line, position, MEMORY_SIZE)) return -1;
  const memorySizeMb = readDecimal(line, position + MEMORY_SIZE.length);
  position = decimalEnd();
  if (Number.isNaN(memorySizeMb) || !matchesAt(line, position, MAX_MEMORY)) return -1;
  const maxMemoryUsedMb = readDecimal(line, position + MAX_MEMORY.length);
  position = decimalEnd();
  if (Number.isNaN(maxMemoryUsedMb) || !matchesAt(line, position, MB)) return -1;
  fields.durationMs = durationMs;
  fields.billedDurationMs = billedDurationMs;
  fields.memorySizeMb = memorySizeMb;
  fields.maxMemoryUsedMb = maxMemoryUsedMb;
  return position + MB.length;
}

/**
 * A text REPORT line starting at `start` (`REPORT RequestId: … Duration: … ms …`), any field order, TABs or spaces,
 * the XRAY part inline or not. A REPORT that yields no figure at all is malformed.
 */
export function parseReportLine(line: string, start = 0): ReportLine | MalformedLine {
  const fields: ReportFields = createReportFields();
  const rest = readCanonical(line, start, fields);
  if (rest !== -1) {
    const requestId = line.slice(start + PREFIX.length, start + PREFIX.length + 36);
    if (rest < line.length) scanReportFields(line, rest, fields);
    return { kind: 'report', requestId, fields, timeMs: undefined };
  }
  const scan = scanReportFields(line, start + 6, fields);
  const requestId = scan.requestId;
  if (scan.recognised === 0 && requestId === undefined) return { kind: 'malformed', reason: 'REPORT without fields' };
  return { kind: 'report', requestId, fields, timeMs: undefined };
}

/**
 * The rest of a REPORT on a line of its own: `XRAY TraceId: …` after `\n`, or the fields of a REPORT a console copy
 * broke over several lines (`Duration: 13.82 ms` / `Billed Duration: 129 ms` …). Undefined when the line is not one.
 */
export function parseReportContinuation(line: string, start = 0): ReportContinuationLine | undefined {
  const fields: ReportFields = createReportFields();
  const scan = scanReportFields(line, start, fields);
  if (scan.recognised === 0 || scan.sawRequestIdKey) return undefined;
  return { kind: 'report-continuation', fields };
}
