import { join } from 'node:path';
import { GetQueryResultsCommand, StartQueryCommand } from '@aws-sdk/client-cloudwatch-logs';
import { INVOCATION_KEYS, SDK_LINE_KEY, SDK_LINE_KINDS } from '@lambdatop/sdk/catalog';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createLogsClient } from '../../../../test/aws-local/clients.js';
import { type LocalAws, startLocalAws } from '../../../../test/support/aws-local/index.js';
import type { LogEvent } from '../../src/core/log-event.js';
import { createDashboardBody } from '../../src/dashboards/create-dashboard-body.js';
import type { LogWidget } from '../../src/dashboards/dashboard-body.js';
import { createLocalFunction, type InvokeOutcome, type LocalFunction } from '../../src/local/index.js';
import { assertWorkerBuilt } from '../local/support/harness.js';

/**
 * Each Logs Insights widget's query, its SOURCE prefix turned into the log groups it names, runs in the local
 * server's Insights engine over what real functions wrote under the local harness: it must parse, run to Complete,
 * and return the columns and figures the functions' REPORT lines and the SDK's lines hold.
 */

const EXAMPLES = join(import.meta.dirname, '..', '..', '..', '..', 'examples', 'workload');
const ACCOUNT = '123456789012';

interface Truth {
  readonly events: LogEvent[];
  readonly outcomes: {
    readonly functionName: string;
    readonly memorySizeMb: number;
    readonly outcome: InvokeOutcome;
  }[];
}

const truth: Truth = { events: [], outcomes: [] };
let aws: LocalAws;

async function runFunction(
  name: string,
  handlerFile: string,
  memorySizeMb: number,
  events: readonly unknown[],
): Promise<void> {
  const fn: LocalFunction = createLocalFunction({
    name,
    handlerPath: join(EXAMPLES, handlerFile),
    memorySizeMb,
    timeoutMs: 1_500,
  });
  fn.onLogEvent((event) => truth.events.push(event));
  try {
    for (const event of events) {
      truth.outcomes.push({ functionName: name, memorySizeMb, outcome: await fn.invoke(event) });
    }
  } finally {
    await fn.close();
  }
}

beforeAll(async () => {
  assertWorkerBuilt();
  const { apiGatewayEvent } = (await import(join(EXAMPLES, 'api-gateway-event.mjs'))) as {
    apiGatewayEvent: (sequence: number) => unknown;
  };
  // payments at two memory sizes (a timeout, then a re-init, at the smaller), orders-api at one.
  await runFunction('payments', 'flaky.mjs', 128, [
    { mode: 'ok' },
    { mode: 'throw' },
    { mode: 'ok' },
    { mode: 'hang' },
    { mode: 'ok' },
  ]);
  await runFunction('payments', 'flaky.mjs', 256, [{ mode: 'ok' }, { mode: 'throw' }, { mode: 'ok' }]);
  await runFunction(
    'orders-api',
    'api.mjs',
    256,
    Array.from({ length: 6 }, (_, sequence) => apiGatewayEvent(sequence)),
  );
  aws = await startLocalAws({ accountId: ACCOUNT, insights: { pollsWhileScheduled: 1, pollsWhileRunning: 1 } });
  for (const event of truth.events) {
    aws.logs.putLogEvents(event.logGroup ?? '', event.logStream ?? '', [
      { timestamp: event.timestampMs ?? 0, message: event.message },
    ]);
  }
}, 120_000);

afterAll(async () => {
  await aws?.close();
});

/** `SOURCE 'a' | SOURCE 'b' | rest` → the groups and the rest, which the local engine runs without SOURCE. */
function splitSources(query: string): { logGroups: string[]; query: string } {
  const logGroups: string[] = [];
  let rest = query;
  for (let match = /^SOURCE '([^']+)' \| /.exec(rest); match !== null; match = /^SOURCE '([^']+)' \| /.exec(rest)) {
    logGroups.push(match[1] as string);
    rest = rest.slice(match[0].length);
  }
  return { logGroups, query: rest };
}

async function runWidget(widget: LogWidget): Promise<Record<string, string>[]> {
  const { logGroups, query } = splitSources(widget.properties.query);
  const client = createLogsClient(aws);
  try {
    const times = truth.events.map((event) => event.timestampMs ?? 0);
    const { queryId } = await client.send(
      new StartQueryCommand({
        logGroupNames: logGroups,
        queryString: query,
        startTime: Math.floor(Math.min(...times) / 1000) - 1,
        endTime: Math.ceil(Math.max(...times) / 1000) + 1,
      }),
    );
    for (let poll = 0; poll < 20; poll += 1) {
      const output = await client.send(new GetQueryResultsCommand({ queryId }));
      if (output.status === 'Complete') {
        return (output.results ?? []).map((row) =>
          Object.fromEntries(row.filter((cell) => cell.field !== '@ptr').map((cell) => [cell.field, cell.value])),
        );
      }
      expect(['Scheduled', 'Running']).toContain(output.status);
    }
    throw new Error(`query ${widget.properties.title} never completed`);
  } finally {
    client.destroy();
  }
}

function widgetTitled(prefix: string): LogWidget {
  const body = createDashboardBody({ functionNames: ['orders-api', 'payments'], region: 'us-east-1' });
  const widget = body.widgets.find(
    (candidate): candidate is LogWidget => candidate.type === 'log' && candidate.properties.title.startsWith(prefix),
  );
  if (widget === undefined) throw new Error(`no log widget titled ${prefix}`);
  expect(splitSources(widget.properties.query).logGroups).toEqual(['/aws/lambda/orders-api', '/aws/lambda/payments']);
  return widget;
}

