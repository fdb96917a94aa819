import { afterEach, describe, expect, test, vi } from 'vitest';
import type { LocalAws, LocalAwsOptions } from '../../../../test/support/aws-local/index.js';
import type { AwsSession } from '../../src/aws/aws-session.js';
import { createFollowSource, type FollowSource, type FollowSourceOptions } from '../../src/aws/follow-source.js';
import type { LogEvent } from '../../src/core/log-event.js';
import { createLocalSession } from './support/aws-session.js';
import { startLocalCloudWatch } from './support/local-cloudwatch.js';

let aws: LocalAws | undefined;
let session: AwsSession | undefined;
const timers: NodeJS.Timeout[] = [];
afterEach(async () => {
  for (const timer of timers.splice(0)) clearInterval(timer);
  session?.destroy();
  await aws?.close();
  aws = undefined;
  session = undefined;
});

const GROUP = '/aws/lambda/orders';
const STREAMS = ['2024/05/20/[$LATEST]1111', '2024/05/20/[$LATEST]2222'];

async function setUp(options: LocalAwsOptions = {}): Promise<LocalAws> {
  const server = await startLocalCloudWatch({ ...options, liveTail: { updateIntervalMs: 100, ...options.liveTail } });
  server.lambda.putFunction({ functionName: 'orders' });
  server.logs.createLogGroup(GROUP);
  aws = server;
  session = await createLocalSession(server, { maxRequestsPerSecond: 20 });
  return server;
}

/** Writes `count` events, `perTick` every 50 ms, alternating streams; returns when done. */
function write(server: LocalAws, count: number, perTick = 1, group = GROUP): Promise<void> {
  let written = 0;
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      const batch = Math.min(perTick, count - written);
      for (let index = 0; index < batch; index += 1) {
        server.logs.putLogEvents(group, STREAMS[written % 2] ?? 's', [
          { timestamp: Date.now(), message: `line ${written}` },
        ]);
        written += 1;
      }
      if (written >= count) {
        clearInterval(timer);
        resolve();
      }
    }, 50);
    timers.push(timer);
  });
}

interface Followed {
  readonly events: LogEvent[];
  readonly batches: { source: string; sampled: boolean; size: number }[];
  readonly source: FollowSource;
}

/** Follows until `expected` events arrived and `settleMs` more passed (nothing may repeat), or the deadline. */
async function follow(
  options: Omit<FollowSourceOptions, 'session'>,
  expected: number,
  during: () => Promise<void> = async () => undefined,
  settleMs = 700,
): Promise<Followed> {
  if (session === undefined) throw new Error('set up first');
  const source = createFollowSource({ session, minPollIntervalMs: 100, maxPollIntervalMs: 300, ...options });
  const events: LogEvent[] = [];
  const batches: Followed['batches'] = [];
  const deadline = setTimeout(() => source.close(), 25_000);
  let settling: NodeJS.Timeout | undefined;
  let started = false;
  const consume = (async () => {
    for await (const batch of source) {
      const info = source.describeBatch(batch);
      batches.push({ source: info?.source ?? '?', sampled: info?.sampled ?? false, size: batch.length });
      events.push(...batch);
      if (settling === undefined && events.length >= expected) settling = setTimeout(() => source.close(), settleMs);
    }
  })();
  // Let the source start (its catch-up poll and first session) before writing.
  while (!started) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    started = source.status().mode !== 'starting';
  }
  await during();
  await consume;
  clearTimeout(deadline);
  clearTimeout(settling);
  return { events, batches, source };
}

function expectExactlyOnce(server: LocalAws, events: readonly LogEvent[], group = GROUP): void {
  const truth = server.logs
    .eventsOf(group)
    .map((event) => `${event.logStreamName} ${event.timestamp} ${event.message}`);
  const seen = events.map((event) => `${event.logStream} ${event.timestampMs} ${event.message}`);
  expect(seen.toSorted()).toEqual(truth.toSorted());
}

