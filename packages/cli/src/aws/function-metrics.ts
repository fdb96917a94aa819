import type { MetricDataQuery, MetricDataResult } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchMetrics } from '../core/report/report-model.js';
import { LAMBDA_FUNCTION_DIMENSION, LAMBDA_METRICS, LAMBDA_NAMESPACE } from '../dashboards/aws-metrics.js';
import type { AwsSession } from './aws-session.js';
import { loadCloudWatchSdk } from './load-aws-sdk.js';

type MetricKey = Exclude<keyof CloudWatchMetrics, 'periodSeconds'>;

/**
 * What Lambda publishes but never logs (namespace AWS/Lambda, dimension FunctionName), and how each is reduced over the
 * window: counts are summed, levels take their maximum (the peak of the per-period maxima is the window's peak).
 * https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html
 */
export const LAMBDA_WINDOW_METRICS: readonly {
  readonly key: MetricKey;
  readonly metricName: string;
  readonly stat: 'Sum' | 'Maximum';
}[] = [
  { key: 'throttles', metricName: LAMBDA_METRICS.throttles.name, stat: 'Sum' },
  { key: 'concurrentExecutionsMax', metricName: LAMBDA_METRICS.concurrentExecutions.name, stat: 'Maximum' },
  { key: 'iteratorAgeMaxMs', metricName: LAMBDA_METRICS.iteratorAge.name, stat: 'Maximum' },
  { key: 'deadLetterErrors', metricName: LAMBDA_METRICS.deadLetterErrors.name, stat: 'Sum' },
  {
    key: 'provisionedConcurrencySpilloverInvocations',
    metricName: LAMBDA_METRICS.provisionedConcurrencySpilloverInvocations.name,
    stat: 'Sum',
  },
];

const DAY_MS = 86_400_000;
/** Points per metric we ask for at most; the period grows with the window to stay under it. */
const MAX_POINTS_PER_METRIC = 1440;
/** GetMetricData takes at most 500 queries per call. */
const MAX_QUERIES_PER_CALL = 500;

/**
 * The period for a window: whole minutes, at most 1,440 points, and no finer than CloudWatch keeps data of that age
 * (1-minute data for 15 days, 5-minute for 63 days, then hourly).
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html
 */
export function toMetricPeriodSeconds(startMs: number, endMs: number, nowMs: number): number {
  const ageMs = nowMs - startMs;
  const step = ageMs > 63 * DAY_MS ? 3600 : ageMs > 15 * DAY_MS ? 300 : 60;
  const windowSeconds = Math.max(1, (endMs - startMs) / 1000);
  return Math.max(step, Math.ceil(windowSeconds / MAX_POINTS_PER_METRIC / step) * step);
}

function queryId(functionIndex: number, metricIndex: number): string {
  return `f${functionIndex}m${metricIndex}`;
}

export function toMetricDataQueries(functionNames: readonly string[], periodSeconds: number): MetricDataQuery[] {
  return functionNames.flatMap((functionName, functionIndex) =>
    LAMBDA_WINDOW_METRICS.map((metric, metricIndex) => ({
      Id: queryId(functionIndex, metricIndex),
      MetricStat: {
        Metric: {
          Namespace: LAMBDA_NAMESPACE,
          MetricName: metric.metricName,
          Dimensions: [{ Name: LAMBDA_FUNCTION_DIMENSION, Value: functionName }],
        },
        Period: periodSeconds,
        Stat: metric.stat,
      },
      ReturnData: true,
    })),
  );
}

/** Window figures per function from the results (possibly over several pages). No data points is null, never 0. Pure. */
export function toCloudWatchMetrics(
  functionNames: readonly string[],
  results: readonly MetricDataResult[],
  periodSeconds: number,
): Map<string, CloudWatchMetrics> {
  const valuesById = new Map<string, number[]>();
  for (const result of results) {
    if (result.Id === undefined) continue;
    const values = valuesById.get(result.Id) ?? [];
    values.push(...(result.Values ?? []).filter((value) => Number.isFinite(value)));
    valuesById.set(result.Id, values);
  }
  const metrics = new Map<string, CloudWatchMetrics>();
  functionNames.forEach((functionName, functionIndex) => {
    const figures: Record<MetricKey, number | null> = {
      throttles: null,
      concurrentExecutionsMax: null,
      iteratorAgeMaxMs: null,
      deadLetterErrors: null,
      provisionedConcurrencySpilloverInvocations: null,
    };
    LAMBDA_WINDOW_METRICS.forEach((metric, metricIndex) => {
      const values = valuesById.get(queryId(functionIndex, metricIndex)) ?? [];
      if (values.length === 0) return;
      figures[metric.key] =
        metric.stat === 'Sum' ? values.reduce((total, value) => total + value, 0) : Math.max(...values);
    });
    metrics.set(functionName, { ...figures, periodSeconds });
  });
  return metrics;
}

/** GetMetricData over [startMs, endMs) for every function, all pages. Throws on failure; the caller degrades. */
export async function fetchFunctionMetrics(
  session: AwsSession,
  functionNames: readonly string[],
  window: { readonly startMs: number; readonly endMs: number; readonly nowMs: number },
  signal?: AbortSignal,
): Promise<Map<string, CloudWatchMetrics>> {
  const { GetMetricDataCommand } = await loadCloudWatchSdk();
  const cloudwatch = await session.cloudwatch();
  const periodSeconds = toMetricPeriodSeconds(window.startMs, window.endMs, window.nowMs);
  const perCall = Math.floor(MAX_QUERIES_PER_CALL / LAMBDA_WINDOW_METRICS.length);
  const metrics = new Map<string, CloudWatchMetrics>();
  for (let offset = 0; offset < functionNames.length; offset += perCall) {
    const names = functionNames.slice(offset, offset + perCall);
    const queries = toMetricDataQueries(names, periodSeconds);
    const results: MetricDataResult[] = [];
    let nextToken: string | undefined;
    do {
      const page = await session.call(
        'GetMetricData',
        (abortSignal) =>
          cloudwatch.send(
            new GetMetricDataCommand({
              MetricDataQueries: queries,
              StartTime: new Date(window.startMs),
              EndTime: new Date(Math.max(window.endMs, window.startMs + 1)),
              ...(nextToken === undefined ? {} : { NextToken: nextToken }),
            }),
            abortSignal === undefined ? {} : { abortSignal },
          ),
        { signal, maxAttempts: 4 },
      );
      results.push(...(page.MetricDataResults ?? []));
      nextToken = page.NextToken || undefined;
    } while (nextToken !== undefined);
    for (const [name, figures] of toCloudWatchMetrics(names, results, periodSeconds)) metrics.set(name, figures);
  }
  return metrics;
}
