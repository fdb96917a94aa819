import { InsightsTime, type InsightsValue } from './insights-value.js';
import type { StoredLogEvent } from './logs-store.js';

/**
 * The fields Logs Insights discovers in one event: the system fields, Lambda's REPORT fields (memory in bytes,
 * MB × 1,000,000, as the service reports them) and the members of a JSON message, nested names joined with dots.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_AnalyzeLogData-discoverable-fields.html
 */
const BYTES_PER_MB = 1_000_000;

const REPORT_NUMBERS: readonly { field: string; pattern: RegExp; scale?: number }[] = [
  { field: '@duration', pattern: /(?<!Billed )(?<!Init )(?<!Restore )Duration:\s*([\d.]+)\s*ms/ },
  { field: '@billedDuration', pattern: /Billed Duration:\s*([\d.]+)\s*ms/ },
  { field: '@initDuration', pattern: /Init Duration:\s*([\d.]+)\s*ms/ },
  { field: '@memorySize', pattern: /Memory Size:\s*(\d+)\s*MB/, scale: BYTES_PER_MB },
  { field: '@maxMemoryUsed', pattern: /Max Memory Used:\s*(\d+)\s*MB/, scale: BYTES_PER_MB },
];

export function toInsightsRow(event: StoredLogEvent, accountId: string): Record<string, InsightsValue> {
  const row: Record<string, InsightsValue> = {};
  const message = event.message;
  if (message.trimStart().startsWith('{')) addJsonFields(row, message);
  if (message.startsWith('REPORT RequestId:')) addReportFields(row, message);
  row['@timestamp'] = new InsightsTime(event.timestamp);
  row['@ingestionTime'] = new InsightsTime(event.ingestionTime);
  row['@message'] = message;
  row['@logStream'] = event.logStreamName;
  row['@log'] = `${accountId}:${event.logGroupName}`;
  return row;
}

function addReportFields(row: Record<string, InsightsValue>, message: string): void {
  row['@type'] = 'REPORT';
  const requestId = /RequestId:\s*([^\s]+?)(?=\s|Duration:|$)/.exec(message)?.[1];
  if (requestId !== undefined) row['@requestId'] = requestId;
  for (const { field, pattern, scale } of REPORT_NUMBERS) {
    const text = pattern.exec(message)?.[1];
    if (text !== undefined) row[field] = scale === undefined ? text : String(Number(text) * scale);
  }
  const traceId = /XRAY TraceId:\s*(\S+)/.exec(message)?.[1];
  if (traceId !== undefined) row['@xrayTraceId'] = traceId;
  const segmentId = /SegmentId:\s*(\S+)/.exec(message)?.[1];
  if (segmentId !== undefined) row['@xraySegmentId'] = segmentId;
}

function addJsonFields(row: Record<string, InsightsValue>, message: string): void {
  let document: unknown;
  try {
    document = JSON.parse(message);
  } catch {
    return;
  }
  flatten(row, '', document);
}

function flatten(row: Record<string, InsightsValue>, prefix: string, value: unknown): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) flatten(row, `${prefix}.${index}`, item);
  } else if (typeof value === 'object') {
    for (const [key, member] of Object.entries(value)) flatten(row, prefix === '' ? key : `${prefix}.${key}`, member);
  } else if (prefix !== '') {
    row[prefix] = typeof value === 'number' ? value : String(value);
  }
}
