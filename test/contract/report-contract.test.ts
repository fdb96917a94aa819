import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_NAMESPACE, SDK_METRICS } from '@lambdatop/sdk/catalog';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { formatTailLine } from '../../packages/cli/src/aws/tail-line.js';
import type { LogEvent } from '../../packages/cli/src/core/log-event.js';
import { createLocalFunction, type InvokeOutcome, type LocalFunction } from '../../packages/cli/src/local/index.js';
import { resolveWorkerPath } from '../../packages/cli/src/local/worker-path.js';
import { LAMBDATOP_BIN, runBin } from '../support/run-bin.js';

/**
 * The SDK and the CLI agree by construction: a function wrapped with the SDK runs under the local Lambda harness, its
 * real output goes through `lambdatop report --format json` (the real bin, in a child process), and every figure the
 * function produced must come out exactly: each metric's count and sum, cold starts, errors and timeouts.
 */

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURE = join(import.meta.dirname, 'fixtures', 'contract-function.mjs');
const TIMEOUT_MS = 1_500;

type Outcome = 'ok' | 'throw' | 'hang';

interface ContractEvent {
  readonly id: string;
  readonly items: number;
  readonly retries: number;
  readonly cents: number;
  readonly outcome: Outcome;
}

/** The n-th order: every figure follows from n and the outcome asked for. */
function orderEvent(sequence: number, outcome: Outcome): ContractEvent {
  return {
    id: `o-${sequence}`,
    items: 1 + ((sequence * 7) % 5),
    retries: sequence % 3,
    cents: 100 + sequence * 37,
    outcome,
  };
}

interface MetricReport {
  readonly namespace: string;
  readonly name: string;
  readonly count: number;
  readonly sum: number;
}

interface FunctionReport {
  readonly name: string;
  readonly invocations: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly timeoutImminent: number;
  readonly errorLogs: number;
  readonly coldStarts: number;
  readonly customMetrics: readonly MetricReport[];
}

const scratch = mkdtempSync(join(tmpdir(), 'lambdatop-contract-'));
const opened: LocalFunction[] = [];

