import { afterEach, describe, expect, test } from 'vitest';
import type { LocalAws } from '../../../../test/support/aws-local/index.js';
import { toMetricPeriodSeconds } from '../../src/aws/function-metrics.js';
import { runLambdatop, seedFunction, startLocalCloudWatch } from './support/local-cloudwatch.js';

let aws: LocalAws | undefined;
afterEach(async () => {
  await aws?.close();
  aws = undefined;
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface ContextReport {
  warnings: string[];
  functions: {
    name: string;
    invocations: number;
    arch: string;
    archSource: string;
    durationMs: unknown;
    cost: unknown;
    configuration: Record<string, unknown> | null;
    cloudWatchMetrics: Record<string, unknown> | null;
    warnings: string[];
  }[];
}

async function report(server: LocalAws, ...functions: string[]): Promise<ContextReport> {
  const args = ['report', ...functions.flatMap((name) => ['--function', name]), '--since', '2h', '--format', 'json'];
  const run = await runLambdatop(server, [...args, '--max-requests-per-second', '20']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as ContextReport;
}

describe('function configuration and CloudWatch metrics beside the logs', () => {
  test('configuration, provisioned concurrency and each metric reduced over the window (sum or max)', async () => {
    aws = await startLocalCloudWatch();
    const now = Date.now();
    seedFunction(aws, { functionName: 'orders', startMs: now - HOUR, invocations: 30, spacingMs: 10_000 });
    aws.lambda.putProvisionedConcurrencyConfig({
      functionName: 'orders',
      qualifier: 'live',
      requested: 6,
      allocated: 5,
    });
    aws.lambda.putFunction({
      functionName: 'orders',
      memorySizeMb: 512,
      timeoutSeconds: 3,
      architecture: 'arm64',
      runtime: 'nodejs20.x',
      qualifiers: ['live'],
    });
    const sample = (metricName: string, minutesAgo: number, value: number) => ({
      namespace: 'AWS/Lambda',
      metricName,
      dimensions: { FunctionName: 'orders' },
      timestampMs: now - minutesAgo * 60_000,
      value,
    });
    aws.cloudwatch.putMetricData([
      sample('Throttles', 50, 2),
      sample('Throttles', 20, 5),
      sample('Throttles', 60 * 5, 100), // outside the 2-hour window
      sample('ConcurrentExecutions', 40, 3),
      sample('ConcurrentExecutions', 10, 8),
      sample('IteratorAge', 30, 1200),
      sample('IteratorAge', 5, 450),
      sample('DeadLetterErrors', 15, 1),
      sample('ProvisionedConcurrencySpilloverInvocations', 12, 4),
      sample('ProvisionedConcurrencySpilloverInvocations', 11, 6),
    ]);
    const [fn] = (await report(aws, 'orders')).functions;
    expect(fn?.configuration).toEqual({
      memorySizeMB: 512,
      timeoutSeconds: 3,
      architecture: 'arm64',
      runtime: 'nodejs20.x',
      logFormat: 'Text',
      systemLogLevel: null,
      applicationLogLevel: null,
      logGroup: '/aws/lambda/orders',
      provisionedConcurrency: 5,
    });
    expect(fn).toMatchObject({ arch: 'arm64', archSource: 'configuration' });
    expect(fn?.cloudWatchMetrics).toEqual({
      throttles: 7,
      concurrentExecutionsMax: 8,
      iteratorAgeMaxMs: 1200,
      deadLetterErrors: 1,
      provisionedConcurrencySpilloverInvocations: 10,
      periodSeconds: 60,
    });
  });

  test('a metric without data points is null, not 0; a function that logged nothing still shows its throttles', async () => {
    aws = await startLocalCloudWatch();
    const now = Date.now();
    aws.lambda.putFunction({ functionName: 'idle' });
    aws.cloudwatch.putMetricData([
      {
        namespace: 'AWS/Lambda',
        metricName: 'Throttles',
        dimensions: { FunctionName: 'idle' },
        timestampMs: now - 600_000,
        value: 12,
      },
    ]);
    const result = await report(aws, 'idle');
    const [fn] = result.functions;
    expect(fn).toMatchObject({ name: 'idle', invocations: 0, durationMs: null, cost: null });
    expect(fn?.cloudWatchMetrics).toMatchObject({
      throttles: 12,
      concurrentExecutionsMax: null,
      deadLetterErrors: null,
    });
    expect(result.warnings).toContain(
      'Log group /aws/lambda/idle does not exist (a function that never ran has none).',
    );
  });

  test('SystemLogLevel=WARN: a warning that REPORT lines are suppressed, and no zeros for what is unknown', async () => {
    aws = await startLocalCloudWatch();
    const now = Date.now();
    aws.lambda.putFunction({ functionName: 'quiet', logFormat: 'JSON', systemLogLevel: 'WARN' });
    aws.lambda.putFunction({ functionName: 'silent', logFormat: 'JSON', systemLogLevel: 'WARN' });
    aws.logs.putLogEvents('/aws/lambda/quiet', '2024/05/20/[$LATEST]abcd', [
      {
        timestamp: now - 60_000,
        message: JSON.stringify({
          timestamp: new Date(now - 60_000).toISOString(),
          level: 'ERROR',
          requestId: '4b142fc3-17b8-4cdb-a46b-a8dbe7918715',
          message: 'card declined',
        }),
      },
    ]);
    aws.logs.createLogGroup('/aws/lambda/silent');
    const result = await report(aws, 'quiet', 'silent');
    expect(result.functions.map((fn) => fn.name)).toEqual(['quiet']);
    const [quiet] = result.functions;
    expect(quiet?.durationMs).toBeNull();
    expect(quiet?.cost).toBeNull();
    expect(quiet?.warnings.join('\n')).toContain('SystemLogLevel is WARN: Lambda writes no START or REPORT lines');
    expect(result.warnings.join('\n')).toContain(
      'silent: SystemLogLevel is WARN, so Lambda writes no START or REPORT lines: its invocations, durations, memory and cost cannot be known from the logs (not zero).',
    );
  });

  test('every optional lookup that fails degrades to a warning and the report completes', async () => {
    aws = await startLocalCloudWatch();
    const now = Date.now();
    seedFunction(aws, { functionName: 'orders', startMs: now - HOUR, invocations: 12, spacingMs: 30_000 });
    seedFunction(aws, { functionName: 'thumbs', startMs: now - HOUR, invocations: 8, spacingMs: 30_000, seed: 4 });
    aws.faults.add({ fault: { kind: 'unknown-operation' }, service: 'lambda', operation: 'GetFunctionConfiguration' });
    aws.faults.add({
      fault: { kind: 'access-denied' },
      service: 'lambda',
      operation: 'ListProvisionedConcurrencyConfigs',
    });
    aws.faults.add({ fault: { kind: 'access-denied' }, service: 'cloudwatch', operation: 'GetMetricData' });
    const result = await report(aws, 'orders', 'thumbs');
    const [orders, thumbs] = result.functions;
    expect(orders).toMatchObject({
      invocations: 12,
      configuration: null,
      archSource: 'default',
      cloudWatchMetrics: null,
    });
    expect(thumbs).toMatchObject({ invocations: 8, archSource: 'configuration', cloudWatchMetrics: null });
    expect(thumbs?.configuration).toMatchObject({ memorySizeMB: 512, provisionedConcurrency: null });
    const warnings = result.warnings.join('\n');
    expect(warnings).toMatch(
      /orders: cannot read the function configuration \(UnknownOperationException[^)]*\); reading \/aws\/lambda\/orders/,
    );
    expect(warnings).toMatch(/thumbs: cannot list provisioned concurrency \(AccessDeniedException/);
    expect(warnings).toMatch(/Cannot read CloudWatch metrics \(AccessDenied/);
  });
});

describe('the metric period', () => {
  test.each([
    [HOUR, 0, 60],
    [2 * DAY, 0, 120],
    [3 * DAY, 0, 180],
    [HOUR, 20 * DAY, 300],
    [30 * DAY, 90 * DAY, 3600],
  ])('a %i ms window ending %i ms ago: %i s', (windowMs, endAgoMs, expected) => {
    const now = 1_750_000_000_000;
    expect(toMetricPeriodSeconds(now - endAgoMs - windowMs, now - endAgoMs, now)).toBe(expected);
  });
});
