import { describe, expect, it } from 'vitest';
import type { LocalFunctionConfig } from '../../src/local/index.js';
import { eventually, fixture, isAlive, record, useLocalFunctions } from './support/harness.js';

const open = useLocalFunctions({ name: 'orders-api', memorySizeMb: 256 });

describe('cold starts happen exactly when environments are created', () => {
  it('initialises once, reports Init Duration on the first invocation only, then reuses the warm environment', async () => {
    const fn = open({ handlerPath: fixture('slow-init.mjs') });
    const recording = record(fn);

    const first = await fn.invoke({});
    const second = await fn.invoke({});
    const third = await fn.invoke({});

    expect([first.kind, second.kind, third.kind]).toEqual(['success', 'success', 'success']);
    expect([first.cold, second.cold, third.cold]).toEqual([true, false, false]);
    expect(recording.streams()).toHaveLength(1);
    expect(recording.count('INIT_START')).toBe(1);
    const [coldReport, ...warmReports] = recording.reports();
    // The fixture's import waits 250 ms: the Init Duration is the import, measured.
    expect(coldReport?.initDurationMs).toBeGreaterThanOrEqual(245);
    expect(coldReport?.initDurationMs).toBeCloseTo(first.initDurationMs ?? 0, 1);
    expect(warmReports.map((report) => report.initDurationMs)).toEqual([undefined, undefined]);
    expect(first.response).toBe('ready');
  });

  it('bills a cold start its init: Billed Duration = ceil(Duration + Init Duration)', async () => {
    const fn = open({ handlerPath: fixture('slow-init.mjs') });
    const recording = record(fn);
    const cold = await fn.invoke({});
    const warm = await fn.invoke({});

    const coldReport = recording.report(cold.requestId);
    const warmReport = recording.report(warm.requestId);
    expect(coldReport.billedDurationMs).toBe(
      Math.ceil(Number((coldReport.durationMs + (coldReport.initDurationMs ?? 0)).toFixed(2))),
    );
    expect(coldReport.billedDurationMs).toBeGreaterThan(250);
    expect(warmReport.billedDurationMs).toBe(Math.max(1, Math.ceil(warmReport.durationMs)));
    expect(cold.billedDurationMs).toBe(coldReport.billedDurationMs);
  });

  it('creates one environment per concurrent invocation and reuses them when the next burst comes', async () => {
    const fn = open();
    const recording = record(fn);
    const burst = () => Promise.all([1, 2, 3].map(() => fn.invoke({ action: 'sleep', ms: 400 })));

    const firstBurst = await burst();
    expect(firstBurst.map((outcome) => outcome.cold)).toEqual([true, true, true]);
    expect(new Set(firstBurst.map((outcome) => outcome.logStream)).size).toBe(3);
    expect(recording.count('INIT_START')).toBe(3);

    const secondBurst = await burst();
    expect(secondBurst.map((outcome) => outcome.cold)).toEqual([false, false, false]);
    expect(recording.count('INIT_START')).toBe(3);
    expect(new Set(secondBurst.map((outcome) => outcome.logStream))).toEqual(
      new Set(firstBurst.map((outcome) => outcome.logStream)),
    );
    expect(fn.stats()).toMatchObject({ environments: 3, invocations: 6, coldStarts: 3, throttles: 0 });

    // Each stream opens with INIT_START, and each invocation's lines stay in its own stream.
    for (const stream of recording.streams()) {
      const lines = recording.inStream(stream);
      expect(lines[0]).toMatch(/^INIT_START Runtime Version: nodejs:\d+\.v\d+\tRuntime Version ARN: /);
      expect(lines.filter((line) => line.startsWith('REPORT'))).toHaveLength(2);
    }
  });

  it('names log groups and streams as CloudWatch does', async () => {
    const fn = open();
    const recording = record(fn);
    const outcome = await fn.invoke({});

    expect(fn.logGroup).toBe('/aws/lambda/orders-api');
    for (const event of recording.events) {
      expect(event.logGroup).toBe('/aws/lambda/orders-api');
      expect(event.logStream).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
      expect(event.timestampMs).toEqual(expect.any(Number));
    }
    expect(recording.events[0]?.logStream).toBe(outcome.logStream);
  });
});

