import { parseIsoTimeMs } from '../time/iso-time.js';
import { isJsonObject, type JsonObject, numberField, stringField, toInitType, toTraceRoot } from './json-fields.js';
import type { MalformedLine, ParsedLine, ReportFields } from './parsed-line.js';
import { PLATFORM_OTHER_LINE } from './parsed-line.js';
import { createReportFields } from './report-fields.js';

/** `record.metrics` keys of `platform.report`: https://docs.aws.amazon.com/lambda/latest/dg/telemetry-schema-reference.html */
const METRIC_KEYS: readonly [string, keyof ReportFields][] = [
  ['durationMs', 'durationMs'],
  ['billedDurationMs', 'billedDurationMs'],
  ['memorySizeMB', 'memorySizeMb'],
  ['maxMemoryUsedMB', 'maxMemoryUsedMb'],
  ['initDurationMs', 'initDurationMs'],
  ['restoreDurationMs', 'restoreDurationMs'],
  ['billedRestoreDurationMs', 'billedRestoreDurationMs'],
];

function traceIdOf(record: JsonObject): string | undefined {
  const tracing = record.tracing;
  return isJsonObject(tracing) ? toTraceRoot(stringField(tracing, 'value')) : undefined;
}

function timeOf(document: JsonObject): number | undefined {
  const time = stringField(document, 'time');
  return time === undefined ? undefined : parseIsoTimeMs(time);
}

function toReportFields(record: JsonObject): ReportFields {
  const fields: ReportFields = createReportFields();
  const metrics = isJsonObject(record.metrics) ? record.metrics : {};
  for (const [jsonKey, fieldKey] of METRIC_KEYS) {
    const value = numberField(metrics, jsonKey);
    if (value !== undefined) (fields as Record<string, number>)[fieldKey] = value;
  }
  const status = stringField(record, 'status');
  if (status !== undefined) fields.status = status;
  const errorType = stringField(record, 'errorType');
  if (errorType !== undefined) fields.errorType = errorType;
  const traceId = traceIdOf(record);
  if (traceId !== undefined) fields.xrayTraceId = traceId;
  return fields;
}

/**
 * A JSON-format platform record, `{"time", "type": "platform.<kind>", "record": {…}}`. Types lambdatop does not use
 * (and any future ones) are other platform lines; a known type without its request id is malformed.
 */
export function toPlatformLine(type: string, document: JsonObject): ParsedLine {
  const record = isJsonObject(document.record) ? document.record : {};
  switch (type) {
    case 'platform.report': {
      const requestId = stringField(record, 'requestId');
      if (requestId === undefined) return malformed('platform.report without a requestId');
      return { kind: 'report', requestId, fields: toReportFields(record), timeMs: timeOf(document) };
    }
    case 'platform.start': {
      const requestId = stringField(record, 'requestId');
      if (requestId === undefined) return malformed('platform.start without a requestId');
      return {
        kind: 'start',
        requestId,
        version: stringField(record, 'version'),
        timeMs: timeOf(document),
        xrayTraceId: traceIdOf(record),
      };
    }
    case 'platform.runtimeDone': {
      const requestId = stringField(record, 'requestId');
      if (requestId === undefined) return malformed('platform.runtimeDone without a requestId');
      return {
        kind: 'runtime-done',
        requestId,
        status: stringField(record, 'status'),
        errorType: stringField(record, 'errorType'),
      };
    }
    case 'platform.initStart':
      return {
        kind: 'init-start',
        initType: toInitType(record.initializationType),
        phase: stringField(record, 'phase'),
        runtimeVersion: stringField(record, 'runtimeVersion'),
        functionName: stringField(record, 'functionName'),
        timeMs: timeOf(document),
      };
    case 'platform.initReport': {
      const metrics = isJsonObject(record.metrics) ? record.metrics : {};
      return {
        kind: 'init-report',
        durationMs: numberField(metrics, 'durationMs'),
        phase: stringField(record, 'phase'),
        status: stringField(record, 'status'),
        errorType: stringField(record, 'errorType'),
        initType: toInitType(record.initializationType),
      };
    }
    case 'platform.restoreStart':
      return { kind: 'restore-start', timeMs: timeOf(document) };
    case 'platform.restoreReport': {
      const metrics = isJsonObject(record.metrics) ? record.metrics : {};
      return {
        kind: 'restore-report',
        durationMs: numberField(metrics, 'durationMs'),
        status: stringField(record, 'status'),
      };
    }
    default:
      return PLATFORM_OTHER_LINE;
  }
}

function malformed(reason: string): MalformedLine {
  return { kind: 'malformed', reason };
}
