import { afterEach, describe, expect, test } from 'vitest';
import type { LocalAws } from '../../../../test/support/aws-local/index.js';
import type { AwsSession } from '../../src/aws/aws-session.js';
import { createFollowSource, type FollowSource } from '../../src/aws/follow-source.js';
import type { LogEvent } from '../../src/core/log-event.js';
import { createLocalSession } from './support/aws-session.js';
import { startLocalCloudWatch } from './support/local-cloudwatch.js';

let aws: LocalAws | undefined;
let session: AwsSession | undefined;
let source: FollowSource | undefined;
afterEach(async () => {
  source?.close();
  session?.destroy();
  await aws?.close();
  aws = undefined;
  session = undefined;
  source = undefined;
});

const GROUP = '/aws/lambda/orders';
const STREAM_A = '2024/05/20/[$LATEST]8b8754041414437ca5b22b9106549a2f';
const STREAM_B = '2024/05/20/[$LATEST]0f0e0d0c0b0a09080706050403020100';

/**
 * Collects everything the source yields: `onBatch` sees the events so far and returns true once the test has what
 * it waits for; the source then runs `settleMs` longer (more polls over the same overlap: nothing may repeat) and is
 * closed. A deadline closes it regardless.
 */
async function collect(
  follow: FollowSource,
  onBatch: (events: readonly LogEvent[]) => boolean,
  settleMs = 800,
  deadlineMs = 20_000,
): Promise<LogEvent[]> {
  const events: LogEvent[] = [];
  const deadline = setTimeout(() => follow.close(), deadlineMs);
  let settling: NodeJS.Timeout | undefined;
  for await (const batch of follow) {
    events.push(...batch);
    if (settling === undefined && onBatch(events)) settling = setTimeout(() => follow.close(), settleMs);
  }
  clearTimeout(deadline);
  clearTimeout(settling);
  return events;
}

describe('createFollowSource (polling): every event exactly once', () => {
  test('new, late and same-millisecond events are each emitted once; repeats of the overlap are dropped', async () => {
    aws = await startLocalCloudWatch();
    session = await createLocalSession(aws);
    const server = aws;
    aws.lambda.putFunction({ functionName: 'orders' });
    const start = Date.now() - 5000;
    aws.logs.putLogEvents(GROUP, STREAM_A, [
      { timestamp: start, message: 'START one' },
      { timestamp: start + 1, message: 'same ms a' },
      { timestamp: start + 1, message: 'same ms b' },
    ]);
    source = createFollowSource({
      session,
      functionNames: ['orders'],
      sinceMs: start - 1000,
      minPollIntervalMs: 50,
      maxPollIntervalMs: 200,
      overlapMs: 10_000,
    });
    let step = 0;
    const events = await collect(source, (seen) => {
      if (step === 0 && seen.length >= 3) {
        step = 1;
        // Newer events, then a late one: its time is older than what was already emitted, its ingestion is now.
        server.logs.putLogEvents(GROUP, STREAM_B, [{ timestamp: Date.now(), message: 'newer' }]);
        server.logs.putLogEvents(GROUP, STREAM_A, [{ timestamp: start + 1, message: 'late, same ms' }]);
        server.logs.putLogEvents(GROUP, STREAM_B, [{ timestamp: start - 500, message: 'late, older' }]);
      }
      return seen.length >= 6;
    });
    const truth = aws.logs.eventsOf(GROUP).map((event) => event.eventId);
    const emitted = events.map((event) => event.eventId);
    expect(emitted.toSorted()).toEqual(truth.toSorted());
    expect(new Set(emitted).size).toBe(emitted.length);
  });
});

describe('the public API', () => {
  test('exports the session and the follow source, and they compose', async () => {
    const api = await import('../../src/index.js');
    aws = await startLocalCloudWatch();
    aws.lambda.putFunction({ functionName: 'orders' });
    aws.logs.putLogEvents(GROUP, STREAM_A, [{ timestamp: Date.now(), message: 'hello' }]);
    session = await api.createAwsSession(
      api.parseAwsFlags({ 'endpoint-url': aws.endpoint, 'max-requests-per-second': '20' }),
      { env: { AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x', AWS_REGION: 'us-east-1' } },
    );
    source = api.createFollowSource({ session, functionNames: ['orders'], sinceMs: Date.now() - 60_000 });
    const events = await collect(source, (seen) => seen.length >= 1, 100);
    expect(events.map((event) => event.message)).toEqual(['hello']);
    expect(source.status()).toMatchObject({ mode: 'stopped', logGroups: [GROUP], events: 1, basis: 'exact' });
    expect(Object.keys(api.AWS_FLAG_SPECS)).toEqual(['profile', 'region', 'endpoint-url', 'max-requests-per-second']);
  });
});
