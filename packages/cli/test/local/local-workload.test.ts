import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/core/log-event.js';
import { type LocalWorkload, runLocalCommand, runLocalWorkload } from '../../src/local/index.js';
import { assertWorkerBuilt, eventually, fixture, isAlive } from './support/harness.js';
import { readReport } from './support/report-figures.js';

const scratch = mkdtempSync(join(tmpdir(), 'lambdatop-workload-'));

beforeAll(assertWorkerBuilt);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function drain(workload: LocalWorkload): Promise<LogEvent[]> {
  const events: LogEvent[] = [];
  for await (const event of workload) events.push(event);
  return events;
}

function requestIds(events: readonly LogEvent[], prefix: 'START' | 'END' | 'REPORT'): string[] {
  return events
    .filter((event) => event.message.startsWith(`${prefix} `))
    .map((event) => /RequestId: ([0-9a-f-]+)/.exec(event.message)?.[1] ?? '');
}

describe('runLocalWorkload', () => {
  it('invokes each function at its rate and yields every line, each invocation complete', async () => {
    const workload = runLocalWorkload({
      functions: [
        {
          name: 'api',
          handlerPath: fixture('behaviours.mjs'),
          memorySizeMb: 128,
          timeoutMs: 3_000,
          eventFactory: (sequence) => (sequence % 5 === 4 ? { action: 'throw' } : { sequence }),
          ratePerSecond: 20,
        },
        {
          name: 'jobs',
          handlerPath: fixture('commonjs.cjs'),
          memorySizeMb: 256,
          timeoutMs: 3_000,
          event: { job: 'nightly' },
          ratePerSecond: 5,
        },
      ],
      durationMs: 1_000,
      arrivals: 'even',
    });
    const events = await drain(workload);
    const stats = await workload.finished;

    // Even arrivals: one per 1/rate, the first after one gap, none after the duration.
    expect(stats.functions.api?.invocations).toBeGreaterThanOrEqual(17);
    expect(stats.functions.api?.invocations).toBeLessThanOrEqual(20);
    expect(stats.functions.jobs?.invocations).toBeGreaterThanOrEqual(4);
    expect(stats.functions.jobs?.invocations).toBeLessThanOrEqual(5);
    expect(stats.ended).toBe(true);
    expect(stats.inFlight).toBe(0);

    const starts = requestIds(events, 'START');
    expect(starts).toHaveLength(stats.invocations);
    expect(requestIds(events, 'END').sort()).toEqual([...starts].sort());
    expect(requestIds(events, 'REPORT').sort()).toEqual([...starts].sort());
    for (const event of events.filter((candidate) => candidate.message.startsWith('REPORT'))) {
      expect(readReport(event.message)).toBeDefined();
    }
    expect(new Set(events.map((event) => event.logGroup))).toEqual(new Set(['/aws/lambda/api', '/aws/lambda/jobs']));
    expect(stats.outcomes.error).toBe(Math.floor((stats.functions.api?.invocations ?? 0) / 5));
    expect(stats.outcomes.success + stats.outcomes.error).toBe(stats.invocations);
    expect(stats.coldStarts).toBe(events.filter((event) => event.message.startsWith('INIT_START')).length);
  });

  it('never blocks the workers on a slow consumer: overflow is dropped and counted', async () => {
    const workload = runLocalWorkload({
      functions: [
        {
          name: 'chatty',
          handlerPath: fixture('behaviours.mjs'),
          memorySizeMb: 128,
          timeoutMs: 3_000,
          event: { action: 'log' },
          ratePerSecond: 20,
        },
      ],
      durationMs: 600,
      arrivals: 'even',
      bufferCapacity: 10,
    });
    // Nobody reads until the run is over.
    const stats = await workload.finished;
    const events = await drain(workload);

    expect(stats.outcomes.success).toBe(stats.invocations);
    expect(stats.invocations).toBeGreaterThanOrEqual(8);
    expect(events).toHaveLength(10);
    // Each invocation writes 15 lines, INIT_START aside: the rest were dropped, and said so.
    expect(stats.droppedEvents).toBe(stats.invocations * 15 + stats.coldStarts * 2 - 10);
  });

  it('throttles beyond the reserved concurrency and counts it', async () => {
    const workload = runLocalWorkload({
      functions: [
        {
          name: 'slow',
          handlerPath: fixture('behaviours.mjs'),
          memorySizeMb: 128,
          timeoutMs: 3_000,
          event: { action: 'sleep', ms: 400 },
          ratePerSecond: 20,
        },
      ],
      durationMs: 500,
      arrivals: 'even',
      maxEnvironments: 2,
    });
    const events = await drain(workload);
    const stats = workload.stats();

    expect(stats.throttles).toBeGreaterThan(0);
    expect(stats.outcomes.success).toBeGreaterThanOrEqual(2);
    expect(stats.throttles + stats.outcomes.success).toBe(stats.invocations);
    expect(new Set(events.map((event) => event.logStream)).size).toBe(2);
    expect(requestIds(events, 'START')).toHaveLength(stats.outcomes.success);
  });

  it('stops at once when the consumer stops iterating, leaving no worker behind', async () => {
    const workload = runLocalWorkload({
      functions: [
        {
          name: 'forever',
          handlerPath: fixture('behaviours.mjs'),
          memorySizeMb: 128,
          timeoutMs: 60_000,
          event: { action: 'hang' },
          ratePerSecond: 10,
        },
      ],
      arrivals: 'even',
    });
    const pids = new Set<number>();
    let started = 0;
    for await (const event of workload) {
      for (const pid of workload.workerPids()) pids.add(pid);
      if (event.message.startsWith('START')) started += 1;
      if (started >= 3) break;
    }
    const stats = await workload.finished;
    expect(pids.size).toBeGreaterThanOrEqual(3);
    expect(stats.ended).toBe(true);
    expect(stats.outcomes.closed).toBe(stats.invocations);
    expect(workload.workerPids()).toEqual([]);
    expect(await eventually(() => [...pids].every((pid) => !isAlive(pid)))).toBe(true);
  });

  it('stops on abort', async () => {
    const controller = new AbortController();
    const workload = runLocalWorkload({
      functions: [
        {
          name: 'steady',
          handlerPath: fixture('behaviours.mjs'),
          memorySizeMb: 128,
          timeoutMs: 3_000,
          event: {},
          ratePerSecond: 50,
        },
      ],
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 400);
    const events = await drain(workload);
    const stats = await workload.finished;
    expect(stats.ended).toBe(true);
    expect(stats.invocations).toBeGreaterThan(0);
    expect(events.length).toBeGreaterThan(0);
  });

  it('counts and skips arrivals whose event cannot be built', async () => {
    const workload = runLocalWorkload({
      functions: [
        {
          name: 'picky',
          handlerPath: fixture('behaviours.mjs'),
          memorySizeMb: 128,
          timeoutMs: 3_000,
          eventFactory: (sequence) => {
            if (sequence % 2 === 1) throw new Error('no fixture for this one');
            return sequence === 2 ? { big: 1n } : { sequence };
          },
          ratePerSecond: 20,
        },
      ],
      durationMs: 500,
      arrivals: 'even',
    });
    await drain(workload);
    const stats = await workload.finished;
    expect(stats.skippedArrivals).toBeGreaterThanOrEqual(5);
    expect(stats.outcomes.success).toBe(stats.invocations);
  });

  it.each([
    [{ functions: [] }, /at least one function/],
    [
      {
        functions: [
          {
            name: 'twice',
            handlerPath: fixture('commonjs.cjs'),
            memorySizeMb: 128,
            timeoutMs: 1_000,
            ratePerSecond: 1,
          },
          {
            name: 'twice',
            handlerPath: fixture('commonjs.cjs'),
            memorySizeMb: 128,
            timeoutMs: 1_000,
            ratePerSecond: 1,
          },
        ],
      },
      /function name twice appears twice/,
    ],
    [
      {
        functions: [
          { name: 'neg', handlerPath: fixture('commonjs.cjs'), memorySizeMb: 128, timeoutMs: 1_000, ratePerSecond: -1 },
        ],
      },
      /ratePerSecond must be a number ≥ 0/,
    ],
    [
      {
        functions: [
          { name: 'small', handlerPath: fixture('commonjs.cjs'), memorySizeMb: 64, timeoutMs: 1_000, ratePerSecond: 1 },
        ],
      },
      /memorySizeMb must be a whole number from 128/,
    ],
  ])('refuses a bad workload with a TypeError saying what to change', (options, message) => {
    expect(() => runLocalWorkload(options)).toThrow(message);
  });
});

describe('runLocalCommand', () => {
  it('runs the handler from parsed options, feeds the sink and prints a one-line summary', async () => {
    const eventPath = join(scratch, 'event.json');
    writeFileSync(eventPath, JSON.stringify({ action: 'sleep', ms: 5 }));
    const sunk: LogEvent[] = [];
    let stderr = '';
    const code = await runLocalCommand(
      {
        handlerPath: fixture('behaviours.mjs'),
        handlerExport: 'handler',
        functionName: 'cli-run',
        eventPath,
        ratePerSecond: 10,
        durationMs: 600,
        memorySizeMb: 128,
        timeoutMs: 3_000,
        maxEnvironments: undefined,
        idleTimeoutMs: undefined,
        report: true,
      },
      { stderr: { write: (text: string) => (stderr += text) } },
      (event) => sunk.push(event),
    );

    expect(code).toBe(0);
    const reports = sunk.filter((event) => event.message.startsWith('REPORT'));
    expect(reports.length).toBeGreaterThan(0);
    expect(stderr).toMatch(
      new RegExp(
        `^lambdatop local: cli-run: ${reports.length} invocations in \\d+\\.\\d s, ${reports.length} ok, 0 errors, .* cold starts \\(\\d+\\.\\d%\\)\\n$`,
      ),
    );
  });

  it.each([
    [
      'a missing handler',
      { handlerPath: join(scratch, 'nope.mjs') },
      /^lambdatop local: handler file not found: .*nope\.mjs\n$/,
    ],
    [
      'a missing event file',
      { eventPath: join(scratch, 'missing.json') },
      /^lambdatop local: cannot read the event file .*missing\.json \(ENOENT\)\n$/,
    ],
    [
      'an event file that is not JSON',
      { eventPath: 'BAD_JSON' },
      /^lambdatop local: the event file .*bad\.json is not JSON: .+\n$/,
    ],
  ] as const)(
    'fails with one line and exit code 1 for %s',
    async (_label, override: { handlerPath?: string; eventPath?: string }, message) => {
      const badJson = join(scratch, 'bad.json');
      writeFileSync(badJson, '{ not json');
      let stderr = '';
      const code = await runLocalCommand(
        {
          handlerPath: fixture('behaviours.mjs'),
          handlerExport: 'handler',
          functionName: 'cli-fail',
          eventPath: undefined,
          ratePerSecond: 10,
          durationMs: 500,
          memorySizeMb: 128,
          timeoutMs: 3_000,
          maxEnvironments: undefined,
          idleTimeoutMs: undefined,
          report: false,
          ...override,
          ...(override.eventPath === 'BAD_JSON' ? { eventPath: badJson } : {}),
        },
        { stderr: { write: (text: string) => (stderr += text) } },
        () => {
          throw new Error('nothing should run');
        },
      );
      expect(code).toBe(1);
      expect(stderr).toMatch(message);
    },
  );
});
