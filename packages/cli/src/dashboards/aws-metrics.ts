/**
 * The metrics Lambda and API Gateway publish on their own, by the names CloudWatch knows them. Every AWS metric name
 * lambdatop graphs or reads is written here once; the SDK's own metrics come from `@lambdatop/sdk/catalog`.
 */

/** The statistics lambdatop asks CloudWatch for. https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Statistics-definitions.html */
export type MetricStatistic = 'Sum' | 'Average' | 'Maximum' | 'Minimum' | 'SampleCount' | `p${number}`;

export interface AwsMetric {
  readonly name: string;
  readonly unit: 'Count' | 'Milliseconds';
  /** The statistic that gives the metric its meaning (AWS documents it per metric). */
  readonly statistic: MetricStatistic;
  /** What it measures, in one line. */
  readonly description: string;
}

/** https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html */
export const LAMBDA_NAMESPACE = 'AWS/Lambda';

/** Per-function metrics carry this dimension. https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html#monitoring-metrics-dimensions */
export const LAMBDA_FUNCTION_DIMENSION = 'FunctionName';

/** Lambda's function metrics. https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html */
export const LAMBDA_METRICS = {
  invocations: {
    name: 'Invocations',
    unit: 'Count',
    statistic: 'Sum',
    description: 'Times the function code ran (successes and function errors; throttled requests excluded)',
  },
  errors: {
    name: 'Errors',
    unit: 'Count',
    statistic: 'Sum',
    description: 'Invocations that ended in a function error: a throw, a timeout, a crash or out of memory',
  },
  throttles: {
    name: 'Throttles',
    unit: 'Count',
    statistic: 'Sum',
    description: 'Requests refused because no concurrency was left; they never reach the logs',
  },
  duration: {
    name: 'Duration',
    unit: 'Milliseconds',
    statistic: 'p99',
    description: 'Time the function code spent on an invocation',
  },
  concurrentExecutions: {
    name: 'ConcurrentExecutions',
    unit: 'Count',
    statistic: 'Maximum',
    description: 'Execution environments busy with an invocation at the same time',
  },
  iteratorAge: {
    name: 'IteratorAge',
    unit: 'Milliseconds',
    statistic: 'Maximum',
    description: 'Stream sources: age of the last record of a batch when Lambda received it',
  },
  deadLetterErrors: {
    name: 'DeadLetterErrors',
    unit: 'Count',
    statistic: 'Sum',
    description: 'Asynchronous invocations: failed events that could not be sent to the dead-letter queue',
  },
  provisionedConcurrencySpilloverInvocations: {
    name: 'ProvisionedConcurrencySpilloverInvocations',
    unit: 'Count',
    statistic: 'Sum',
    description: 'Invocations served on demand because every provisioned environment was busy',
  },
} as const satisfies Record<string, AwsMetric>;

/** https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-metrics-and-dimensions.html */
export const API_GATEWAY_NAMESPACE = 'AWS/ApiGateway';

/** REST API metrics per API carry this dimension. https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-metrics-and-dimensions.html#api-gateway-metricdimensions */
export const API_GATEWAY_API_DIMENSION = 'ApiName';

/** API Gateway's REST API metrics. https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-metrics-and-dimensions.html */
export const API_GATEWAY_METRICS = {
  count: {
    name: 'Count',
    unit: 'Count',
    statistic: 'SampleCount',
    description: 'Requests the API received',
  },
  latency: {
    name: 'Latency',
    unit: 'Milliseconds',
    statistic: 'p99',
    description: 'From the request reaching API Gateway to the response leaving it, integration included',
  },
  integrationLatency: {
    name: 'IntegrationLatency',
    unit: 'Milliseconds',
    statistic: 'p99',
    description: 'From API Gateway calling the backend (the function) to its answer',
  },
  clientErrors: {
    name: '4XXError',
    unit: 'Count',
    statistic: 'Sum',
    description: 'Responses with a 4xx status',
  },
  serverErrors: {
    name: '5XXError',
    unit: 'Count',
    statistic: 'Sum',
    description: 'Responses with a 5xx status',
  },
  cacheHitCount: {
    name: 'CacheHitCount',
    unit: 'Count',
    statistic: 'Sum',
    description: 'Requests answered from the API cache',
  },
  cacheMissCount: {
    name: 'CacheMissCount',
    unit: 'Count',
    statistic: 'Sum',
    description: 'Requests the backend answered while the API cache was on',
  },
} as const satisfies Record<string, AwsMetric>;