describe('reserved concurrency', () => {
  it('throttles an invocation that finds every allowed environment busy, and logs nothing for it', async () => {
    const fn = open({ maxEnvironments: 2 });
    const recording = record(fn);
    const outcomes = await Promise.all([1, 2, 3].map(() => fn.invoke({ action: 'sleep', ms: 500 })));

    const throttled = outcomes.filter((outcome) => outcome.kind === 'throttled');
    expect(throttled).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.kind === 'success')).toHaveLength(2);
    const [rejected] = throttled;
    expect(rejected?.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(recording.forRequest(rejected?.requestId ?? 'none')).toEqual([]);
    expect(recording.count('START')).toBe(2);
    expect(fn.stats()).toMatchObject({ environments: 2, throttles: 1, invocations: 3 });
  });
});

describe('idle environments', () => {
  it('are shut down after the idle timeout, so the next invocation cold-starts in a new stream', async () => {
    const fn = open({ idleTimeoutMs: 300 });
    const recording = record(fn);
    const first = await fn.invoke({});
    const [pid] = fn.workerPids();
    expect(pid).toEqual(expect.any(Number));

    expect(await eventually(() => fn.stats().environments === 0, 5_000)).toBe(true);
    expect(await eventually(() => !isAlive(pid ?? 0))).toBe(true);

    const second = await fn.invoke({});
    expect(second.cold).toBe(true);
    expect(second.initDurationMs).toEqual(expect.any(Number));
    expect(second.logStream).not.toBe(first.logStream);
    expect(recording.count('INIT_START')).toBe(2);
  });
});

describe('close', () => {
  it('ends every worker: no process survives it', async () => {
    const fn = open();
    await Promise.all([fn.invoke({}), fn.invoke({}), fn.invoke({})]);
    const pids = fn.workerPids();
    expect(pids).toHaveLength(3);
    expect(pids.every(isAlive)).toBe(true);

    await fn.close();

    expect(pids.filter(isAlive)).toEqual([]);
    expect(fn.workerPids()).toEqual([]);
  });

  it('resolves a running invocation as closed without writing platform lines for it', async () => {
    const fn = open();
    const recording = record(fn);
    const running = fn.invoke({ action: 'hang' });
    expect(await eventually(() => recording.count('START') === 1)).toBe(true);

    await fn.close();
    const outcome = await running;

    expect(outcome.kind).toBe('closed');
    expect(recording.count('END')).toBe(0);
    expect(recording.count('REPORT')).toBe(0);
    expect((await fn.invoke({})).kind).toBe('closed');
  });
});

describe('configuration', () => {
  it.each([
    [{ name: 'has spaces' }, /name must be 1 to 64 letters/],
    [{ memorySizeMb: 64 }, /memorySizeMb must be a whole number from 128 to 10240, got 64/],
    [{ memorySizeMb: 256.5 }, /memorySizeMb must be a whole number/],
    [{ timeoutMs: 0 }, /timeoutMs must be a number of milliseconds above 0/],
    [{ timeoutMs: 901_000 }, /at most 900000/],
    [{ handlerExport: 'not a name' }, /handlerExport must be an export name/],
    [{ region: 'mars' }, /region must look like "us-east-1"/],
    [{ accountId: '42' }, /accountId must be 12 digits/],
    [{ maxEnvironments: 0 }, /maxEnvironments must be a whole number from 1/],
    [{ environment: { AWS_REGION: 'eu-west-1' } }, /AWS_REGION is reserved by Lambda/],
    [{ environment: { '1BAD': 'x' } }, /environment variable name "1BAD" is not valid/],
    [{ handlerPath: fixture('does-not-exist.mjs') }, /handler file not found: .*does-not-exist\.mjs/],
  ] as const)('refuses %o with a message saying what to change', (override, message) => {
    expect(() => open(override as Partial<LocalFunctionConfig>)).toThrow(message);
  });

  it('refuses an event that is not JSON, as a Lambda payload must be', async () => {
    const fn = open();
    await expect(fn.invoke({ amount: 10n })).rejects.toThrow(/JSON-serialisable/);
    expect(fn.stats().invocations).toBe(0);
  });
});
