import type { HttpStatusClass, TriggerKind } from '../catalog.js';

/**
 * The status code the caller receives when the handler returned `result` (or threw), for HTTP triggers; undefined
 * for every other source. What API Gateway, function URLs and ALB make of a response without a valid `statusCode`:
 * - HTTP API payload 2.0 and function URLs assume 200 and send the value as the body:
 *   https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 * - REST APIs answer 502 "Malformed Lambda proxy response":
 *   https://repost.aws/knowledge-center/malformed-502-api-gateway
 * - HTTP API payload 1.0 answers 500, ALB 502:
 *   https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html
 * A function error becomes a 5xx on every one of them (502 or 500).
 */
export function toHttpStatus(
  kind: TriggerKind,
  payloadVersion: unknown,
  threw: boolean,
  result: unknown,
): number | undefined {
  if (kind !== 'api-gateway-rest' && kind !== 'api-gateway-http' && kind !== 'function-url' && kind !== 'alb') {
    return undefined;
  }
  if (threw) return kind === 'api-gateway-http' ? 500 : 502;
  const given =
    typeof result === 'object' && result !== null
      ? (result as { readonly statusCode?: unknown }).statusCode
      : undefined;
  const status = typeof given === 'number' ? given : typeof given === 'string' && given !== '' ? Number(given) : NaN;
  if (Number.isInteger(status) && status >= 100 && status <= 599) return status;
  const infersOk = kind === 'function-url' || (kind === 'api-gateway-http' && payloadVersion === '2.0');
  if (given === undefined && infersOk) return 200;
  return kind === 'api-gateway-http' ? 500 : 502;
}

const CLASSES: readonly HttpStatusClass[] = ['1xx', '2xx', '3xx', '4xx', '5xx'];

export function toHttpStatusClass(status: number): HttpStatusClass | undefined {
  return CLASSES[Math.floor(status / 100) - 1];
}

/**
 * Records the handler reported as failed through a partial batch response (`{ batchItemFailures: [...] }`), for
 * SQS, Kinesis and DynamoDB stream batches; undefined when the result is not one (missing is not zero).
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html#services-sqs-batchfailurereporting
 */
export function countBatchItemFailures(kind: TriggerKind, result: unknown): number | undefined {
  if (kind !== 'sqs' && kind !== 'kinesis-stream' && kind !== 'dynamodb-stream') return undefined;
  if (typeof result !== 'object' || result === null) return undefined;
  const failures = (result as { readonly batchItemFailures?: unknown }).batchItemFailures;
  return Array.isArray(failures) ? failures.length : undefined;
}
