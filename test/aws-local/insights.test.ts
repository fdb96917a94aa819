import {
  type CloudWatchLogsClient,
  DescribeQueriesCommand,
  GetQueryResultsCommand,
  type GetQueryResultsCommandOutput,
  StartQueryCommand,
  type StartQueryCommandInput,
  StopQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type LocalAws, startLocalAws } from '../support/aws-local/index.js';
import { createLogsClient } from './clients.js';

const GROUP = '/aws/lambda/orders';
const OTHER = '/aws/lambda/payments';
const T0 = Date.UTC(2024, 4, 20, 16, 0, 0);
const T0_S = T0 / 1000;

let aws: LocalAws;
let client: CloudWatchLogsClient;

interface Invocation {
  readonly timestampMs: number;
  readonly durationMs: number;
  readonly memorySizeMb: number;
  readonly maxMemoryUsedMb: number;
  readonly initDurationMs: number | undefined;
}

/** A deterministic spread of invocations over 30 minutes: the truth the expected answers are computed from. */
const INVOCATIONS: readonly Invocation[] = Array.from({ length: 240 }, (_, i) => ({
  timestampMs: T0 + i * 7_500 + (i % 7) * 13,
  durationMs: Math.round(((i * 37) % 997) + 1.5 * (i % 11)) / 1 + 0.25,
  memorySizeMb: i % 3 === 0 ? 1024 : 128,
  maxMemoryUsedMb: 40 + ((i * 13) % 80),
  initDurationMs: i % 9 === 0 ? 150 + (i % 5) : undefined,
}));

function reportLine(invocation: Invocation, index: number): string {
  const init =
    invocation.initDurationMs === undefined ? '' : `\tInit Duration: ${invocation.initDurationMs.toFixed(2)} ms`;
  return `REPORT RequestId: 00000000-0000-4000-8000-${String(index).padStart(12, '0')}\tDuration: ${invocation.durationMs.toFixed(2)} ms\tBilled Duration: ${Math.ceil(invocation.durationMs)} ms\tMemory Size: ${invocation.memorySizeMb} MB\tMax Memory Used: ${invocation.maxMemoryUsedMb} MB${init}\t`;
}

beforeEach(async () => {
  aws = await startLocalAws({ insights: { pollsWhileScheduled: 1, pollsWhileRunning: 2 } });
  client = createLogsClient(aws);
  INVOCATIONS.forEach((invocation, index) => {
    aws.logs.putLogEvents(GROUP, `2024/05/20/[$LATEST]${index % 4}`, [
      { timestamp: invocation.timestampMs - 5, message: `START RequestId: ${index} Version: $LATEST` },
      { timestamp: invocation.timestampMs, message: reportLine(invocation, index) },
    ]);
  });
  aws.logs.putLogEvents(OTHER, 'stream', [{ timestamp: T0 + 1000, message: '{"level":"ERROR","message":"declined"}' }]);
});

afterEach(async () => {
  client.destroy();
  await aws.close();
});

async function runToCompletion(input: StartQueryCommandInput): Promise<GetQueryResultsCommandOutput[]> {
  const { queryId } = await client.send(new StartQueryCommand(input));
  const polls: GetQueryResultsCommandOutput[] = [];
  for (;;) {
    const poll = await client.send(new GetQueryResultsCommand({ queryId }));
    polls.push(poll);
    if (poll.status !== 'Scheduled' && poll.status !== 'Running') return polls;
  }
}

function rowsOf(output: GetQueryResultsCommandOutput | undefined): Record<string, string>[] {
  return (output?.results ?? []).map((row) =>
    Object.fromEntries(row.map((field) => [field.field ?? '', field.value ?? ''])),
  );
}

function nearestRank(values: readonly number[], percent: number): number {
  const sorted = values.toSorted((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil((percent / 100) * sorted.length)) - 1] as number;
}

