import { describe, expect, it } from 'vitest';
import { createReplaySource, type ReplayInput } from '../../src/commands/replay-command.js';
import type { LogEvent } from '../../src/core/log-event.js';
import type { SourceBatch } from '../../src/dashboard/dashboard-source.js';

/** A clock that only moves when the replay sleeps: the test sees exactly when each event was fed. */
function fakeClock(startMs: number) {
  let nowMs = startMs;
  const sleeps: number[] = [];
  return {
    now: () => nowMs,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      nowMs += ms;
    },
    sleeps,
  };
}

function input(label: string, batches: readonly (readonly LogEvent[])[]): ReplayInput & { closed: () => boolean } {
  let closed = false;
  return {
    label,
    context: { inputName: label },
    batches: (async function* () {
      for (const batch of batches) yield batch;
    })(),
    close: () => {
      closed = true;
    },
    closed: () => closed,
  };
}

async function collect(batches: AsyncIterable<SourceBatch>, clock: { now: () => number }) {
  const fed: { atMs: number; messages: string[]; context: string | undefined; timeMs: number | undefined }[] = [];
  for await (const batch of batches) {
    fed.push({
      atMs: clock.now(),
      messages: batch.events.map((event) => event.message),
      context: batch.context?.inputName,
      timeMs: batch.timeMs,
    });
  }
  return fed;
}

describe('replay source', () => {
  it('feeds each event when its time comes, scaled by the speed, merged across inputs by time', async () => {
    const clock = fakeClock(1_000_000);
    const a = input('a', [[{ message: 'a1', timestampMs: 0 }], [{ message: 'a2', timestampMs: 4_000 }]]);
    const b = input('b', [
      [
        { message: 'b1', timestampMs: 1_000 },
        { message: 'b2', timestampMs: 1_000 },
      ],
    ]);
    const source = createReplaySource([a, b], { speed: 2, now: clock.now, sleep: clock.sleep, warnings: [] });
    const fed = await collect(source.batches, clock);
    expect(fed.map((entry) => [entry.atMs - 1_000_000, entry.messages, entry.context])).toEqual([
      [0, ['a1'], 'a'],
      [500, ['b1', 'b2'], 'b'],
      [2_000, ['a2'], 'a'],
    ]);
    // No wait longer than 250 ms: quitting is never stuck behind a gap in the recording.
    expect(Math.max(...clock.sleeps)).toBeLessThanOrEqual(250);
    expect(fed.map((entry) => entry.timeMs)).toEqual([0, 1_000, 4_000]);
    expect(source.status?.()).toEqual({ mode: 'replay', figures: 'exact', warnings: [], detail: '×2' });
    expect(source.label).toBe('replay a, b');
  });

  it('paces lines without a time and counts them at the replay clock; max speed never waits', async () => {
    const clock = fakeClock(0);
    const raw = input('raw', [[{ message: 'r1' }, { message: 'r2' }, { message: 'r3' }]]);
    const fed = await collect(
      createReplaySource([raw], { speed: 1, now: clock.now, sleep: clock.sleep, warnings: [] }).batches,
      clock,
    );
    expect(fed.map((entry) => [entry.atMs, entry.messages])).toEqual([
      [0, ['r1']],
      [5, ['r2']],
      [10, ['r3']],
    ]);
    const fast = fakeClock(0);
    const whole = input('whole', [
      [
        { message: 'x', timestampMs: 0 },
        { message: 'y', timestampMs: 3_600_000 },
      ],
    ]);
    const fedFast = await collect(
      createReplaySource([whole], { speed: Number.POSITIVE_INFINITY, now: fast.now, sleep: fast.sleep, warnings: [] })
        .batches,
      fast,
    );
    expect(fedFast.map((entry) => entry.messages)).toEqual([['x', 'y']]);
    expect(fast.sleeps).toEqual([]);
  });

  it('stops when closed and closes its files', async () => {
    const clock = fakeClock(0);
    const slow = input('slow', [
      [
        { message: 's1', timestampMs: 0 },
        { message: 's2', timestampMs: 60_000 },
      ],
    ]);
    const source = createReplaySource([slow], { speed: 1, now: clock.now, sleep: clock.sleep, warnings: [] });
    const iterator = source.batches[Symbol.asyncIterator]();
    expect((await iterator.next()).value?.events.map((event: LogEvent) => event.message)).toEqual(['s1']);
    await source.close?.();
    expect(slow.closed()).toBe(true);
    expect((await iterator.next()).done).toBe(true);
  });
});
