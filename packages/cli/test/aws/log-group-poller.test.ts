import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { AwsSession } from '../../src/aws/aws-session.js';
import { LogGroupPoller } from '../../src/aws/log-group-poller.js';
import { SeenEventIds } from '../../src/aws/seen-event-ids.js';

interface ModelEvent {
  readonly eventId: string;
  readonly timestamp: number;
  readonly ingestionTime: number;
}

/**
 * FilterLogEvents as the service defines it, over what has been ingested so far: events at or after startTime, in
 * (timestamp, ingestion) order, in pages of `pageSize`, empty pages included when asked. Enough for the poller.
 */
function modelSession(stored: () => readonly ModelEvent[], pageSize: number, emptyEvery: number): AwsSession {
  const logs = {
    send: async (command: { input: { startTime: number; nextToken?: string } }) => {
      const matching = stored()
        .filter((event) => event.timestamp >= command.input.startTime)
        .toSorted((a, b) => a.timestamp - b.timestamp || a.ingestionTime - b.ingestionTime);
      const [offsetText, pageText] = (command.input.nextToken ?? '0:0').split(':');
      const offset = Number(offsetText);
      const page = Number(pageText);
      const empty = emptyEvery > 0 && page % emptyEvery === emptyEvery - 1;
      const events = empty ? [] : matching.slice(offset, offset + pageSize);
      const next = offset + events.length;
      return {
        events: events.map((event) => ({ ...event, message: `m${event.eventId}`, logStreamName: 's' })),
        ...(next < matching.length || empty ? { nextToken: `${next}:${page + 1}` } : {}),
      };
    },
  };
  return {
    logs: async () => logs,
    call: (_operation: string, send: (signal: AbortSignal | undefined) => Promise<unknown>) => send(undefined),
  } as unknown as AwsSession;
}

/** Arrivals: each event has a time and the poll after which it is ingested (late when its time is older). */
const scenario = fc.record({
  arrivals: fc.array(
    fc.record({ timestamp: fc.integer({ min: 0, max: 5000 }), afterPoll: fc.integer({ min: 0, max: 6 }) }),
    { maxLength: 120 },
  ),
  overlapMs: fc.integer({ min: 0, max: 6000 }),
  pageSize: fc.integer({ min: 1, max: 25 }),
  emptyEvery: fc.constantFrom(0, 2, 3),
  limit: fc.integer({ min: 1, max: 200 }),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

async function run(input: Scenario) {
  const stored: ModelEvent[] = [];
  const session = modelSession(() => stored, input.pageSize, input.emptyEvery);
  const poller = new LogGroupPoller({
    logGroup: '/aws/lambda/f',
    sinceMs: 0,
    overlapMs: input.overlapMs,
    maxRememberedEvents: input.limit,
    now: () => 10_000,
    withContentKeys: false,
  });
  const emitted: string[] = [];
  const counts = { events: 0, duplicates: 0 };
  let maxRemembered = 0;
  for (let poll = 0; poll <= 7; poll += 1) {
    input.arrivals.forEach((arrival, index) => {
      if (arrival.afterPoll === poll - 1) {
        stored.push({ eventId: String(index), timestamp: arrival.timestamp, ingestionTime: poll });
      }
    });
    for await (const page of poller.poll(session, undefined, counts)) emitted.push(...page.map((e) => e.eventId ?? ''));
    poller.forget();
    maxRemembered = Math.max(maxRemembered, poller.seen.size);
  }
  return { emitted, maxRemembered };
}

describe('LogGroupPoller: overlap window and eventId dedupe', () => {
  test('never emits an event twice, whatever the lateness, paging, empty pages or memory cap', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (input) => {
        const { emitted, maxRemembered } = await run(input);
        expect(new Set(emitted).size).toBe(emitted.length);
        expect(maxRemembered).toBeLessThanOrEqual(input.limit);
      }),
      { numRuns: 300 },
    );
  });

  test('emits every event exactly once when the overlap covers how late events come', async () => {
    // Events ingested after poll p carry times from p·1000 − 1500 on (up to 1.5 s late); after poll p the newest time
    // is below (p + 1)·1000, so the next query starts below p·1000 − 500 with a 1,500 ms overlap: nothing escapes.
    const bounded = fc.record({
      arrivals: fc.array(
        fc.record({ afterPoll: fc.integer({ min: 0, max: 6 }), delta: fc.integer({ min: -1500, max: 999 }) }),
        { maxLength: 120 },
      ),
      pageSize: fc.integer({ min: 1, max: 25 }),
      emptyEvery: fc.constantFrom(0, 2, 3),
    });
    await fc.assert(
      fc.asyncProperty(bounded, async (input) => {
        const arrivals = input.arrivals.map((arrival) => ({
          afterPoll: arrival.afterPoll,
          timestamp: Math.max(0, (arrival.afterPoll + 1) * 1000 + arrival.delta),
        }));
        const { emitted } = await run({ ...input, arrivals, overlapMs: 1500, limit: 1000 });
        expect(emitted.toSorted()).toEqual(arrivals.map((_, index) => String(index)).toSorted());
      }),
      { numRuns: 300 },
    );
  });

  test('an event later than the overlap is the one thing it can miss (the bound is real)', async () => {
    const { emitted } = await run({
      arrivals: [
        { timestamp: 4000, afterPoll: 0 },
        { timestamp: 1000, afterPoll: 1 },
        { timestamp: 3500, afterPoll: 1 },
      ],
      overlapMs: 1000,
      pageSize: 10,
      emptyEvery: 0,
      limit: 100,
    });
    // 3,500 is inside the 1,000 ms window behind 4,000; 1,000 is 3 s late and is not returned by the query.
    expect(emitted).toEqual(['0', '2']);
  });

  test('remembers only the events of one overlap window', async () => {
    const stored: ModelEvent[] = Array.from({ length: 1000 }, (_, index) => ({
      eventId: String(index),
      timestamp: index * 10,
      ingestionTime: 0,
    }));
    const poller = new LogGroupPoller({
      logGroup: '/aws/lambda/f',
      sinceMs: 0,
      overlapMs: 500,
      maxRememberedEvents: 100_000,
      now: () => 100_000,
      withContentKeys: false,
    });
    const counts = { events: 0, duplicates: 0 };
    for await (const _ of poller.poll(
      modelSession(() => stored, 100, 0),
      undefined,
      counts,
    )) {
      // Drain the poll.
    }
    poller.forget();
    // Newest is 9,990 ms: the next query starts at 9,490, so the ids from 9,490 on (51 events) are all it needs.
    expect(poller.nextStartMs()).toBe(9490);
    expect(poller.seen.size).toBe(51);
    expect(counts.events).toBe(1000);
  });

  test('a memory cap raises the floor past what it forgets, and says so once', () => {
    const seen = new SeenEventIds(3);
    for (const [id, time] of [
      ['a', 1],
      ['b', 2],
      ['c', 2],
      ['d', 3],
      ['e', 4],
    ] as const) {
      seen.add(id, time);
    }
    // Two must go; the oldest whole milliseconds are 1 and 2 (three ids): the floor becomes 3.
    expect(seen.enforceLimit()).toBe(3);
    expect(seen.size).toBe(2);
    expect(seen.has('d') && seen.has('e') && !seen.has('c')).toBe(true);
    expect(seen.enforceLimit()).toBeUndefined();
  });
});
