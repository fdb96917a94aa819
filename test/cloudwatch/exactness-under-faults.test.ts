import { afterEach, describe, expect, test } from 'vitest';
import { createFollowSource } from '../../packages/cli/src/aws/follow-source.js';
import { REPORT_FILTER_PATTERN } from '../../packages/cli/src/aws/report-filter-pattern.js';
import type { LogEvent } from '../../packages/cli/src/core/log-event.js';
import { createLocalSession } from '../../packages/cli/test/aws/support/aws-session.js';
import { runLambdatop, seedFunction } from '../../packages/cli/test/aws/support/local-cloudwatch.js';
import { compileFilterPattern, type LocalAws, startLocalAws } from '../support/aws-local/index.js';

let aws: LocalAws | undefined;
const timers: NodeJS.Timeout[] = [];
afterEach(async () => {
  for (const timer of timers.splice(0)) clearInterval(timer);
  await aws?.close();
  aws = undefined;
});

const HOUR = 3_600_000;
const FAULTS = [
  { kind: 'throttle' },
  { kind: 'server-error', httpStatus: 500 },
  { kind: 'server-error', httpStatus: 503 },
  { kind: 'reset-before-response' },
  { kind: 'reset-mid-response' },
] as const;

/**
 * After every `every` requests to `operation`, the next one fails, cycling through throttling, 500, 503 and both kinds
 * of connection reset. Driven by the request count, not the clock, so that a client slowed down by the throttles
 * faces the same fault ratio rather than a storm.
 */
function injectFaults(server: LocalAws, operation: string, every: number): void {
  let index = 0;
  let injectedAt = 0;
  timers.push(
    setInterval(() => {
      const count = server.requests.entries({ operation }).length;
      if (count - injectedAt < every) return;
      injectedAt = count;
      const fault = FAULTS[index % FAULTS.length];
      index += 1;
      if (fault !== undefined) server.faults.add({ fault, service: 'logs', operation });
    }, 5),
  );
}

/** Seeds two functions, then late events: old event times, ingested after newer ones. */
function seedWithLateEvents(server: LocalAws, now: number): void {
  seedFunction(server, {
    functionName: 'orders',
    startMs: now - HOUR / 2,
    invocations: 160,
    spacingMs: 700,
    environments: 5,
    errorEvery: 7,
    timeoutEvery: 23,
    emf: true,
    appLines: 3,
  });
  seedFunction(server, { functionName: 'thumbs', startMs: now - HOUR / 3, invocations: 60, spacingMs: 900, seed: 3 });
  const late = seedFunction(server, {
    functionName: 'orders',
    register: false,
    startMs: now - HOUR / 2 + 350,
    invocations: 20,
    spacingMs: 3500,
    environments: 2,
    seed: 11,
  });
  expect(late.events.length).toBeGreaterThan(0);
}

function truthIds(server: LocalAws, groups: readonly string[], sinceMs: number, pattern?: string): string[] {
  const compiled = compileFilterPattern(pattern);
  if (!compiled.ok) throw new Error(compiled.reason);
  return groups.flatMap((group) =>
    server.logs
      .eventsOf(group)
      .filter((event) => event.timestamp >= sinceMs && compiled.matches(event.message))
      .map((event) => event.eventId),
  );
}

/**
 * The limiter spaces grants at least 1000/rate ms apart in our process, so a one-second window holds at most ⌈rate⌉
 * of them. The server stamps arrival, which adds each request's own latency (socket, event loop: a few ms); a late
 * arrival next to an early one can put one more request into a window, never two while the spacing (≥ 100 ms
 * here) dwarfs that jitter. Hence ⌈rate⌉ + 1.
 */
function expectWithinRate(server: LocalAws, requestsPerSecond: number): void {
  expect(server.requests.peakRequestsPerWindow({}, 1000)).toBeLessThanOrEqual(Math.ceil(requestsPerSecond) + 1);
}

