import { afterEach, describe, expect, test } from 'vitest';
import type { LocalAws } from '../../../../test/support/aws-local/index.js';
import { runLambdatop, seedFunction, startLocalCloudWatch } from './support/local-cloudwatch.js';

let aws: LocalAws | undefined;
afterEach(async () => {
  await aws?.close();
  aws = undefined;
});

const HOUR = 3_600_000;

interface JsonReport {
  source: string;
  input: { inputs: string[]; events: number };
  warnings: string[];
  functions: {
    name: string;
    invocations: number;
    errors: number;
    timeouts: number;
    outOfMemory: number;
    coldStarts: number;
    arch: string;
    archSource: string;
    durationMs: { count: number; max: number } | null;
    configuration: { memorySizeMB: number; logGroup: string } | null;
    cloudWatchMetrics: { throttles: number | null; concurrentExecutionsMax: number | null } | null;
  }[];
}

describe('lambdatop report --function: CloudWatch read exactly', () => {
  test('counts every invocation of each function once, with configuration and metrics beside', async () => {
    aws = await startLocalCloudWatch();
    const now = Date.now();
    const orders = seedFunction(aws, {
      functionName: 'orders',
      startMs: now - HOUR / 2,
      invocations: 120,
      spacingMs: 1000,
      environments: 4,
      errorEvery: 10,
      timeoutEvery: 25,
      outOfMemoryEvery: 40,
      emf: true,
      appLines: 3,
    });
    seedFunction(aws, { functionName: 'thumbs', startMs: now - HOUR / 3, invocations: 30, spacingMs: 2000, seed: 9 });
    aws.cloudwatch.putMetricData([
      {
        namespace: 'AWS/Lambda',
        metricName: 'Throttles',
        dimensions: { FunctionName: 'orders' },
        timestampMs: now - 600_000,
        value: 4,
      },
      {
        namespace: 'AWS/Lambda',
        metricName: 'Throttles',
        dimensions: { FunctionName: 'orders' },
        timestampMs: now - 300_000,
        value: 3,
      },
      {
        namespace: 'AWS/Lambda',
        metricName: 'ConcurrentExecutions',
        dimensions: { FunctionName: 'orders' },
        timestampMs: now - 300_000,
        value: 9,
      },
    ]);
    const run = await runLambdatop(aws, [
      'report',
      '--function',
      'orders',
      '--function',
      'thumbs',
      '--since',
      '1h',
      '--format',
      'json',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as JsonReport;
    const fn = report.functions.find((entry) => entry.name === 'orders');
    const truth = orders.invocations;
    expect(fn).toMatchObject({
      invocations: truth.length,
      errors: truth.filter((invocation) => invocation.outcome !== 'success').length,
      timeouts: truth.filter((invocation) => invocation.outcome === 'timeout').length,
      outOfMemory: truth.filter((invocation) => invocation.outcome === 'out-of-memory').length,
      coldStarts: 4,
      arch: 'arm64',
      archSource: 'configuration',
    });
    expect(fn?.configuration).toMatchObject({ memorySizeMB: 512, logGroup: '/aws/lambda/orders' });
    expect(fn?.cloudWatchMetrics).toMatchObject({ throttles: 7, concurrentExecutionsMax: 9 });
    expect(report.functions.find((entry) => entry.name === 'thumbs')?.invocations).toBe(30);
    expect(report.input.inputs).toEqual(['/aws/lambda/orders', '/aws/lambda/thumbs']);
  });
});

describe('lambdatop report --function --insights: aggregated by Logs Insights', () => {
  test('counts equal the exact path on the same data; percentiles within the stated tolerance, marked estimated', async () => {
    aws = await startLocalCloudWatch({ insights: { pollsWhileScheduled: 1, pollsWhileRunning: 2 } });
    const now = Date.now();
    seedFunction(aws, {
      functionName: 'orders',
      startMs: now - HOUR / 2,
      invocations: 150,
      spacingMs: 1000,
      environments: 5,
      errorEvery: 9,
      timeoutEvery: 31,
      outOfMemoryEvery: 47,
      emf: true,
    });
    const args = ['report', '--function', 'orders', '--since', '1h', '--format', 'json'];
    const exact = JSON.parse((await runLambdatop(aws, args)).stdout) as JsonReport;
    const run = await runLambdatop(aws, [...args, '--insights']);
    expect(run.stderr).toBe('');
    const insights = JSON.parse(run.stdout) as JsonReport & {
      functions: { basis: { figures: string }; durationMs: { p50: number; p99: number; basis: string } }[];
    };
    expect(insights.source).toBe('insights');
    const [fromInsights] = insights.functions;
    const [fromLogs] = exact.functions;
    for (const field of ['invocations', 'errors', 'timeouts', 'outOfMemory', 'coldStarts'] as const) {
      expect(fromInsights?.[field], field).toBe(fromLogs?.[field]);
    }
    expect(fromInsights?.basis.figures).toBe('estimated');
    expect(fromInsights?.durationMs.basis).toBe('estimated');
    expect(fromInsights?.durationMs.max).toBe(fromLogs?.durationMs?.max);
    expect(insights.warnings.join('\n')).toContain('percentiles are the service’s estimates');
  });
});
