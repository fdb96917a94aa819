/**
 * The one list of names the SDK writes and the CLI, the dashboards and the tests read.
 * Nothing here may import anything: the CLI and the dashboards load this file alone
 * (`@lambdatop/sdk/catalog`) without pulling in the SDK's runtime.
 */

/** Units CloudWatch accepts in EMF. https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDatum.html */
export const EMF_UNITS = [
  'Seconds',
  'Microseconds',
  'Milliseconds',
  'Bytes',
  'Kilobytes',
  'Megabytes',
  'Gigabytes',
  'Terabytes',
  'Bits',
  'Kilobits',
  'Megabits',
  'Gigabits',
  'Terabits',
  'Percent',
  'Count',
  'Bytes/Second',
  'Kilobytes/Second',
  'Megabytes/Second',
  'Gigabytes/Second',
  'Terabytes/Second',
  'Bits/Second',
  'Kilobits/Second',
  'Megabits/Second',
  'Gigabits/Second',
  'Terabits/Second',
  'Count/Second',
  'None',
] as const;

export type EmfUnit = (typeof EMF_UNITS)[number];

export interface CatalogMetric {
  readonly name: string;
  readonly unit: EmfUnit;
  /** What question the metric answers; the dashboards' README quotes it. */
  readonly description: string;
}

/** Metrics the SDK emits on its own, beside the user's. */
export const SDK_METRICS = {
  coldStart: {
    name: 'ColdStart',
    unit: 'Count',
    description: 'A user-facing cold start: 1 on the first on-demand invocation of an environment, absent otherwise',
  },
  initDuration: {
    name: 'InitDuration',
    unit: 'Milliseconds',
    description: 'In-process init time on a cold start: from process start to the first invocation',
  },
  memoryWatermark: {
    name: 'MemoryWatermark',
    unit: 'Megabytes',
    description:
      "The process's peak resident set size so far (getrusage maxRSS), read when the invocation's metrics are written",
  },
  timeoutImminent: {
    name: 'TimeoutImminent',
    unit: 'Count',
    description: 'The invocation was still running when only the timeout margin remained; Lambda was about to kill it',
  },
  batchSize: {
    name: 'BatchSize',
    unit: 'Count',
    description: 'Records in an SQS, Kinesis or DynamoDB stream batch',
  },
  oldestMessageAge: {
    name: 'OldestMessageAge',
    unit: 'Milliseconds',
    description:
      'Age of the oldest SQS message in the batch when the invocation started, from its SentTimestamp (time in the queue, retries included)',
  },
  batchItemFailures: {
    name: 'BatchItemFailures',
    unit: 'Count',
    description: 'Records the handler reported as failed through batchItemFailures (partial batch response)',
  },
} as const satisfies Record<string, CatalogMetric>;

/** The default (and only default) dimension: bounded, chosen by the user. */
export const SERVICE_DIMENSION = 'service';

/**
 * Keys the SDK puts on every EMF document (as properties, never dimensions) and on every log line of an invocation.
 * Properties are free in CloudWatch; dimensions are billed per distinct value.
 */
export const INVOCATION_KEYS = {
  requestId: 'requestId',
  xrayTraceId: 'xrayTraceId',
  coldStart: 'coldStart',
  functionName: 'functionName',
  functionVersion: 'functionVersion',
  memoryLimitMb: 'memoryLimitMB',
  initType: 'initType',
  proactiveInit: 'proactiveInit',
  trigger: 'trigger',
  httpStatusClass: 'httpStatusClass',
} as const;

/**
 * Values of the `trigger` property (INVOCATION_KEYS.trigger): what invoked the function, finer than OpenTelemetry's
 * `faas.trigger`. `direct` is anything not recognised as an event source (SDK, CLI or console invokes).
 */
export const TRIGGER_KINDS = [
  'api-gateway-rest',
  'api-gateway-http',
  'api-gateway-websocket',
  'function-url',
  'alb',
  'sqs',
  'sns',
  's3',
  'eventbridge',
  'schedule',
  'dynamodb-stream',
  'kinesis-stream',
  'step-functions',
  'cloudwatch-logs',
  'direct',
] as const;

export type TriggerKind = (typeof TRIGGER_KINDS)[number];

/** Values of the `httpStatusClass` property, on invocations from an HTTP trigger. */
export const HTTP_STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;

export type HttpStatusClass = (typeof HTTP_STATUS_CLASSES)[number];

/** The value of the `lambdatop` key on lines the SDK writes about itself, so readers can tell them apart. */
export const SDK_LINE_KINDS = {
  config: 'config',
  warning: 'sdk-warning',
  timeout: 'timeout-imminent',
  /** The handler threw; the line carries `err` with name, message and stack. */
  handlerError: 'handler-error',
} as const;

/** The key that carries an SDK_LINE_KINDS value on the SDK's own log lines. */
export const SDK_LINE_KEY = 'lambdatop';

/**
 * The CloudWatch namespace of the SDK's metrics when `withObservability` is given no `namespace`: what the dashboards
 * graph unless told otherwise.
 */
export const DEFAULT_NAMESPACE = 'lambdatop';
