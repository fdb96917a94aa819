import { afterEach, describe, expect, test } from 'vitest';
import type { LocalAws } from '../../../../test/support/aws-local/index.js';
import { BYTES_PER_MB, toInsightsReportQuery } from '../../src/aws/insights-query.js';
import { collectInsightsReport } from '../../src/aws/insights-report.js';
import { toInsightsFunctionStats, toInsightsSummary } from '../../src/aws/insights-stats.js';
import { COUNTS_NOT_IN_REPORT_LINES, type CountNotInReportLines } from '../support/counts-not-in-report-lines.js';
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
interface FunctionJson extends Record<CountNotInReportLines, number | null> {
  name: string;
  invocations: number;
  errors: number;
  timeouts: number;
  outOfMemory: number;
  coldStarts: number;
  coldStartShare: number | null;
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
  advice: { memory: { action: string; reason: string } };
  warnings: string[];
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

  test('what only other lines tell is null, never 0; what REPORT lines carry stays a number', async () => {
    aws = await startLocalCloudWatch();
    const now = Date.now();
    // Two out-of-memory kills (crash lines), error logs beside Status: error, and two failed inits.
    seedFunction(aws, {
      functionName: 'orders',
      startMs: now - HOUR,
      invocations: 60,
      spacingMs: 30_000,
      errorEvery: 7,
      timeoutEvery: 17,
      outOfMemoryEvery: 25,
    });
    // An invocation that logged at ERROR but whose REPORT says nothing: an error only the exact path sees.
    const stream = '2024/05/20/[$LATEST]fedcba9876543210fedcba9876543210';
    const requestId = '0d3c5a1e-8f7b-4c2d-9e6a-1b2c3d4e5f60';
    const at = now - HOUR / 4;
    aws.logs.putLogEvents('/aws/lambda/orders', stream, [
      { timestamp: at - 20_000, message: 'INIT_START Runtime Version: nodejs:20.v40\tRuntime Version ARN: x' },
      {
        timestamp: at - 19_000,
        message: 'INIT_REPORT Init Duration: 9999.79 ms\tPhase: init\tStatus: timeout\tError Type: Runtime.Unknown',
      },
      {
        timestamp: at - 9_000,
        message:
          'INIT_REPORT Init Duration: 150.79 ms\tPhase: init\tStatus: error\tError Type: Runtime.UserCodeSyntaxError',
      },
      { timestamp: at, message: `START RequestId: ${requestId} Version: $LATEST` },
      { timestamp: at + 5, message: `${new Date(at + 5).toISOString()}\t${requestId}\tERROR\tretrying the payment` },
      { timestamp: at + 40, message: `END RequestId: ${requestId}` },
      {
        timestamp: at + 41,
        message: `REPORT RequestId: ${requestId}\tDuration: 40.00 ms\tBilled Duration: 40 ms\tMemory Size: 512 MB\tMax Memory Used: 90 MB\t`,
      },
    ]);
    // Asked for, never ran: still nothing known of its other lines.
    aws.lambda.putFunction({ functionName: 'idle', memorySizeMb: 128 });
    aws.logs.createLogGroup('/aws/lambda/idle');
    const args = ['--function', 'orders', '--function', 'idle', '--since', '2h'];
    const exactReport = await reportJson(aws, args);
    const insightsReport = await reportJson(aws, [...args, '--insights']);
    const exact = exactReport.functions.find((fn) => fn.name === 'orders');
    const estimated = insightsReport.functions.find((fn) => fn.name === 'orders');
    const idle = insightsReport.functions.find((fn) => fn.name === 'idle');
    expect(exact).toMatchObject({ crashes: 2, errorLogs: 9, initFailures: 2, initTimeouts: 1, invocations: 61 });
    for (const field of COUNTS_NOT_IN_REPORT_LINES) {
      expect(exact?.[field], field).toEqual(expect.any(Number));
      expect(estimated?.[field], field).toBeNull();
      expect(idle?.[field], field).toBeNull();
    }
    expect(idle?.invocations).toBe(0);
    for (const field of ['invocations', 'timeouts', 'outOfMemory', 'coldStarts', 'coldStartShare'] as const) {
      expect(estimated?.[field], field).toBe(exact?.[field]);
    }
    // Errors from the REPORT status only: the error-logging invocation is missing, a lower bound.
    expect(estimated?.errors).toBe((exact?.errors ?? 0) - 1);
    expect(exact?.warnings.some((warning) => warning.startsWith('2 init failures (1 timed out)'))).toBe(true);
    expect(estimated?.warnings.some((warning) => warning.includes('init failure'))).toBe(false);
    expect(estimated?.basis.note).toContain('not counted (null)');
    expect(estimated?.basis.note).not.toMatch(/\b0 here\b/);

    // The human formats show the unknown mark, and the lower bound as such.
    const human = async (format: string, insights: boolean): Promise<string> => {
      const run = await runLambdatop(aws as LocalAws, [
        'report',
        ...args,
        ...(insights ? ['--insights'] : []),
        '--format',
        format,
        '--max-requests-per-second',
        '25',
      ]);
      expect(run.code).toBe(0);
      return run.stdout;
    };
    const errors = estimated?.errors ?? -1;
    const table = await human('table', true);
    expect(table).toContain(`(errors ≥ ${errors} · timeouts 3 · out of memory 2 · crashes – · init failures –)`);
    expect(table).toContain('· provisioned – · proactive – · SnapStart restores –');
    expect(table).toMatch(new RegExp(`^  orders +61 +≥ ${errors} +3 +2 `, 'm'));
    // What is missing is said to be the aggregation's, not the input's.
    expect(table).toMatch(/Environments +– \(Logs Insights aggregates give no log streams\)/);
    expect(table).toMatch(/Concurrency +– \(Logs Insights aggregates give no invocation spans\)/);
    expect(table).toContain('No advice: concurrency needs each invocation’s span');
    const markdown = await human('markdown', true);
    expect(markdown).toContain(`(errors ≥ ${errors} · timeouts 3 · out of memory 2 · crashes – · init failures –)`);
    expect(markdown).toMatch(new RegExp(`^\\| orders +\\| +61 \\| +≥ ${errors} \\|`, 'm'));
    const exactTable = await human('table', false);
    expect(exactTable).toContain(
      `(errors ${exact?.errors} · timeouts 3 · out of memory 2 · crashes 2 · init failures 2)`,
    );
    expect(exactTable).toContain('· provisioned 0 · proactive 0 · SnapStart restores 0');
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

describe('Insights rows into the report model', () => {
  test('counts the query returns are numbers; the ones it cannot return are undefined, not 0', () => {
    const row = {
      '@log': '123456789012:/aws/lambda/orders',
      streamFunction: '',
      invocations: '50',
      errors: '4',
      timeouts: '1',
      outOfMemory: '2',
      coldStarts: '3',
      atMemoryLimit: '2',
    };
    const [stats] = toInsightsFunctionStats([row], [{ ...row, memoryMB: '512' }], (group) =>
      group === '/aws/lambda/orders' ? 'orders' : undefined,
    );
    expect(stats).toMatchObject({
      name: 'orders',
      invocations: 50,
      invocationsWithReport: 50,
      errors: 4,
      timeouts: 1,
      outOfMemory: 2,
      coldStarts: 3,
      atMemoryLimit: 2,
    });
    for (const field of [...COUNTS_NOT_IN_REPORT_LINES, 'suppressedInits'] as const) {
      expect(stats, field).toHaveProperty(field, undefined);
    }
    expect(stats?.configs).toMatchObject([{ memorySizeMb: 512, invocations: 50, errors: 4, coldStarts: 3 }]);
  });
});
