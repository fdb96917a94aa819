import type { MalformedLine, ReportContinuationLine, ReportFields, ReportLine } from './parsed-line.js';
import { scanReportFields } from './report-fields.js';

/**
 * A text REPORT line starting at `start` (`REPORT RequestId: … Duration: … ms …`), any field order, TABs or spaces,
 * the XRAY part inline or not. A REPORT that yields no figure at all is malformed.
 */
export function parseReportLine(line: string, start = 0): ReportLine | MalformedLine {
  const fields: ReportFields = {};
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
  const fields: ReportFields = {};
  const scan = scanReportFields(line, start, fields);
  if (scan.recognised === 0 || scan.sawRequestIdKey) return undefined;
  return { kind: 'report-continuation', fields };
}
