import { type CatalogMetric, SDK_METRICS } from '@lambdatop/sdk/catalog';
import { API_GATEWAY_METRICS, type AwsMetric, LAMBDA_METRICS, type MetricStatistic } from './aws-metrics.js';
import {
  COLD_START_SHARE_QUERY,
  DURATION_BY_MEMORY_QUERY,
  type InsightsQuery,
  MEMORY_OVERPROVISIONING_QUERY,
  RECENT_ERRORS_QUERY,
} from './insights-queries.js';

/**
 * Every widget lambdatop's dashboards can hold, as data: what it graphs or queries and the question it answers. The
 * bodies (create-dashboard-body.ts) and the README's widget guide (format-widget-guide.ts) are both made from these.
 */

/** One line per function (or API, or service) and series; a series names its statistic. */
export interface MetricSeries<M> {
  readonly metric: M;
  readonly stat: MetricStatistic;
  /** Told apart in the legend when a widget has several series: `orders p99`. */
  readonly label?: string;
}

export type WidgetGraph =
  | { readonly kind: 'lambda'; readonly series: readonly MetricSeries<AwsMetric>[] }
  | { readonly kind: 'api-gateway'; readonly series: readonly MetricSeries<AwsMetric>[] }
  | { readonly kind: 'sdk'; readonly series: readonly MetricSeries<CatalogMetric>[] }
  | { readonly kind: 'insights'; readonly query: InsightsQuery; readonly view: 'table' };

export interface WidgetDefinition {
  /** Stable: tests and the README refer to widgets by it. */
  readonly id: string;
  readonly title: string;
  /** What someone looking at the widget learns from it. */
  readonly question: string;
  readonly width: number;
  readonly height: number;
  readonly graph: WidgetGraph;
}

export type SectionId = 'lambda' | 'api-gateway' | 'sdk' | 'logs-insights';

export interface SectionDefinition {
  readonly id: SectionId;
  readonly heading: string;
  /** One sentence under the heading, on the dashboard and in the README. */
  readonly summary: string;
  readonly widgets: readonly WidgetDefinition[];
}

const METRIC_HEIGHT = 6;

export const LAMBDA_SECTION: SectionDefinition = {
  id: 'lambda',
  heading: 'Lambda',
  summary: 'What Lambda publishes for every function (namespace AWS/Lambda), SDK or not.',
  widgets: [
    {
      id: 'lambda-invocations',
      title: 'Invocations',
      question: 'How much traffic does each function take, and did it change?',
      width: 6,
      height: METRIC_HEIGHT,
      graph: { kind: 'lambda', series: [{ metric: LAMBDA_METRICS.invocations, stat: 'Sum' }] },
    },
    {
      id: 'lambda-errors',
      title: 'Errors',
      question: 'How many invocations failed (a throw, a timeout, a crash, out of memory)?',
      width: 6,
      height: METRIC_HEIGHT,
      graph: { kind: 'lambda', series: [{ metric: LAMBDA_METRICS.errors, stat: 'Sum' }] },
    },
    {
      id: 'lambda-throttles',
      title: 'Throttles',
      question: 'Are requests being refused for lack of concurrency? (They never show in the logs.)',
      width: 6,
      height: METRIC_HEIGHT,
      graph: { kind: 'lambda', series: [{ metric: LAMBDA_METRICS.throttles, stat: 'Sum' }] },
    },
    {
      id: 'lambda-concurrency',
      title: 'Concurrent executions (max)',
      question: 'How close does each function come to its concurrency limit?',
      width: 6,
      height: METRIC_HEIGHT,
      graph: { kind: 'lambda', series: [{ metric: LAMBDA_METRICS.concurrentExecutions, stat: 'Maximum' }] },
    },
    {
      id: 'lambda-duration',
      title: 'Duration p50 / p90 / p99',
      question: 'How long do typical and slow invocations take, and how far is p99 from the median?',
      width: 12,
      height: METRIC_HEIGHT,
      graph: {
        kind: 'lambda',
        series: [
          { metric: LAMBDA_METRICS.duration, stat: 'p50', label: 'p50' },
          { metric: LAMBDA_METRICS.duration, stat: 'p90', label: 'p90' },
          { metric: LAMBDA_METRICS.duration, stat: 'p99', label: 'p99' },
        ],
      },
    },
    {
      id: 'lambda-iterator-age',
      title: 'Iterator age (max)',
      question: 'Is a stream-triggered function (Kinesis, DynamoDB) falling behind its stream?',
      width: 6,
      height: METRIC_HEIGHT,
      graph: { kind: 'lambda', series: [{ metric: LAMBDA_METRICS.iteratorAge, stat: 'Maximum' }] },
    },
    {
      id: 'lambda-dead-letter-errors',
      title: 'Dead-letter errors',
      question: 'Are failed asynchronous events being lost because the dead-letter queue refused them?',
      width: 6,
      height: METRIC_HEIGHT,
      graph: { kind: 'lambda', series: [{ metric: LAMBDA_METRICS.deadLetterErrors, stat: 'Sum' }] },
    },
  ],
};

