import type { TriggerKind } from '../catalog.js';

/** OpenTelemetry's `faas.trigger` values. https://opentelemetry.io/docs/specs/semconv/attributes-registry/faas/ */
export type FaasTrigger = 'http' | 'pubsub' | 'datasource' | 'timer' | 'other';

export interface EventSource {
  readonly kind: TriggerKind;
  readonly faasTrigger: FaasTrigger;
  /** Records in an SQS, Kinesis or DynamoDB stream batch; undefined for everything else. */
  readonly batchSize: number | undefined;
  /** The earliest `SentTimestamp` among the SQS messages, epoch ms; undefined when none carries one. */
  readonly oldestSentAtMs: number | undefined;
  /** The API Gateway route, low in cardinality (`GET /orders/{id}`); undefined without one. */
  readonly httpRoute: string | undefined;
}

type Loose = Readonly<Record<string, unknown>>;

function source(kind: TriggerKind, faasTrigger: FaasTrigger): EventSource {
  return Object.freeze({ kind, faasTrigger, batchSize: undefined, oldestSentAtMs: undefined, httpRoute: undefined });
}

// Sources without per-event details are shared constants: classifying them allocates nothing.
const DIRECT = source('direct', 'other');
const SNS = source('sns', 'pubsub');
const S3 = source('s3', 'datasource');
const EVENTBRIDGE = source('eventbridge', 'pubsub');
const SCHEDULE = source('schedule', 'timer');
const STEP_FUNCTIONS = source('step-functions', 'other');
const CLOUDWATCH_LOGS = source('cloudwatch-logs', 'pubsub');
const FUNCTION_URL = source('function-url', 'http');
const ALB = source('alb', 'http');
// WebSocket messages are neither an HTTP request nor a message from a messaging system.
const WEBSOCKET = source('api-gateway-websocket', 'other');

const STATES_ARN_PREFIX = 'arn:aws:states:';
// Function URLs are served from <url-id>.lambda-url.<region>.on.aws.
// https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html#urls-payloads
const FUNCTION_URL_DOMAIN = /\.lambda-url\.[a-z0-9-]+\.on\.aws$/;

function isObject(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function batch(kind: TriggerKind, faasTrigger: FaasTrigger, size: number, oldestSentAtMs?: number): EventSource {
  return { kind, faasTrigger, batchSize: size, oldestSentAtMs, httpRoute: undefined };
}

function http(kind: TriggerKind, route: string | undefined): EventSource {
  return { kind, faasTrigger: 'http', batchSize: undefined, oldestSentAtMs: undefined, httpRoute: route };
}

/** SQS puts `SentTimestamp` (epoch ms, as a string) in every record's `attributes`. */
function oldestSentAtMs(records: readonly unknown[]): number | undefined {
  let oldest: number | undefined;
  for (const record of records) {
    const sent = isObject(record) && isObject(record.attributes) ? Number(record.attributes.SentTimestamp) : Number.NaN;
    if (Number.isFinite(sent) && sent > 0 && (oldest === undefined || sent < oldest)) oldest = sent;
  }
  return oldest;
}

function fromRecords(records: readonly unknown[]): EventSource | undefined {
  const first = records[0];
  if (!isObject(first)) return undefined;
  // SNS spells it EventSource; the others eventSource.
  switch (first.eventSource ?? first.EventSource) {
    case 'aws:sqs':
      return batch('sqs', 'pubsub', records.length, oldestSentAtMs(records));
    case 'aws:kinesis':
      return batch('kinesis-stream', 'pubsub', records.length);
    case 'aws:dynamodb':
      return batch('dynamodb-stream', 'datasource', records.length);
    case 'aws:sns':
      return SNS;
    case 'aws:s3':
      return S3;
    default:
      return undefined;
  }
}

/** A route template only: `$default` and raw paths would give every request its own span name. */
function routeOf(event: Loose): string | undefined {
  const routeKey = text(event.routeKey);
  if (routeKey !== undefined && routeKey !== '$default') return routeKey;
  const method = text(event.httpMethod);
  const resource = text(event.resource);
  return method !== undefined && resource !== undefined ? `${method} ${resource}` : undefined;
}

function fromRequestContext(event: Loose, context: Loose): EventSource | undefined {
  if (isObject(context.elb)) return ALB;
  if (text(context.connectionId) !== undefined && text(context.eventType) !== undefined) return WEBSOCKET;
  if (event.version === '2.0') {
    const domain = text(context.domainName);
    if (domain !== undefined && FUNCTION_URL_DOMAIN.test(domain)) return FUNCTION_URL;
    return http('api-gateway-http', routeOf(event));
  }
  // HTTP APIs also send payload format 1.0, shaped like REST's but with a version and a routeKey.
  if (event.version === '1.0' && text(context.apiId) !== undefined) return http('api-gateway-http', routeOf(event));
  if (text(event.httpMethod) !== undefined && text(context.stage) !== undefined) {
    return http('api-gateway-rest', routeOf(event));
  }
  return undefined;
}

function isStepFunctionsContext(event: Loose): boolean {
  const execution = event.Execution;
  const stateMachine = event.StateMachine;
  return (
    (isObject(execution) && text(execution.Id)?.startsWith(STATES_ARN_PREFIX) === true) ||
    (isObject(stateMachine) && text(stateMachine.Id)?.startsWith(STATES_ARN_PREFIX) === true)
  );
}

/**
 * What invoked the function, from the event's shape alone. Pure; never throws. A Step Functions task is
 * recognised only when the state passes its context object (`$$`) in the payload; otherwise it looks like, and
 * is reported as, a direct invoke.
 */
export function classifyEventSource(event: unknown): EventSource {
  if (!isObject(event)) return DIRECT;
  const records = event.Records;
  if (Array.isArray(records) && records.length > 0) return fromRecords(records) ?? DIRECT;
  const context = event.requestContext;
  if (isObject(context)) return fromRequestContext(event, context) ?? DIRECT;
  if (text(event['detail-type']) !== undefined && text(event.source) !== undefined) {
    return event['detail-type'] === 'Scheduled Event' ? SCHEDULE : EVENTBRIDGE;
  }
  if (isObject(event.awslogs) && text(event.awslogs.data) !== undefined) return CLOUDWATCH_LOGS;
  if (isStepFunctionsContext(event)) return STEP_FUNCTIONS;
  return DIRECT;
}
