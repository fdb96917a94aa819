import { describe, expect, test } from 'vitest';
import { createRateLimiter } from '../../src/aws/rate-limiter.js';

/** A clock that only moves when the limiter sleeps (or the test says so), so spacing is exact and instant. */
function fakeTime() {
  let nowMs = 0;
  return {
    now: () => nowMs,
    advance: (ms: number) => {
      nowMs += ms;
    },
    sleep: async (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted === true) throw new DOMException('aborted', 'AbortError');
      nowMs += ms;
    },
  };
}

describe('the shared rate limiter', () => {
  test('spaces grants 1000/rate ms apart: at most ⌈rate⌉ in any one-second window', async () => {
    const time = fakeTime();
    const limiter = createRateLimiter({ requestsPerSecond: 4, now: time.now, sleep: time.sleep });
    const grants: number[] = [];
    await Promise.all(Array.from({ length: 9 }, () => limiter.acquire().then(() => grants.push(time.now()))));
    expect(grants).toEqual([0, 250, 500, 750, 1000, 1250, 1500, 1750, 2000]);
  });

  test('no burst after a stall: time the caller did not use is not saved up', async () => {
    const time = fakeTime();
    const limiter = createRateLimiter({ requestsPerSecond: 5, now: time.now, sleep: time.sleep });
    await limiter.acquire();
    time.advance(10_000);
    const grants: number[] = [];
    for (let index = 0; index < 3; index += 1) {
      await limiter.acquire();
      grants.push(time.now());
    }
    expect(grants).toEqual([10_000, 10_200, 10_400]);
  });

  test('a throttle halves the rate down to its floor; successes restore it step by step', () => {
    const limiter = createRateLimiter({ requestsPerSecond: 4, minRequestsPerSecond: 1 });
    limiter.onThrottle();
    expect(limiter.currentRate()).toBe(2);
    limiter.onThrottle();
    limiter.onThrottle();
    expect(limiter.currentRate()).toBe(1);
    for (let index = 0; index < 8; index += 1) limiter.onSuccess();
    expect(limiter.currentRate()).toBeCloseTo(2.5, 9);
    for (let index = 0; index < 100; index += 1) limiter.onSuccess();
    expect(limiter.currentRate()).toBe(4);
  });

  test('an aborted waiter leaves its place; the next one is served', async () => {
    const time = fakeTime();
    const limiter = createRateLimiter({ requestsPerSecond: 2, now: time.now, sleep: time.sleep });
    await limiter.acquire();
    const controller = new AbortController();
    controller.abort();
    await expect(limiter.acquire(controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
    await limiter.acquire();
    expect(time.now()).toBe(500);
  });

  test('refuses a rate that is not positive', () => {
    expect(() => createRateLimiter({ requestsPerSecond: 0 })).toThrow(TypeError);
  });
});