export const API_GATEWAY_SECTION: SectionDefinition = {
  id: 'api-gateway',
  heading: 'API Gateway',
  summary: 'The REST APIs in front of the functions (namespace AWS/ApiGateway, dimension ApiName).',
  widgets: [
    {
      id: 'api-requests',
      title: 'Requests',
      question: 'How many requests reach each API?',
      width: 8,
      height: METRIC_HEIGHT,
      graph: { kind: 'api-gateway', series: [{ metric: API_GATEWAY_METRICS.count, stat: 'SampleCount' }] },
    },
    {
      id: 'api-errors',
      title: '4XX and 5XX responses',
      question: 'Are callers sending bad requests (4XX) or is the backend failing them (5XX)?',
      width: 8,
      height: METRIC_HEIGHT,
      graph: {
        kind: 'api-gateway',
        series: [
          { metric: API_GATEWAY_METRICS.clientErrors, stat: 'Sum', label: '4XX' },
          { metric: API_GATEWAY_METRICS.serverErrors, stat: 'Sum', label: '5XX' },
        ],
      },
    },
    {
      id: 'api-cache',
      title: 'Cache hits and misses',
      question: 'When the API cache is on, how many requests does it spare the functions?',
      width: 8,
      height: METRIC_HEIGHT,
      graph: {
        kind: 'api-gateway',
        series: [
          { metric: API_GATEWAY_METRICS.cacheHitCount, stat: 'Sum', label: 'hits' },
          { metric: API_GATEWAY_METRICS.cacheMissCount, stat: 'Sum', label: 'misses' },
        ],
      },
    },
    {
      id: 'api-latency',
      title: 'Latency p99: whole request vs integration',
      question: 'How slow is the API for callers, and how much of it is the function (the gap is API Gateway)?',
      width: 24,
      height: METRIC_HEIGHT,
      graph: {
        kind: 'api-gateway',
        series: [
          { metric: API_GATEWAY_METRICS.latency, stat: 'p99', label: 'latency p99' },
          { metric: API_GATEWAY_METRICS.integrationLatency, stat: 'p99', label: 'integration p99' },
        ],
      },
    },
  ],
};