describe('follow --live: Live Tail with an exact catch-up, and fallback to polling', () => {
  test('history comes from the catch-up poll, new events from Live Tail, each once', async () => {
    const server = await setUp();
    server.logs.putLogEvents(GROUP, STREAMS[0] ?? 's', [
      { timestamp: Date.now() - 2000, message: 'before the session' },
    ]);
    const followed = await follow({ functionNames: ['orders'], live: true, sinceMs: Date.now() - 60_000 }, 31, () =>
      write(server, 30),
    );
    expectExactlyOnce(server, followed.events);
    expect(followed.batches.some((batch) => batch.source === 'poll')).toBe(true);
    expect(followed.batches.filter((batch) => batch.source === 'live').length).toBeGreaterThan(0);
    expect(followed.batches.every((batch) => !batch.sampled)).toBe(true);
    expect(followed.source.status()).toMatchObject({ basis: 'exact', sampledUpdates: 0 });
    expect(server.requests.entries({ operation: 'StartLiveTail' })).toHaveLength(1);
    // The server sees the session's socket close a moment after the source's close, later on a loaded machine.
    await vi.waitFor(() => expect(server.logs.liveTailSessions()).toBe(0), { timeout: 10_000, interval: 20 });
  });

  test('a sampled update is flagged on its batch and in the status', async () => {
    const server = await setUp({ liveTail: { maxEventsPerUpdate: 5, updateIntervalMs: 300 } });
    const followed = await follow({ functionNames: ['orders'], live: true }, 5, () => write(server, 40, 20));
    const sampled = followed.batches.filter((batch) => batch.sampled);
    expect(sampled.length).toBeGreaterThan(0);
    expect(sampled.every((batch) => batch.source === 'live' && batch.size <= 5)).toBe(true);
    const status = followed.source.status();
    expect(status.basis).toBe('sampled');
    expect(status.sampledUpdates).toBe(sampled.length);
    expect(status.warnings.join('\n')).toContain('Live Tail is sampling');
    expect(followed.events.length).toBeLessThan(40);
  });

  test.each([
    ['access-denied', 'AccessDeniedException'],
    ['unknown-operation', 'UnknownOperationException'],
    ['throttle', 'ThrottlingException'],
  ] as const)('refused with %s: a warning, then exact polling', async (kind, errorName) => {
    const server = await setUp();
    server.faults.add({ fault: { kind }, service: 'logs', operation: 'StartLiveTail' });
    const followed = await follow({ functionNames: ['orders'], live: true }, 20, () => write(server, 20));
    expectExactlyOnce(server, followed.events);
    expect(followed.batches.every((batch) => batch.source === 'poll')).toBe(true);
    const status = followed.source.status();
    expect(status.pollingLogGroups).toBe(1);
    expect(status.warnings.find((warning) => warning.startsWith('Live Tail unavailable'))).toContain(errorName);
  });

  test('a session that breaks mid-way falls back to polling without repeating what Live Tail delivered', async () => {
    const server = await setUp();
    server.faults.add({ fault: { kind: 'session-streaming-exception', afterUpdates: 6 }, operation: 'StartLiveTail' });
    const followed = await follow({ functionNames: ['orders'], live: true, overlapMs: 30_000 }, 40, () =>
      write(server, 40),
    );
    expectExactlyOnce(server, followed.events);
    expect(followed.batches.some((batch) => batch.source === 'live')).toBe(true);
    expect(followed.batches.some((batch) => batch.source === 'poll' && batch.size > 0)).toBe(true);
    expect(followed.source.status().duplicatesDropped).toBeGreaterThan(0);
    expect(followed.source.status().warnings.join('\n')).toContain('SessionStreamingException');
  });

  test('reconnects at the session limit (and before it) with a catch-up that fills the gap exactly', async () => {
    const server = await setUp({ liveTail: { sessionLimitMs: 900 } });
    const followed = await follow({ functionNames: ['orders'], live: true }, 50, () => write(server, 50));
    expectExactlyOnce(server, followed.events);
    expect(server.requests.entries({ operation: 'StartLiveTail' }).length).toBeGreaterThanOrEqual(2);
    expect(followed.source.status().warnings.some((warning) => warning.startsWith('Live Tail unavailable'))).toBe(
      false,
    );

    // Renewal before the limit: sessions of 600 ms where the service would allow 3 hours.
    server.requests.clear();
    const early = await follow({ functionNames: ['orders'], live: true, liveSessionMaxMs: 600 }, 30, () =>
      write(server, 30),
    );
    expect(server.requests.entries({ operation: 'StartLiveTail' }).length).toBeGreaterThanOrEqual(2);
    expect(new Set(early.events.map((event) => event.message)).size).toBe(early.events.length);
  });

  test('more than 10 log groups take several sessions of at most 10', async () => {
    const server = await setUp();
    const names = Array.from({ length: 12 }, (_, index) => `fn${index}`);
    for (const name of names) {
      server.lambda.putFunction({ functionName: name });
      server.logs.createLogGroup(`/aws/lambda/${name}`);
    }
    const followed = await follow({ functionNames: names, live: true }, 12, async () => {
      for (const name of names) {
        server.logs.putLogEvents(`/aws/lambda/${name}`, 's', [{ timestamp: Date.now(), message: `hello ${name}` }]);
      }
    });
    const sizes = server.requests
      .entries({ operation: 'StartLiveTail' })
      .map((entry) => (entry.parameters as { logGroupIdentifiers: string[] }).logGroupIdentifiers.length)
      .toSorted((a, b) => a - b);
    expect(sizes).toEqual([2, 10]);
    expect(followed.events.map((event) => event.message).toSorted()).toEqual(
      names.map((name) => `hello ${name}`).toSorted(),
    );
  });
});