/** REPORT lines of the truth: memory size, max memory used, init duration, per function. */
function reports(functionName?: string): { log: string; memorySizeMb: number; maxUsedMb: number; cold: boolean }[] {
  return truth.events
    .filter(
      (event) =>
        event.message.startsWith('REPORT ') &&
        (functionName === undefined || event.logGroup === `/aws/lambda/${functionName}`),
    )
    .map((event) => ({
      log: `${ACCOUNT}:${event.logGroup}`,
      memorySizeMb: Number(/Memory Size: (\d+) MB/.exec(event.message)?.[1]),
      maxUsedMb: Number(/Max Memory Used: (\d+) MB/.exec(event.message)?.[1]),
      cold: event.message.includes('Init Duration'),
    }));
}

function byLogAndSize(): Map<string, ReturnType<typeof reports>> {
  const groups = new Map<string, ReturnType<typeof reports>>();
  for (const report of reports()) {
    const key = `${report.log}|${report.memorySizeMb}`;
    groups.set(key, [...(groups.get(key) ?? []), report]);
  }
  return groups;
}

describe('the Logs Insights widgets over real harness output', () => {
  test('memory over-provisioning: per function and memory size, the peak used and what is left unused', async () => {
    const widget = widgetTitled('Memory over-provisioning');
    const rows = await runWidget(widget);
    const expected = [...byLogAndSize()].map(([key, group]) => {
      const [log, size] = key.split('|') as [string, string];
      const peak = Math.max(...group.map((report) => report.maxUsedMb));
      return { log, size: Number(size), invocations: group.length, peak, unused: Number(size) - peak };
    });
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(Object.keys(row)).toEqual([
        '@log',
        'memorySizeMB',
        'invocations',
        'peakUsedMB',
        'p99UsedMB',
        'unusedAtPeakMB',
        'peakUsedPercent',
      ]);
    }
    expect(
      rows.map((row) => ({
        log: row['@log'],
        size: Number(row.memorySizeMB),
        invocations: Number(row.invocations),
        peak: Number(row.peakUsedMB),
        unused: Number(row.unusedAtPeakMB),
      })),
    ).toEqual(expected.toSorted((left, right) => right.unused - left.unused));
  });

  test('cold-start share: invocations that waited for an init, per function', async () => {
    const rows = await runWidget(widgetTitled('Cold-start share'));
    const expected = ['orders-api', 'payments'].map((name) => {
      const own = reports(name);
      const cold = own.filter((report) => report.cold).length;
      return {
        log: `${ACCOUNT}:/aws/lambda/${name}`,
        invocations: own.length,
        cold,
        percent: (cold / own.length) * 100,
      };
    });
    expect(rows.map((row) => Object.keys(row))).toEqual(
      rows.map(() => ['@log', 'invocations', 'coldStarts', 'coldStartPercent', 'avgInitMs', 'maxInitMs']),
    );
    expect(
      rows.map((row) => ({
        log: row['@log'],
        invocations: Number(row.invocations),
        cold: Number(row.coldStarts),
        percent: Number(row.coldStartPercent),
      })),
    ).toEqual(expected.toSorted((left, right) => right.percent - left.percent));
    // orders-api: one environment; payments: two functions' worth of environments (128 and 256 MB).
    expect(expected.map((entry) => entry.cold)).toEqual([1, 2]);
  });

  test('duration percentiles by memory size: one row per function and size, ordered by size', async () => {
    const rows = await runWidget(widgetTitled('Duration percentiles by memory size'));
    expect(rows.map((row) => Object.keys(row))).toEqual(
      rows.map(() => ['@log', 'memorySizeMB', 'invocations', 'p50Ms', 'p90Ms', 'p99Ms', 'maxMs', 'avgBilledMs']),
    );
    expect(rows.map((row) => Number(row.memorySizeMB))).toEqual([128, 256, 256]);
    const counts = new Map([...byLogAndSize()].map(([key, group]) => [key, group.length]));
    for (const row of rows) {
      expect(Number(row.invocations)).toBe(counts.get(`${row['@log']}|${row.memorySizeMB}`));
      const [p50, p90, p99, max] = [row.p50Ms, row.p90Ms, row.p99Ms, row.maxMs].map(Number) as [
        number,
        number,
        number,
        number,
      ];
      expect(p50 <= p90 && p90 <= p99 && p99 === max).toBe(true);
    }
  });

  test('recent errors: every handler error and imminent timeout the SDK logged, newest first, with its ids', async () => {
    const rows = await runWidget(widgetTitled('Recent errors'));
    const failed = truth.outcomes.filter(({ outcome }) => outcome.kind === 'error' || outcome.kind === 'timeout');
    expect(failed.map(({ outcome }) => outcome.kind)).toEqual(['error', 'timeout', 'error']);
    expect(rows.map((row) => Object.keys(row))).toEqual(
      rows.map(() => [
        '@timestamp',
        '@log',
        SDK_LINE_KEY,
        INVOCATION_KEYS.requestId,
        INVOCATION_KEYS.xrayTraceId,
        'msg',
      ]),
    );
    expect(rows.map((row) => [row[INVOCATION_KEYS.requestId], row[SDK_LINE_KEY]]).toSorted()).toEqual(
      failed
        .map(({ outcome }) => [
          outcome.requestId,
          outcome.kind === 'timeout' ? SDK_LINE_KINDS.timeout : SDK_LINE_KINDS.handlerError,
        ])
        .toSorted(),
    );
    const times = rows.map((row) => row['@timestamp'] as string);
    expect(times).toEqual(times.toSorted().reverse());
    for (const row of rows) expect(row[INVOCATION_KEYS.xrayTraceId]).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
  });
});
