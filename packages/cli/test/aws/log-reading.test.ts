import { afterEach, describe, expect, test } from 'vitest';
import type { LocalAws } from '../../../../test/support/aws-local/index.js';
import { compileFilterPattern } from '../../../../test/support/aws-local/index.js';
import { readFilterLogEvents } from '../../src/aws/filter-log-events-reader.js';
import { REPORT_FILTER_PATTERN, REPORT_FILTER_TERMS } from '../../src/aws/report-filter-pattern.js';
import { createLocalSession } from './support/aws-session.js';
import { runLambdatop, seedFunction, startLocalCloudWatch } from './support/local-cloudwatch.js';

let aws: LocalAws | undefined;
afterEach(async () => {
  await aws?.close();
  aws = undefined;
});

const HOUR = 3_600_000;

interface Report {
  warnings: string[];
  input: { events: number; lines: number; applicationLines: number; duplicateEvents: number };
  functions: Record<string, unknown>[];
}

async function report(server: LocalAws, args: readonly string[]): Promise<Report> {
  const run = await runLambdatop(server, ['report', ...args, '--format', 'json', '--max-requests-per-second', '25']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as Report;
}

/** Everything that a filter may not change: every figure of every function. */
function figures(result: Report): Record<string, unknown>[] {
  return result.functions.map(({ warnings: _warnings, ...figures }) => figures);
}

describe('the report filter pattern', () => {
  test('is a pattern the service accepts, within its 1,024-character limit', () => {
    expect(REPORT_FILTER_PATTERN.length).toBeLessThanOrEqual(1024);
    expect(compileFilterPattern(REPORT_FILTER_PATTERN).ok).toBe(true);
    expect(REPORT_FILTER_TERMS).toContain('"Task timed out"');
  });

  test.each([
    'START RequestId: 4b142fc3-17b8-4cdb-a46b-a8dbe7918715 Version: $LATEST',
    'END RequestId: 4b142fc3-17b8-4cdb-a46b-a8dbe7918715',
    'REPORT RequestId: c793869b-ee49-115b-a5b6-4fd21e8dedac\tDuration: 128.83 ms\tBilled Duration: 200 ms\tMemory Size: 128 MB\tMax Memory Used: 74 MB',
    'INIT_START Runtime Version: nodejs:18.v9\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:0123',
    'INIT_REPORT Init Duration: 150.79 ms\tPhase: init\tStatus: error\tError Type: Runtime.UserCodeSyntaxError',
    'RESTORE_START Runtime Version: java:17.v9',
    '{"time":"2024-05-20T16:29:45.022Z","type":"platform.report","record":{"requestId":"4b142fc3"}}',
    '2020-06-09T15:02:26.150Z 7c9567b5-107b-4a6c-8798-0157ac21db52 Task timed out after 3.00 seconds',
    'RequestId: 43e50939ce8c Error: Runtime exited with error: signal: killed\nRuntime.ExitError',
    '2024-11-29T02:10:03.161Z\t4b142fc3-17b8-4cdb-a46b-a8dbe7918715\tERROR\tInvoke Error',
    '[ERROR]\t2024-11-29T02:10:03.161Z\t4b142fc3\tboom',
    '{"level":"FATAL","message":"down","requestId":"4b142fc3"}',
    '{"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Namespace":"Shop","Dimensions":[[]],"Metrics":[{"Name":"Orders"}]}]},"Orders":1}',
    '{"level":"WARN","lambdatop":"timeout-imminent","requestId":"4b142fc3","remainingMs":250}',
    'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
  ])('selects %j', (line) => {
    const compiled = compileFilterPattern(REPORT_FILTER_PATTERN);
    expect(compiled.ok && compiled.matches(line)).toBe(true);
  });

  test('leaves out what no figure depends on', () => {
    const compiled = compileFilterPattern(REPORT_FILTER_PATTERN);
    expect(compiled.ok && compiled.matches('2024-11-29T02:10:03.161Z\t4b142fc3\tINFO\thandled item 3')).toBe(false);
    expect(compiled.ok && compiled.matches('EXTENSION\tName: x\tState: Ready\tEvents: [INVOKE]')).toBe(false);
  });

  test('gives the same figures as reading every event, from far fewer events', async () => {
    aws = await startLocalCloudWatch();
    const now = Date.now();
    seedFunction(aws, {
      functionName: 'orders',
      startMs: now - HOUR,
      invocations: 200,
      spacingMs: 5000,
      environments: 6,
      errorEvery: 9,
      timeoutEvery: 37,
      outOfMemoryEvery: 53,
      emf: true,
      appLines: 8,
    });
    const filtered = await report(aws, ['--function', 'orders', '--since', '2h']);
    const everything = await report(aws, ['--function', 'orders', '--since', '2h', '--all-events']);
    expect(figures(filtered)).toEqual(figures(everything));
    expect(filtered.input.events).toBeLessThan(everything.input.events / 2);
    expect(filtered.warnings.join('\n')).toContain('--all-events reads everything');
    expect(everything.warnings.join('\n')).not.toContain('--all-events');
  });
});

describe('custom log groups shared by several functions', () => {
  test('each function gets only the events its stream names, and tail shows only the functions asked for', async () => {
    aws = await startLocalCloudWatch();
    const now = Date.now();
    const shared = '/aws/vendedlogs/shared';
    for (const [name, invocations, seed] of [
      ['orders', 25, 1],
      ['thumbs', 15, 2],
      ['other', 30, 3],
    ] as const) {
      seedFunction(aws, {
        functionName: name,
        logGroup: shared,
        functionInStreamName: true,
        startMs: now - HOUR / 2,
        invocations,
        spacingMs: 20_000,
        seed,
      });
    }
    const result = await report(aws, ['--function', 'orders', '--function', 'thumbs', '--since', '1h']);
    expect(result.functions.map((fn) => [fn.name, fn.invocations])).toEqual([
      ['orders', 25],
      ['thumbs', 15],
    ]);
    expect(result.warnings.join('\n')).toMatch(/events of other functions in shared log groups were skipped/);
    const tail = await runLambdatop(aws, ['tail', '--function', 'thumbs', '--since', '1h', '--format', 'json']);
    const streams = new Set(
      tail.stdout
        .trimEnd()
        .split('\n')
        .map((line) => (JSON.parse(line) as { logStream: string }).logStream.split('[')[0]),
    );
    expect([...streams].map((prefix) => prefix?.slice(11))).toEqual(['thumbs']);
  });
});

describe('FilterLogEvents pagination', () => {
  test.each([
    [{ maxEventsPerPage: 7, emptyPageEvery: 2 }, true],
    [{ maxEventsPerPage: 50, trailingEmptyPage: true }, true],
    // A selective pattern over a page that may examine only 12 events: partial and empty pages, as the service gives.
    [{ maxEventsScannedPerPage: 12 }, false],
  ] as const)(
    'reads every page to the last, empty pages with a nextToken included (%j, all events: %s)',
    async (quirks, allEvents) => {
      aws = await startLocalCloudWatch({ filterLogEvents: quirks });
      const now = Date.now();
      seedFunction(aws, {
        functionName: 'orders',
        startMs: now - HOUR,
        invocations: 60,
        spacingMs: 10_000,
        errorEvery: 4,
        appLines: 20,
      });
      const result = await report(aws, [
        '--function',
        'orders',
        '--since',
        '2h',
        ...(allEvents ? ['--all-events'] : []),
      ]);
      const compiled = compileFilterPattern(allEvents ? undefined : REPORT_FILTER_PATTERN);
      const truth = aws.logs
        .eventsOf('/aws/lambda/orders')
        .filter((event) => compiled.ok && compiled.matches(event.message));
      expect(result.input.events).toBe(truth.length);
      expect(result.input.duplicateEvents).toBe(0);
      expect(result.functions[0]).toMatchObject({ invocations: 60, errors: 15 });
      const pages = aws.requests.entries({ operation: 'FilterLogEvents' });
      expect(pages.some((entry) => entry.outcome.kind === 'ok' && entry.outcome.eventIds?.length === 0)).toBe(true);
    },
  );

  test('a nextToken the service no longer takes (24 h old) resumes from the last event time, nothing twice', async () => {
    let clockMs = Date.now();
    aws = await startLocalCloudWatch({ nowMs: () => clockMs, filterLogEvents: { maxEventsPerPage: 10 } });
    const stream = '2024/05/20/[$LATEST]abcd';
    // 35 events, several sharing a millisecond across the page boundaries.
    aws.logs.putLogEvents(
      '/aws/lambda/orders',
      stream,
      Array.from({ length: 35 }, (_, index) => ({
        timestamp: clockMs - 100_000 + Math.floor(index / 3),
        message: `e${index}`,
      })),
    );
    const session = await createLocalSession(aws);
    const read: string[] = [];
    let pages = 0;
    for await (const page of readFilterLogEvents(session, { logGroupName: '/aws/lambda/orders', startMs: 0 })) {
      read.push(...page.map((event) => event.message));
      pages += 1;
      // The reader is slow: by its second page the token is older than the 24 hours the service allows.
      if (pages === 1) clockMs += 25 * HOUR;
    }
    session.destroy();
    expect(read).toEqual(Array.from({ length: 35 }, (_, index) => `e${index}`));
    const refused = aws.requests
      .entries({ operation: 'FilterLogEvents' })
      .filter((entry) => entry.outcome.kind === 'error' && entry.outcome.message.includes('expired'));
    expect(refused).toHaveLength(1);
  });
});
