import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/core/log-event.js';
import { resolvePrices } from '../../src/core/pricing/lambda-prices.js';
import { nearestRankIndex } from '../../src/core/stats/percentiles.js';
import { createDashboardModel, type DashboardSnapshot, QUIET_MS } from '../../src/dashboard/dashboard-model.js';
import { toFunctionRows } from '../../src/dashboard/function-rows.js';
import { type InvocationSpec, invocationEvents, requestIdOf, toTimeOrder } from './support/lambda-lines.js';

const T0 = Date.UTC(2026, 6, 22, 3, 0, 0);

function ingestAll(events: readonly LogEvent[], options: Partial<Parameters<typeof createDashboardModel>[0]> = {}) {
  const model = createDashboardModel({ sourceLabel: 'test', bucketMs: 5_000, windowMs: 300_000, ...options });
  model.ingest({ events });
  model.end();
  return model;
}

function exactQuantile(values: readonly number[], q: number): number {
  const sorted = values.toSorted((left, right) => left - right);
  return sorted[nearestRankIndex(q, sorted.length)] ?? Number.NaN;
}

function rowOf(snapshot: DashboardSnapshot, name: string) {
  const row = toFunctionRows(snapshot).find((candidate) => candidate.name === name);
  if (row === undefined) throw new Error(`no row for ${name}`);
  return row;
}

/** 120 invocations of `orders` over two minutes: one cold start, durations 10..129 ms, memory 60..89 MB of 256. */
function ordersSpecs(): InvocationSpec[] {
  return Array.from({ length: 120 }, (_, index) => ({
    functionName: 'orders',
    environment: 'a'.repeat(31) + (index % 2 === 0 ? '1' : '2'),
    requestId: requestIdOf(index),
    startMs: T0 + index * 1_000,
    durationMs: 10 + ((index * 37) % 120),
    memorySizeMb: 256,
    maxMemoryUsedMb: 60 + (index % 30),
    ...(index < 2 ? { initDurationMs: 180 + index } : {}),
  }));
}