export const SDK_SECTION: SectionDefinition = {
  id: 'sdk',
  heading: 'lambdatop SDK',
  summary: "What functions wrapped with withObservability add: EMF metrics in the SDK's namespace, by service.",
  widgets: [
    {
      id: 'sdk-cold-starts',
      title: 'Cold starts',
      question: 'How often did a caller wait for a new execution environment?',
      width: 8,
      height: METRIC_HEIGHT,
      graph: { kind: 'sdk', series: [{ metric: SDK_METRICS.coldStart, stat: 'Sum' }] },
    },
    {
      id: 'sdk-init-duration',
      title: 'Init duration (mean, max)',
      question: 'How long do those callers wait for the init, on average and at worst?',
      width: 8,
      height: METRIC_HEIGHT,
      graph: {
        kind: 'sdk',
        series: [
          { metric: SDK_METRICS.initDuration, stat: 'Average', label: 'mean' },
          { metric: SDK_METRICS.initDuration, stat: 'Maximum', label: 'max' },
        ],
      },
    },
    {
      id: 'sdk-memory-watermark',
      title: 'Memory watermark (max)',
      question: 'How close does each service come to its memory size, and does it keep growing (a leak)?',
      width: 8,
      height: METRIC_HEIGHT,
      graph: { kind: 'sdk', series: [{ metric: SDK_METRICS.memoryWatermark, stat: 'Maximum' }] },
    },
    {
      id: 'sdk-timeout-imminent',
      title: 'Timeouts about to happen',
      question:
        'How many invocations were still running just before their timeout (flushed before Lambda killed them)?',
      width: 6,
      height: METRIC_HEIGHT,
      graph: { kind: 'sdk', series: [{ metric: SDK_METRICS.timeoutImminent, stat: 'Sum' }] },
    },
    {
      id: 'sdk-batch-size',
      title: 'Batch size (mean, max)',
      question: 'How many records does each SQS, Kinesis or DynamoDB batch carry?',
      width: 6,
      height: METRIC_HEIGHT,
      graph: {
        kind: 'sdk',
        series: [
          { metric: SDK_METRICS.batchSize, stat: 'Average', label: 'mean' },
          { metric: SDK_METRICS.batchSize, stat: 'Maximum', label: 'max' },
        ],
      },
    },
    {
      id: 'sdk-oldest-message-age',
      title: 'Oldest message age (max)',
      question: 'How long did SQS messages wait in the queue before a function took them?',
      width: 6,
      height: METRIC_HEIGHT,
      graph: { kind: 'sdk', series: [{ metric: SDK_METRICS.oldestMessageAge, stat: 'Maximum' }] },
    },
    {
      id: 'sdk-batch-item-failures',
      title: 'Batch item failures',
      question: 'How many records did handlers report as failed (to be retried) in partial batch responses?',
      width: 6,
      height: METRIC_HEIGHT,
      graph: { kind: 'sdk', series: [{ metric: SDK_METRICS.batchItemFailures, stat: 'Sum' }] },
    },
  ],
};

export const LOGS_INSIGHTS_SECTION: SectionDefinition = {
  id: 'logs-insights',
  heading: 'Logs Insights',
  summary:
    "Queries over the functions' log groups: Lambda's REPORT lines (text log format) and the SDK's own lines; they run over the dashboard's time range.",
  widgets: [
    {
      id: 'insights-memory-overprovisioning',
      title: 'Memory over-provisioning (REPORT lines)',
      question: 'Which functions pay for memory they never use? Unused MB at the peak, per function and memory size.',
      width: 12,
      height: METRIC_HEIGHT,
      graph: { kind: 'insights', query: MEMORY_OVERPROVISIONING_QUERY, view: 'table' },
    },
    {
      id: 'insights-cold-start-share',
      title: 'Cold-start share (REPORT lines)',
      question: 'What share of invocations waited for an init, per function, and how long was the init?',
      width: 12,
      height: METRIC_HEIGHT,
      graph: { kind: 'insights', query: COLD_START_SHARE_QUERY, view: 'table' },
    },
    {
      id: 'insights-duration-by-memory',
      title: 'Duration percentiles by memory size (REPORT lines)',
      question: 'Would more (or less) memory make a function faster? Percentiles per memory size it ran with.',
      width: 24,
      height: METRIC_HEIGHT,
      graph: { kind: 'insights', query: DURATION_BY_MEMORY_QUERY, view: 'table' },
    },
    {
      id: 'insights-recent-errors',
      title: 'Recent errors and imminent timeouts, with trace ids (SDK lines)',
      question: 'Which invocations failed or nearly timed out just now, and which X-Ray trace shows each one?',
      width: 24,
      height: 8,
      graph: { kind: 'insights', query: RECENT_ERRORS_QUERY, view: 'table' },
    },
  ],
};

/** In dashboard order. The API Gateway section appears only when APIs are named. */
export const DASHBOARD_SECTIONS: readonly SectionDefinition[] = [
  LAMBDA_SECTION,
  API_GATEWAY_SECTION,
  SDK_SECTION,
  LOGS_INSIGHTS_SECTION,
];