describe('exactness under faults: throttling, 5xx, connection resets, short and empty pages, late events', () => {
  test('report --function reads every event once and counts what the server holds', async () => {
    aws = await startLocalAws({ filterLogEvents: { maxEventsPerPage: 40, emptyPageEvery: 4 } });
    const now = Date.now();
    seedWithLateEvents(aws, now);
    const clean = JSON.parse(
      (await runLambdatop(aws, ['report', '--function', 'orders', '--since', '1h', '--format', 'json'])).stdout,
    ) as { functions: { invocations: number; errors: number; timeouts: number }[]; input: { events: number } };
    aws.requests.clear();
    injectFaults(aws, 'FilterLogEvents', 3);
    aws.faults.add({ fault: { kind: 'throttle' }, service: 'lambda', times: 2 });
    aws.faults.add({ fault: { kind: 'server-error', httpStatus: 500 }, service: 'cloudwatch' });
    const run = await runLambdatop(aws, [
      'report',
      '--function',
      'orders',
      '--since',
      '1h',
      '--format',
      'json',
      '--max-requests-per-second',
      '10',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as typeof clean & { input: { duplicateEvents: number } };
    const failed = aws.requests
      .entries({ operation: 'FilterLogEvents' })
      .filter((entry) => entry.outcome.kind !== 'ok');
    expect(failed.length).toBeGreaterThan(5);
    const truth = truthIds(aws, ['/aws/lambda/orders'], now - HOUR, REPORT_FILTER_PATTERN);
    expect(report.input.events).toBe(truth.length);
    expect(report.input.duplicateEvents).toBe(0);
    expect(new Set(aws.requests.servedEventIds())).toEqual(new Set(truth));
    expect(report.functions[0]).toEqual(clean.functions[0]);
    expectWithinRate(aws, 10);
  });

  test('tail prints every event of the window once, merged across functions, despite the faults', async () => {
    aws = await startLocalAws({ filterLogEvents: { maxEventsPerPage: 60, emptyPageEvery: 3 } });
    const now = Date.now();
    seedWithLateEvents(aws, now);
    injectFaults(aws, 'FilterLogEvents', 3);
    const run = await runLambdatop(aws, [
      'tail',
      '--function',
      'orders',
      '--function',
      'thumbs',
      '--since',
      '1h',
      '--format',
      'json',
      '--max-requests-per-second',
      '10',
    ]);
    expect(run.stderr).toBe('');
    const lines = run.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { eventId: string; timestamp: number });
    const truth = truthIds(aws, ['/aws/lambda/orders', '/aws/lambda/thumbs'], now - HOUR);
    expect(lines.map((line) => line.eventId).toSorted()).toEqual(truth.toSorted());
    const times = lines.map((line) => line.timestamp);
    expect(times).toEqual(times.toSorted((a, b) => a - b));
    expect(aws.requests.entries({ operation: 'FilterLogEvents' }).some((entry) => entry.outcome.kind === 'reset')).toBe(
      true,
    );
    expectWithinRate(aws, 10);
  });

  test('the follow source emits each event once while events, late events and faults keep coming', async () => {
    aws = await startLocalAws({ filterLogEvents: { maxEventsPerPage: 15, emptyPageEvery: 3 } });
    const server = aws;
    server.lambda.putFunction({ functionName: 'orders' });
    const group = '/aws/lambda/orders';
    const streams = ['2024/05/20/[$LATEST]aaaa', '2024/05/20/[$LATEST]bbbb', '2024/05/20/[$LATEST]cccc'];
    const sinceMs = Date.now() - 1000;
    let written = 0;
    // New events every 40 ms on rotating streams; one in four is late (up to 3 s old), as a lagging stream's are.
    timers.push(
      setInterval(() => {
        const stream = streams[written % streams.length] ?? 'x';
        const lateByMs = written % 4 === 3 ? 500 + ((written * 97) % 2500) : 0;
        server.logs.putLogEvents(group, stream, [
          { timestamp: Math.max(sinceMs, Date.now() - lateByMs), message: `event ${written}` },
        ]);
        written += 1;
      }, 40),
    );
    injectFaults(server, 'FilterLogEvents', 3);
    const session = await createLocalSession(server, { maxRequestsPerSecond: 20 });
    const source = createFollowSource({
      session,
      functionNames: ['orders'],
      sinceMs,
      overlapMs: 5000,
      minPollIntervalMs: 100,
      maxPollIntervalMs: 400,
    });
    const emitted: LogEvent[] = [];
    setTimeout(() => {
      for (const timer of timers.splice(0)) clearInterval(timer);
      // Then let it catch up on what is written and close.
      setTimeout(() => source.close(), 2500);
    }, 4000);
    for await (const batch of source) emitted.push(...batch);
    session.destroy();
    const truth = truthIds(server, [group], sinceMs);
    const ids = emitted.map((event) => event.eventId);
    expect(truth.length).toBeGreaterThan(60);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.toSorted()).toEqual(truth.toSorted());
    const status = source.status();
    expect(status.duplicatesDropped).toBeGreaterThan(0);
    expect(status.retries).toBeGreaterThan(0);
    expect(status.mode).toBe('stopped');
    expectWithinRate(server, 20);
  });
});