describe('Logs Insights through the real SDK client', () => {
  test('status moves Scheduled → Running → Complete with growing statistics', async () => {
    const polls = await runToCompletion({
      logGroupName: GROUP,
      startTime: T0_S,
      endTime: T0_S + 3600,
      queryString: 'filter @type = "REPORT" | stats count(*)',
    });
    expect(polls.map((poll) => poll.status)).toEqual(['Scheduled', 'Running', 'Running', 'Complete']);
    expect(polls[0]?.results).toEqual([]);
    const final = polls.at(-1)?.statistics;
    // The first START line is 5 ms before startTime: outside the range, not scanned.
    expect(final).toMatchObject({ recordsScanned: INVOCATIONS.length * 2 - 1, recordsMatched: INVOCATIONS.length });
    expect(final?.bytesScanned).toBeGreaterThan(INVOCATIONS.length * 100);
    expect(polls[1]?.statistics?.recordsScanned).toBeLessThan(final?.recordsScanned ?? 0);
  });

  test('the lambdatop aggregation: count, p99, max memory in MB by memory size and 5-minute bin', async () => {
    const polls = await runToCompletion({
      logGroupName: GROUP,
      startTime: T0_S,
      endTime: T0_S + 3600,
      queryString:
        'filter @type = "REPORT" | stats count(*) as invocations, pct(@duration, 99) as p99, max(@maxMemoryUsed / 1000 / 1000) as maxMemoryMb by @memorySize, bin(5m) | sort @memorySize asc, bin(5m) asc',
    });
    const expected = new Map<string, Invocation[]>();
    for (const invocation of INVOCATIONS) {
      const bin = Math.floor(invocation.timestampMs / 300_000) * 300_000;
      const key = `${invocation.memorySizeMb * 1_000_000}|${new Date(bin).toISOString().replace('T', ' ').replace('Z', '')}`;
      expected.set(key, [...(expected.get(key) ?? []), invocation]);
    }
    const expectedRows = [...expected.entries()]
      .map(([key, group]) => [key.split('|'), group] as const)
      .sort(
        ([[memoryA = '', binA = '']], [[memoryB = '', binB = '']]) =>
          Number(memoryA) - Number(memoryB) || (binA < binB ? -1 : 1),
      )
      .map(([[memorySize, bin], group]) => ({
        '@memorySize': memorySize,
        'bin(5m)': bin,
        invocations: String(group.length),
        p99: String(
          nearestRank(
            group.map((invocation) => Number(invocation.durationMs.toFixed(2))),
            99,
          ),
        ),
        maxMemoryMb: String(Math.max(...group.map((invocation) => invocation.maxMemoryUsedMb))),
      }));
    expect(rowsOf(polls.at(-1))).toEqual(expectedRows);
  });

  test('cold-start share per bin from Init Duration', async () => {
    const polls = await runToCompletion({
      logGroupName: GROUP,
      startTime: T0_S,
      endTime: T0_S + 3600,
      queryString:
        'filter @type = "REPORT" | stats sum(strcontains(@message, "Init Duration")) / count(*) * 100 as coldPct by bin(10m) | sort bin(10m)',
    });
    const bins = new Map<number, { cold: number; all: number }>();
    for (const invocation of INVOCATIONS) {
      const bin = Math.floor(invocation.timestampMs / 600_000) * 600_000;
      const counts = bins.get(bin) ?? { cold: 0, all: 0 };
      bins.set(bin, { cold: counts.cold + (invocation.initDurationMs === undefined ? 0 : 1), all: counts.all + 1 });
    }
    expect(rowsOf(polls.at(-1)).map((row) => Number(row.coldPct))).toEqual(
      [...bins.entries()].sort(([a], [b]) => a - b).map(([, counts]) => (counts.cold / counts.all) * 100),
    );
  });

  test('non-stats rows carry @ptr; the time range is inclusive, in seconds; several groups by identifier', async () => {
    const polls = await runToCompletion({
      logGroupIdentifiers: [aws.logs.logGroupArn(GROUP), OTHER],
      startTime: T0_S,
      endTime: T0_S + 1,
      queryString: 'fields @timestamp, @message, @log | sort @timestamp asc',
    });
    const rows = rowsOf(polls.at(-1));
    const inRange = INVOCATIONS.filter((invocation) => invocation.timestampMs <= T0 + 1999).length;
    expect(rows).toHaveLength(inRange + 1);
    expect(rows.every((row) => row['@ptr'] !== undefined && row['@ptr'] !== '')).toBe(true);
    expect(rows.map((row) => row['@log'])).toContain(`${aws.accountId}:${OTHER}`);
  });

  test('a malformed query is MalformedQueryException with a compile error location', async () => {
    const error = await client
      .send(
        new StartQueryCommand({
          logGroupName: GROUP,
          startTime: T0_S,
          endTime: T0_S + 60,
          queryString: 'fields @message | pattern @message',
        }),
      )
      .then(
        () => undefined,
        (caught: unknown) =>
          caught as Error & { queryCompileError?: { location?: { startCharOffset?: number; endCharOffset?: number } } },
      );
    expect(error?.name).toBe('MalformedQueryException');
    expect(error?.message).toContain("'pattern' is not supported");
    expect(error?.queryCompileError?.location).toEqual({ startCharOffset: 18, endCharOffset: 25 });
  });

  test('validation and lookups: groups, time range, unknown queries, concurrency limit', async () => {
    const base = { startTime: T0_S, endTime: T0_S + 60, queryString: 'fields @message' };
    await expect(client.send(new StartQueryCommand({ ...base, logGroupName: '/missing' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    await expect(
      client.send(new StartQueryCommand({ ...base, logGroupName: GROUP, logGroupNames: [OTHER] })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
    await expect(
      client.send(new StartQueryCommand({ ...base, logGroupName: GROUP, startTime: T0_S + 61 })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
    await expect(client.send(new GetQueryResultsCommand({ queryId: 'nope' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    aws.setInsightsOptions({ maxConcurrentQueries: 2 });
    await client.send(new StartQueryCommand({ ...base, logGroupName: GROUP }));
    await client.send(new StartQueryCommand({ ...base, logGroupName: GROUP }));
    await expect(client.send(new StartQueryCommand({ ...base, logGroupName: GROUP }))).rejects.toMatchObject({
      name: 'LimitExceededException',
    });
  });

  test('StopQuery cancels a running query; DescribeQueries lists queries newest first with filters', async () => {
    const base = { startTime: T0_S, endTime: T0_S + 60, queryString: 'fields @message' };
    const first = await client.send(new StartQueryCommand({ ...base, logGroupName: GROUP }));
    const second = await client.send(new StartQueryCommand({ ...base, logGroupName: OTHER }));
    expect(await client.send(new StopQueryCommand({ queryId: first.queryId }))).toMatchObject({ success: true });
    expect(await client.send(new StopQueryCommand({ queryId: first.queryId }))).toMatchObject({ success: false });
    expect((await client.send(new GetQueryResultsCommand({ queryId: first.queryId }))).status).toBe('Cancelled');
    const all = await client.send(new DescribeQueriesCommand({}));
    expect(all.queries?.map((query) => [query.queryId, query.status, query.logGroupName])).toEqual([
      [second.queryId, 'Scheduled', OTHER],
      [first.queryId, 'Cancelled', GROUP],
    ]);
    const cancelled = await client.send(new DescribeQueriesCommand({ status: 'Cancelled', logGroupName: GROUP }));
    expect(cancelled.queries?.map((query) => query.queryId)).toEqual([first.queryId]);
  });

  test('a test can make queries end Failed or Timeout', async () => {
    aws.setInsightsOptions({ finalStatus: 'Failed', pollsWhileRunning: 0 });
    const polls = await runToCompletion({
      logGroupName: GROUP,
      startTime: T0_S,
      endTime: T0_S + 60,
      queryString: 'fields @message',
    });
    expect(polls.map((poll) => poll.status)).toEqual(['Scheduled', 'Failed']);
    expect(polls.at(-1)?.results).toEqual([]);
  });
});
