import { afterEach, describe, expect, test } from 'vitest';
import type { LocalAws } from '../../../../test/support/aws-local/index.js';
import { BYTES_PER_MB, toInsightsReportQuery } from '../../src/aws/insights-query.js';
import { collectInsightsReport } from '../../src/aws/insights-report.js';
import { toInsightsSummary } from '../../src/aws/insights-stats.js';
import { createLocalSession } from './support/aws-session.js';
import { runLambdatop, seedFunction, startLocalCloudWatch } from './support/local-cloudwatch.js';

let aws: LocalAws | undefined;
afterEach(async () => {
  await aws?.close();
  aws = undefined;
});

const HOUR = 3_600_000;

interface Distribution {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
  basis: string;
}
interface FunctionJson {
  name: string;
  invocations: number;
  errors: number;
  timeouts: number;
  outOfMemory: number;
  coldStarts: number;
  memorySizeMB: number | null;
  durationMs: Distribution | null;
  billedDurationMs: Distribution | null;
  maxMemoryUsedMB: { max: number; p99: number; atLimit: number } | null;
  configs: {
    memorySizeMB: number;
    invocations: number;
    errors: number;
    coldStarts: number;
    durationMs: Distribution;
    maxMemoryUsedMB: { max: number; atLimit: number };
    cost: { totalUSD: number; pricedInvocations: number };
  }[];
  cost: { totalUSD: number } | null;
  environments: unknown;
  concurrency: unknown;
  basis: { figures: string; source: string; note: string };
}
interface ReportJson {
  source: string;
  warnings: string[];
  functions: FunctionJson[];
}

