import { INVOCATION_KEYS, SDK_METRICS } from '@lambdatop/sdk/catalog';
import {
  firstBoolean,
  firstString,
  isJsonObject,
  type JsonObject,
  stringField,
  toInitType,
  toTraceRoot,
} from './json-fields.js';
import type { EmfLine, EmfMetric } from './parsed-line.js';

/** Keys other emitters use for the same facts: Powertools (`function_request_id`, …), aws-embedded-metrics (`traceId`). */
const REQUEST_ID_KEYS = [INVOCATION_KEYS.requestId, 'function_request_id', 'AWSRequestId', 'aws_request_id'];
const TRACE_ID_KEYS = [INVOCATION_KEYS.xrayTraceId, 'xray_trace_id', 'traceId'];
const COLD_START_KEYS = [INVOCATION_KEYS.coldStart, 'cold_start'];
const FUNCTION_NAME_KEYS = [INVOCATION_KEYS.functionName, 'function_name'];

function toValues(value: unknown): number[] {
  if (typeof value === 'number') return Number.isFinite(value) ? [value] : [];
  if (Array.isArray(value))
    return value.filter((item): item is number => typeof item === 'number' && Number.isFinite(item));
  return [];
}

/**
 * An Embedded Metric Format document (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html)
 * from our SDK, aws-embedded-metrics or Powertools: its metric values and the invocation facts its properties carry.
 * Undefined when `_aws.CloudWatchMetrics` is not a list.
 */
export function toEmfLine(document: JsonObject): EmfLine | undefined {
  const metadata = document._aws;
  if (!isJsonObject(metadata) || !Array.isArray(metadata.CloudWatchMetrics)) return undefined;
  const metrics: EmfMetric[] = [];
  for (const directive of metadata.CloudWatchMetrics) {
    if (!isJsonObject(directive) || !Array.isArray(directive.Metrics)) continue;
    const namespace = stringField(directive, 'Namespace') ?? '';
    for (const definition of directive.Metrics) {
      if (!isJsonObject(definition)) continue;
      const name = stringField(definition, 'Name');
      if (name === undefined) continue;
      const values = toValues(document[name]);
      if (values.length === 0) continue;
      metrics.push({ namespace, name, unit: stringField(definition, 'Unit'), values });
    }
  }
  const coldStartMetric = metrics.find((metric) => metric.name === SDK_METRICS.coldStart.name);
  const coldStart =
    firstBoolean(document, COLD_START_KEYS) ?? (coldStartMetric?.values.some((value) => value > 0) ? true : undefined);
  const proactiveInit = document[INVOCATION_KEYS.proactiveInit];
  return {
    kind: 'emf',
    requestId: firstString(document, REQUEST_ID_KEYS),
    xrayTraceId: toTraceRoot(firstString(document, TRACE_ID_KEYS)),
    coldStart,
    functionName: firstString(document, FUNCTION_NAME_KEYS),
    initType: toInitType(document[INVOCATION_KEYS.initType]),
    proactiveInit: typeof proactiveInit === 'boolean' ? proactiveInit : undefined,
    metrics,
  };
}

export { COLD_START_KEYS, FUNCTION_NAME_KEYS, REQUEST_ID_KEYS, TRACE_ID_KEYS };