describe('dashboard model: the window over real log lines, by value', () => {
  it('counts each function over the window: rate, errors, timeouts, cold starts, percentiles, memory, cost', () => {
    const orders = ordersSpecs();
    const payments: InvocationSpec[] = Array.from({ length: 30 }, (_, index) => ({
      functionName: 'payments',
      environment: 'b'.repeat(32),
      requestId: requestIdOf(index, 7),
      startMs: T0 + 500 + index * 4_000,
      durationMs: index % 10 === 9 ? 2_000 : 50,
      memorySizeMb: 128,
      maxMemoryUsedMb: 70,
      ...(index % 10 === 9 ? { timeoutSeconds: 2 } : {}),
      ...(index % 6 === 5 ? { appLines: [{ level: 'ERROR' as const, message: 'card declined' }] } : {}),
    }));
    const model = ingestAll(toTimeOrder([...orders, ...payments].map(invocationEvents)));
    const snapshot = model.snapshot();
    expect(snapshot.functions.map((entry) => entry.name)).toEqual(['orders', 'payments']);
    expect(snapshot.counts.invocations).toBe(150);
    expect(snapshot.ended).toBe(true);

    const row = rowOf(snapshot, 'orders');
    const durations = orders.map((spec) => spec.durationMs);
    expect(row.invocations).toBe(120);
    expect(row.errors).toBe(0);
    expect(row.coldStartShare).toBeCloseTo(2 / 120, 10);
    // Within the sketch's 1 % of the exact nearest-rank percentiles; the maximum is exact.
    expect(row.p50Ms).toBeGreaterThanOrEqual(exactQuantile(durations, 0.5) * 0.99);
    expect(row.p50Ms).toBeLessThanOrEqual(exactQuantile(durations, 0.5) * 1.01);
    expect(row.p99Ms).toBeGreaterThanOrEqual(exactQuantile(durations, 0.99) * 0.99);
    expect(row.p99Ms).toBeLessThanOrEqual(exactQuantile(durations, 0.99) * 1.01);
    expect(row.maxMs).toBe(Math.max(...durations));
    expect(row.maxMemoryUsedMb).toBe(89);
    expect(row.memorySizeMb).toBe(256);
    expect(row.memoryShare).toBeCloseTo(89 / 256, 10);
    // The data spans from the first START to the last REPORT: the rate divides by that, not by the whole window.
    const spanMs = (snapshot.windowEndMs ?? 0) - T0;
    expect(snapshot.spanMs).toBe(spanMs);
    expect(row.invocationsPerMinute).toBeCloseTo((120 / spanMs) * 60_000, 6);
    const prices = resolvePrices('x86_64');
    const gbSeconds = orders.reduce(
      (sum, spec) => sum + (Math.ceil(spec.durationMs + (spec.initDurationMs ?? 0)) / 1000) * (256 / 1024),
      0,
    );
    const costUsd = gbSeconds * prices.perGbSecondUSD + 120 * prices.perRequestUSD;
    expect(row.costPerHourUsd).toBeCloseTo((costUsd / spanMs) * 3_600_000, 12);

    const paymentsRow = rowOf(snapshot, 'payments');
    expect(paymentsRow.invocations).toBe(30);
    expect(paymentsRow.timeouts).toBe(3);
    // Each request counts once: 3 timeouts and 5 logged errors, the last invocation being both.
    expect(paymentsRow.errors).toBe(7);
    expect(paymentsRow.coldStartShare).toBe(0);
    // No throttle source: unknown, not zero.
    expect(paymentsRow.throttles).toBeUndefined();
  });

  it('slides: buckets older than the window are evicted, late invocations are dropped and counted', () => {
    const early = invocationEvents({
      functionName: 'orders',
      environment: 'c'.repeat(32),
      requestId: requestIdOf(1),
      startMs: T0,
      durationMs: 12,
      memorySizeMb: 128,
      maxMemoryUsedMb: 40,
    });
    const late = invocationEvents({
      functionName: 'thumbs',
      environment: 'd'.repeat(32),
      requestId: requestIdOf(2),
      startMs: T0 + 400_000,
      durationMs: 30,
      memorySizeMb: 512,
      maxMemoryUsedMb: 90,
    });
    const model = createDashboardModel({ sourceLabel: 'test', bucketMs: 5_000, windowMs: 60_000 });
    model.ingest({ events: [...early, ...late] });
    model.end();
    const snapshot = model.snapshot();
    // `orders` ended 400 s before the newest event: out of a one-minute window.
    expect(snapshot.functions.map((entry) => entry.name)).toEqual(['thumbs']);
    expect(snapshot.counts.invocations).toBe(2);
    expect(snapshot.counts.droppedInvocations).toBe(0);
    // Arriving now, an invocation from before the window is not counted, but is counted as dropped.
    model.ingest({ events: [] });
    const again = createDashboardModel({ sourceLabel: 'test', bucketMs: 5_000, windowMs: 60_000 });
    again.ingest({ events: [...late, ...early] });
    again.end();
    expect(again.snapshot().counts.droppedInvocations).toBe(1);
    expect(again.snapshot().functions.map((entry) => entry.name)).toEqual(['thumbs']);
  });

  it('moves with the clock on a live source: a function that went quiet fades out', () => {
    const model = createDashboardModel({ sourceLabel: 'live', bucketMs: 5_000, windowMs: 60_000 });
    model.ingest({
      events: invocationEvents({
        functionName: 'orders',
        environment: 'e'.repeat(32),
        requestId: requestIdOf(3),
        startMs: T0,
        durationMs: 5,
        memorySizeMb: 128,
        maxMemoryUsedMb: 30,
      }),
    });
    model.end();
    model.advanceTo(T0 + 30_000);
    expect(rowOf(model.snapshot(), 'orders').invocations).toBe(1);
    model.advanceTo(T0 + 61_000);
    expect(model.snapshot().functions).toEqual([]);
  });

  it("on a live source, completes a quiet stream's last invocation 2 s after it went quiet, not at its next one", () => {
    const model = createDashboardModel({ sourceLabel: 'live', bucketMs: 5_000, windowMs: 60_000 });
    const busy = (n: number) =>
      invocationEvents({
        functionName: 'busy',
        environment: '8'.repeat(32),
        requestId: requestIdOf(n, 4),
        startMs: T0 + n * 250,
        durationMs: 5,
        memorySizeMb: 128,
        maxMemoryUsedMb: 30,
      });
    const quiet = (context: { inputName: string }) =>
      model.ingest({
        events: invocationEvents({
          functionName: 'quiet',
          environment: '6'.repeat(32),
          requestId: requestIdOf(1, 6),
          startMs: T0,
          durationMs: 12,
          memorySizeMb: 128,
          maxMemoryUsedMb: 30,
        }).map((event) => ({ message: event.message, timestampMs: event.timestampMs })),
        context,
      });
    // The caller's clock: wall time, ticking four times a second, unrelated to the events' own times.
    const WALL = Date.UTC(2030, 0, 1);
    model.settle(WALL);
    quiet({ inputName: 'quiet-raw' });
    // Another function keeps talking; the quiet stream's invocation waits out its 2 s of silence.
    for (let tickIndex = 1; tickIndex < QUIET_MS / 250; tickIndex += 1) {
      model.ingest({ events: busy(tickIndex) });
      model.settle(WALL + tickIndex * 250);
      expect(model.snapshot().functions.map((entry) => entry.name)).not.toContain('quiet-raw');
    }
    model.settle(WALL + QUIET_MS);
    const snapshot = model.snapshot();
    // Named by its input, as when it was read: completing by time keeps the batch's context.
    expect(rowOf(snapshot, 'quiet-raw').invocations).toBe(1);
    // The busy stream never went quiet for 2 s: its last invocation still waits.
    expect(rowOf(snapshot, 'busy').invocations).toBe(QUIET_MS / 250 - 2);
    // Completing reads nothing: the events count is what the source sent.
    expect(snapshot.counts.events).toBe(3 + (QUIET_MS / 250 - 1) * 3);
    expect(snapshot.counts.skippedLines).toBe(0);
    // A clock that stands still or goes back completes nothing more.
    model.settle(WALL);
    expect(rowOf(model.snapshot(), 'busy').invocations).toBe(QUIET_MS / 250 - 2);
    model.settle(WALL + QUIET_MS + 8 * 250 + QUIET_MS);
    expect(rowOf(model.snapshot(), 'busy').invocations).toBe(QUIET_MS / 250 - 1);
  });

  it('counts invocations without a timestamp (raw lines) at the batch time', () => {
    const lines = invocationEvents({
      functionName: 'raw',
      environment: 'f'.repeat(32),
      requestId: requestIdOf(4),
      startMs: T0,
      durationMs: 25,
      memorySizeMb: 128,
      maxMemoryUsedMb: 50,
    }).map((event) => ({ message: event.message }));
    const model = createDashboardModel({ sourceLabel: 'raw', bucketMs: 5_000, windowMs: 60_000 });
    model.ingest({ events: lines, context: { inputName: 'orders-raw' }, timeMs: T0 + 42_000 });
    model.end();
    const snapshot = model.snapshot();
    expect(snapshot.functions.map((entry) => entry.name)).toEqual(['orders-raw']);
    expect(snapshot.windowEndMs).toBe(T0 + 42_000);
  });

  it('puts throttles (from outside the logs) into the window and the events pane, each increase once', () => {
    const model = createDashboardModel({ sourceLabel: 'local', bucketMs: 5_000, windowMs: 60_000 });
    // Before the window has a time, the totals wait.
    model.observeSource({ mode: 'local', figures: 'exact', warnings: [] }, { orders: 1 });
    expect(model.snapshot().events).toEqual([]);
    model.ingest({ events: invocationEvents({ ...ordersSpecs()[5], startMs: T0 } as InvocationSpec) });
    model.end();
    model.observeSource({ mode: 'local', figures: 'exact', warnings: [] }, { orders: 2 });
    model.observeSource({ mode: 'local', figures: 'exact', warnings: [] }, { orders: 2 });
    model.observeSource({ mode: 'local', figures: 'exact', warnings: [] }, { orders: 5, payments: 1 });
    const snapshot = model.snapshot();
    const throttleEvents = snapshot.events.filter((event) => event.kind === 'throttle');
    expect(throttleEvents.map((event) => [event.functionName, event.text])).toEqual([
      ['orders', '2 invocations throttled'],
      ['orders', '3 invocations throttled'],
      ['payments', '1 invocation throttled'],
    ]);
    expect(rowOf(snapshot, 'orders').throttles).toBe(5);
    // A function that only got throttled is on the table too: nothing it ran, everything it refused.
    expect(rowOf(snapshot, 'payments')).toMatchObject({ throttles: 1, invocations: 0, p99Ms: undefined });
  });

  it('shows each source warning once, and the status as the source gives it', () => {
    const model = createDashboardModel({ sourceLabel: 'cloudwatch orders' });
    model.observeSource({ mode: 'live', figures: 'sampled', warnings: ['first'], lagMs: 2_000 }, undefined);
    model.observeSource({ mode: 'live', figures: 'sampled', warnings: ['first', 'second'], lagMs: 2_000 }, undefined);
    const snapshot = model.snapshot();
    expect(snapshot.events.map((event) => event.text)).toEqual(['first', 'second']);
    expect(snapshot.source).toEqual({
      label: 'cloudwatch orders',
      mode: 'live',
      figures: 'sampled',
      lagMs: 2_000,
      detail: undefined,
    });
  });

  it('lists the notable events: errors with their message, timeouts, out of memory, cold starts, init failures', () => {
    const base = { functionName: 'payments', environment: '1'.repeat(32), memorySizeMb: 128, maxMemoryUsedMb: 60 };
    const events = toTimeOrder([
      invocationEvents({ ...base, requestId: requestIdOf(10), startMs: T0, durationMs: 20, initDurationMs: 150 }),
      invocationEvents({
        ...base,
        requestId: requestIdOf(11),
        startMs: T0 + 1_000,
        durationMs: 20,
        appLines: [{ level: 'ERROR', message: 'Invoke Error \t{"errorType":"Error","errorMessage":"card declined"}' }],
      }),
      invocationEvents({
        ...base,
        requestId: requestIdOf(12),
        startMs: T0 + 2_000,
        durationMs: 2_000,
        timeoutSeconds: 2,
      }),
      invocationEvents({
        ...base,
        requestId: requestIdOf(13),
        startMs: T0 + 5_000,
        durationMs: 300,
        maxMemoryUsedMb: 128,
        outOfMemory: true,
      }),
    ]);
    const initFailure: LogEvent = {
      logGroup: '/aws/lambda/payments',
      logStream: '2026/07/22/[$LATEST]22222222222222222222222222222222',
      timestampMs: T0 + 9_000,
      message:
        'INIT_REPORT Init Duration: 150.79 ms\tPhase: init\tStatus: error\tError Type: Runtime.UserCodeSyntaxError',
    };
    const model = ingestAll([...events, initFailure]);
    const kinds = model.snapshot().events.map((event) => [event.kind, event.text]);
    expect(kinds).toEqual([
      ['cold-start', 'cold start, init 150.0 ms'],
      ['error', 'Error: card declined'],
      ['timeout', 'timed out after 2,000 ms'],
      // The crashed invocation has no next START in its stream: it completes when the input ends.
      ['init-failure', 'init error: Runtime.UserCodeSyntaxError after 150.8 ms'],
      ['oom', 'out of memory (128/128 MB)'],
    ]);
  });

  it('warns once about an environment whose memory keeps growing', () => {
    const specs = Array.from({ length: 40 }, (_, index) => ({
      functionName: 'sessions',
      environment: '3'.repeat(32),
      requestId: requestIdOf(index, 3),
      startMs: T0 + index * 1_000,
      durationMs: 15,
      memorySizeMb: 256,
      maxMemoryUsedMb: 60 + index * 3,
      ...(index === 0 ? { initDurationMs: 120 } : {}),
    }));
    const model = ingestAll(specs.flatMap(invocationEvents));
    const snapshot = model.snapshot({ focus: 'sessions' });
    const leaks = snapshot.events.filter((event) => event.kind === 'leak');
    expect(leaks).toHaveLength(1);
    expect(leaks[0]?.text).toMatch(
      /^memory keeps growing in environment 33333333: 63 → \d+ MB over \d+ warm invocations$/,
    );
    expect(rowOf(snapshot, 'sessions').advice).toBe('leak');
    expect(snapshot.functions[0]?.detail?.environments.map((environment) => environment.invocations)).toEqual([40]);
  });

  it('keeps memory bounded: at most one bucket per window slot and a capped set of environments', () => {
    const model = createDashboardModel({
      sourceLabel: 'soak',
      bucketMs: 1_000,
      windowMs: 10_000,
      environmentsPerFunction: 4,
    });
    for (let index = 0; index < 2_000; index += 1) {
      model.ingest({
        events: invocationEvents({
          functionName: 'soak',
          environment: (index % 50).toString(16).padStart(32, '0'),
          requestId: requestIdOf(index, 9),
          startMs: T0 + index * 500,
          durationMs: 3,
          memorySizeMb: 128,
          maxMemoryUsedMb: 40,
        }),
      });
    }
    model.end();
    const entry = model.snapshot({ focus: 'soak' }).functions[0];
    expect(entry?.series).toHaveLength(10);
    expect(entry?.detail?.environments.length).toBeLessThanOrEqual(4);
    // Two invocations a second over the last ten one-second buckets.
    expect(entry?.report.invocations).toBeLessThanOrEqual(21);
    expect(entry?.report.slowest.length).toBeLessThanOrEqual(10);
  });
});