async function reportJson(server: LocalAws, args: readonly string[]): Promise<ReportJson> {
  const run = await runLambdatop(server, ['report', ...args, '--format', 'json', '--max-requests-per-second', '25']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as ReportJson;
}

/**
 * The service documents Insights percentiles as approximate without stating a bound; 5 % is what a report can live
 * with. The local server computes them exactly, so this checks field mapping and units, not the service's error.
 */
const PERCENTILE_TOLERANCE = 0.05;

function expectNear(estimated: number | undefined, exact: number | undefined): void {
  expect(estimated).toBeDefined();
  expect(Math.abs((estimated ?? 0) - (exact ?? 0))).toBeLessThanOrEqual(Math.abs(exact ?? 0) * PERCENTILE_TOLERANCE);
}

describe('report --insights: the aggregation pushed down to Logs Insights', () => {
  test('per function and per memory size: counts and sums equal the exact path, percentiles within tolerance', async () => {
    aws = await startLocalCloudWatch();
    const now = Date.now();
    // The function ran at 512 MB, then at 1024 MB (a memory change mid-window), and out of memory twice.
    seedFunction(aws, {
      functionName: 'orders',
      startMs: now - HOUR,
      invocations: 120,
      spacingMs: 10_000,
      environments: 4,
      errorEvery: 11,
      timeoutEvery: 29,
      outOfMemoryEvery: 50,
      memorySizeMb: 512,
    });
    seedFunction(aws, {
      functionName: 'orders',
      register: false,
      startMs: now - HOUR + 5000,
      invocations: 80,
      spacingMs: 10_000,
      environments: 3,
      errorEvery: 13,
      memorySizeMb: 1024,
      seed: 21,
    });
    const args = ['--function', 'orders', '--since', '2h'];
    const exact = (await reportJson(aws, args)).functions[0];
    const insights = await reportJson(aws, [...args, '--insights']);
    const estimated = insights.functions[0];
    expect(insights.source).toBe('insights');
    for (const field of ['invocations', 'errors', 'timeouts', 'outOfMemory', 'coldStarts', 'memorySizeMB'] as const) {
      expect(estimated?.[field], field).toBe(exact?.[field]);
    }
    expect(
      estimated?.configs.map((config) => [config.memorySizeMB, config.invocations, config.errors, config.coldStarts]),
    ).toEqual(
      exact?.configs.map((config) => [config.memorySizeMB, config.invocations, config.errors, config.coldStarts]),
    );
    // Memory arrives in bytes (MB × 1,000,000): the maxima must come back in MB, at the limit where it ran out.
    expect(estimated?.maxMemoryUsedMB).toMatchObject({
      max: exact?.maxMemoryUsedMB?.max,
      atLimit: exact?.maxMemoryUsedMB?.atLimit,
    });
    expect(estimated?.configs.map((config) => config.maxMemoryUsedMB.max)).toEqual(
      exact?.configs.map((config) => config.maxMemoryUsedMB.max),
    );
    // Billed-duration sums are exact in Insights, so is the cost.
    expect(estimated?.cost?.totalUSD).toBeCloseTo(exact?.cost?.totalUSD ?? -1, 12);
    expect(estimated?.billedDurationMs?.mean).toBeCloseTo(exact?.billedDurationMs?.mean ?? -1, 9);
    for (const quantile of ['p50', 'p90', 'p99', 'max'] as const) {
      expectNear(estimated?.durationMs?.[quantile], exact?.durationMs?.[quantile]);
      estimated?.configs.forEach((config, index) => {
        expectNear(config.durationMs[quantile], exact?.configs[index]?.durationMs[quantile]);
      });
    }
    expect(estimated?.durationMs?.basis).toBe('estimated');
    expect(exact?.durationMs?.basis).toBe('exact');
    expect(estimated?.basis).toMatchObject({ figures: 'estimated', source: 'insights' });
    // What Insights cannot give is absent, with the reason, never a zero.
    expect(estimated?.environments).toBeNull();
    expect(estimated?.concurrency).toBeNull();
    expect(exact?.environments).not.toBeNull();
    expect(estimated?.basis.note).toContain('memory growth');
  });

  test('JSON-format functions are read from their platform.report records (memory already in MB)', async () => {
    aws = await startLocalCloudWatch();
    const now = Date.now();
    aws.lambda.putFunction({ functionName: 'api', logFormat: 'JSON', memorySizeMb: 256 });
    const stream = '2024/05/20/[$LATEST]0123456789abcdef0123456789abcdef';
    const records = Array.from({ length: 40 }, (_, index) => {
      const requestId = `4b142fc3-17b8-4cdb-a46b-${String(index).padStart(12, '0')}`;
      const time = now - HOUR / 2 + index * 20_000;
      const status = index % 10 === 9 ? 'timeout' : index % 7 === 6 ? 'error' : 'success';
      return [
        {
          timestamp: time,
          message: JSON.stringify({
            time: new Date(time).toISOString(),
            type: 'platform.start',
            record: { requestId, version: '$LATEST' },
          }),
        },
        {
          timestamp: time + 50,
          message: JSON.stringify({
            time: new Date(time + 50).toISOString(),
            type: 'platform.report',
            record: {
              requestId,
              status,
              metrics: {
                durationMs: 10 + index * 1.5,
                billedDurationMs: Math.ceil(10 + index * 1.5),
                memorySizeMB: 256,
                maxMemoryUsedMB: 70 + (index % 9),
                ...(index === 0 ? { initDurationMs: 180.5 } : {}),
              },
            },
          }),
        },
      ];
    });
    aws.logs.putLogEvents('/aws/lambda/api', stream, records.flat());
    const args = ['--function', 'api', '--since', '2h'];
    const exact = (await reportJson(aws, args)).functions[0];
    const estimated = (await reportJson(aws, [...args, '--insights'])).functions[0];
    expect(exact?.invocations).toBe(40);
    for (const field of ['invocations', 'errors', 'timeouts', 'coldStarts', 'memorySizeMB'] as const) {
      expect(estimated?.[field], field).toBe(exact?.[field]);
    }
    expect(estimated?.maxMemoryUsedMB?.max).toBe(78);
    expectNear(estimated?.durationMs?.p99, exact?.durationMs?.p99);
  });

  test('--progress reports records and bytes scanned on stderr; stdout keeps only the report', async () => {
    aws = await startLocalCloudWatch({ insights: { pollsWhileScheduled: 1, pollsWhileRunning: 2 } });
    seedFunction(aws, { functionName: 'orders', startMs: Date.now() - HOUR / 2, invocations: 30, spacingMs: 30_000 });
    const run = await runLambdatop(aws, [
      'report',
      '--function',
      'orders',
      '--insights',
      '--progress',
      '--format',
      'json',
    ]);
    expect(JSON.parse(run.stdout)).toMatchObject({ source: 'insights' });
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.at(-1)).toMatch(
      /^Logs Insights: 2\/2 queries complete · [\d,]+ records matched of [\d,]+ scanned · [\d.]+ kB scanned$/,
    );
    expect(lines[0]).toMatch(/^Logs Insights: 0\/2 queries complete · 0 records matched/);
  });

  test('an interrupted report stops its running queries (StopQuery), rather than leaving them billed', async () => {
    aws = await startLocalCloudWatch({ insights: { pollsWhileScheduled: 1, pollsWhileRunning: 10_000 } });
    seedFunction(aws, { functionName: 'orders', startMs: Date.now() - HOUR / 2, invocations: 10, spacingMs: 30_000 });
    const session = await createLocalSession(aws);
    const controller = new AbortController();
    const now = Date.now();
    const running = collectInsightsReport(session, {
      functionNames: ['orders'],
      sinceMs: now - HOUR,
      untilMs: now,
      nowMs: now,
      signal: controller.signal,
      pollIntervalMs: 50,
      progress: (line) => {
        if (
          line?.includes('0/2') === true &&
          aws !== undefined &&
          aws.requests.entries({ operation: 'GetQueryResults' }).length >= 4
        ) {
          controller.abort();
        }
      },
    });
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    session.destroy();
    const started = aws.requests.entries({ operation: 'StartQuery' });
    const stopped = aws.requests.entries({ operation: 'StopQuery' });
    expect(started).toHaveLength(2);
    expect(stopped.map((entry) => (entry.parameters as { queryId: string }).queryId).toSorted()).toEqual(
      aws.requests
        .entries({ operation: 'GetQueryResults' })
        .map((entry) => (entry.parameters as { queryId: string }).queryId)
        .filter((id, index, all) => all.indexOf(id) === index)
        .toSorted(),
    );
    expect(stopped.every((entry) => entry.outcome.kind === 'ok')).toBe(true);
  });

  test('a result that fills its page is run again over halves of the log groups', async () => {
    aws = await startLocalCloudWatch();
    const now = Date.now();
    const names = ['a1', 'a2', 'a3', 'a4'];
    for (const [index, name] of names.entries()) {
      seedFunction(aws, {
        functionName: name,
        startMs: now - HOUR / 2,
        invocations: 5 + index,
        spacingMs: 60_000,
        seed: index + 1,
      });
    }
    const session = await createLocalSession(aws);
    const result = await collectInsightsReport(session, {
      functionNames: names,
      sinceMs: now - HOUR,
      untilMs: now,
      nowMs: now,
      rowLimit: 3,
      pollIntervalMs: 20,
    });
    session.destroy();
    expect(result.functions.map((fn) => [fn.name, fn.invocations])).toEqual(
      names.map((name, index) => [name, 5 + index]),
    );
    const batches = aws.requests
      .entries({ operation: 'StartQuery' })
      .map((entry) => (entry.parameters as { logGroupNames: string[] }).logGroupNames.length);
    expect(batches).toEqual([4, 4, 2, 2, 2, 2]);
  });
});