beforeAll(() => {
  for (const built of [LAMBDATOP_BIN, resolveWorkerPath(), join(ROOT, 'packages', 'sdk', 'dist', 'index.js')]) {
    if (!existsSync(built)) throw new Error(`${built} is missing: build first with \`npm run build\``);
  }
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((fn) => fn.close()));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Run {
  readonly fn: LocalFunction;
  readonly events: LogEvent[];
  readonly sent: ContractEvent[];
  readonly outcomes: InvokeOutcome[];
}

function start(name: string): Run {
  const fn = createLocalFunction({ name, handlerPath: FIXTURE, memorySizeMb: 256, timeoutMs: TIMEOUT_MS });
  opened.push(fn);
  const events: LogEvent[] = [];
  fn.onLogEvent((event) => events.push(event));
  return { fn, events, sent: [], outcomes: [] };
}

/** Invokes these events at once: as many environments as there are events, when none is idle. */
async function invokeTogether(run: Run, events: readonly ContractEvent[]): Promise<void> {
  run.sent.push(...events);
  run.outcomes.push(...(await Promise.all(events.map((event) => run.fn.invoke(event)))));
}

/** What `lambdatop tail --format json` would print for these events, through the real bin's report. */
async function reportOf(run: Run): Promise<FunctionReport> {
  await run.fn.close();
  const file = join(scratch, `${run.fn.name}.jsonl`);
  writeFileSync(file, run.events.map((event) => formatTailLine(event, 'json', false)).join(''));
  const { code, stdout, stderr } = await runBin(['report', '--format', 'json', file]);
  if (code !== 0) throw new Error(`lambdatop report failed: ${stderr}`);
  const report = JSON.parse(stdout) as { functions: FunctionReport[]; skippedLines: number };
  expect(report.skippedLines).toBe(0);
  expect(report.functions.map((fn) => fn.name)).toEqual([run.fn.name]);
  return report.functions[0] as FunctionReport;
}

/** Count and sum per metric name, from what the function was asked to do. */
function expectedMetrics(run: Run, coldStarts: number): Map<string, { count: number; sum: number }> {
  const metrics = new Map<string, { count: number; sum: number }>();
  const add = (name: string, values: readonly number[]): void => {
    if (values.length === 0) return;
    const entry = metrics.get(name) ?? { count: 0, sum: 0 };
    metrics.set(name, {
      count: entry.count + values.length,
      sum: values.reduce((sum, value) => sum + value, entry.sum),
    });
  };
  for (const event of run.sent) {
    add('ItemsProcessed', [event.items]);
    add(
      'Retries',
      Array.from({ length: event.retries }, () => 1),
    );
    add('OrderValueCents', [event.cents]);
    if (event.outcome === 'ok') add('OrdersCompleted', [1]);
    if (event.outcome === 'hang') add(SDK_METRICS.timeoutImminent.name, [1]);
  }
  add(
    SDK_METRICS.coldStart.name,
    Array.from({ length: coldStarts }, () => 1),
  );
  return metrics;
}

function metricsByName(report: FunctionReport): Map<string, MetricReport> {
  return new Map(report.customMetrics.map((metric) => [metric.name, metric]));
}

describe('SDK output read by lambdatop report', () => {
  test('every metric, cold start, error and timeout is counted exactly', async () => {
    const run = start('contract-orders');
    let sequence = 0;
    const next = (outcome: Outcome) => orderEvent(sequence++, outcome);
    // Three environments at once, then warm ones only: a sequence never needs a fourth.
    await invokeTogether(run, [next('ok'), next('ok'), next('throw')]);
    for (let index = 0; index < 12; index += 1) await invokeTogether(run, [next(index % 4 === 3 ? 'throw' : 'ok')]);
    await invokeTogether(run, [next('ok'), next('throw'), next('ok')]);
    // Timeouts last, so that no environment is initialised again after one: cold starts = environments.
    await invokeTogether(run, [next('hang'), next('ok'), next('hang')]);

    const outcomeCount = (kind: string) => run.outcomes.filter((outcome) => outcome.kind === kind).length;
    const environments = new Set(run.events.map((event) => event.logStream)).size;
    expect(environments).toBe(3);
    expect(run.fn.stats().coldStarts).toBe(environments);
    expect([outcomeCount('success'), outcomeCount('error'), outcomeCount('timeout')]).toEqual([14, 5, 2]);

    const report = await reportOf(run);
    expect(report).toMatchObject({
      invocations: run.sent.length,
      errors: outcomeCount('error') + outcomeCount('timeout'),
      timeouts: outcomeCount('timeout'),
      timeoutImminent: outcomeCount('timeout'),
      errorLogs: outcomeCount('error'),
      coldStarts: environments,
    });
    const reported = metricsByName(report);
    for (const [name, { count, sum }] of expectedMetrics(run, environments)) {
      expect({ name, count: reported.get(name)?.count, sum: reported.get(name)?.sum }).toEqual({ name, count, sum });
    }
    // The SDK's measurements: one per cold start, one per invocation (a timed-out one's went with its early flush).
    expect(reported.get(SDK_METRICS.initDuration.name)?.count).toBe(environments);
    expect(reported.get(SDK_METRICS.memoryWatermark.name)?.count).toBe(run.sent.length);
    expect([...reported.keys()].toSorted()).toEqual(
      [
        ...expectedMetrics(run, environments).keys(),
        SDK_METRICS.initDuration.name,
        SDK_METRICS.memoryWatermark.name,
      ].toSorted(),
    );
    expect(new Set(report.customMetrics.map((metric) => metric.namespace))).toEqual(new Set([DEFAULT_NAMESPACE]));
  });

  test('an environment initialised again after a timeout is one more cold start on both sides', async () => {
    const run = start('contract-reinit');
    for (const [sequence, outcome] of (['ok', 'hang', 'ok', 'ok'] as const).entries()) {
      await invokeTogether(run, [orderEvent(sequence, outcome)]);
    }
    expect(new Set(run.events.map((event) => event.logStream)).size).toBe(1);
    const initialisations = run.outcomes.filter((outcome) => outcome.cold).length;
    expect(initialisations).toBe(2);
    expect(run.fn.stats().coldStarts).toBe(initialisations);

    const report = await reportOf(run);
    expect(report).toMatchObject({ invocations: 4, errors: 1, timeouts: 1, timeoutImminent: 1, coldStarts: 2 });
    const reported = metricsByName(report);
    for (const [name, { count, sum }] of expectedMetrics(run, initialisations)) {
      expect({ name, count: reported.get(name)?.count, sum: reported.get(name)?.sum }).toEqual({ name, count, sum });
    }
  });
});