describe('the Insights query text', () => {
  test('text REPORT fields in bytes are divided back to MB, the window bounded to the millisecond', () => {
    const query = toInsightsReportQuery('Text', 'memory', { sinceMs: 1_700_000_000_123, untilMs: 1_700_000_360_456 });
    expect(query).toContain(`@maxMemoryUsed / ${BYTES_PER_MB} as usedMB`);
    expect(query).toContain('filter toMillis(@timestamp) >= 1700000000123 and toMillis(@timestamp) <= 1700000360456');
    expect(query.split('\n| ').at(-1)).toMatch(/^stats .* by @log, streamFunction, memoryMB$/);
    expect(toInsightsReportQuery('JSON', 'function', { sinceMs: 0, untilMs: 1 })).toContain(
      'record.metrics.maxMemoryUsedMB as usedMB',
    );
  });

  test('a summary is absent without values, never zeros', () => {
    expect(toInsightsSummary({ durationCount: '0' }, 'duration')).toBeUndefined();
    expect(toInsightsSummary({}, 'duration')).toBeUndefined();
    expect(
      toInsightsSummary(
        {
          durationCount: '4',
          durationMin: '1',
          durationMean: '2.5',
          durationP50: '2',
          durationP90: '4',
          durationP99: '4',
          durationP999: '4',
          durationMax: '4',
        },
        'duration',
      ),
    ).toEqual({ count: 4, min: 1, max: 4, mean: 2.5, sum: 10, p50: 2, p90: 4, p99: 4, p999: 4 });
  });
});
