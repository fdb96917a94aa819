import { describe, expect, it } from 'vitest';
import { planTimeoutFlush } from '../../src/timeout/plan-timeout-flush.js';

describe('planTimeoutFlush', () => {
  it.each([
    // remaining, configured margin, expected delay, expected margin
    [3000, undefined, 2500, 500],
    [10_000, undefined, 9000, 1000],
    [900_000, undefined, 897_000, 3000],
    [5000, 1200, 3800, 1200],
  ])('remaining %i ms, margin %s: flush after %i ms', (remaining, margin, delayMs, marginMs) => {
    expect(planTimeoutFlush(remaining, margin)).toEqual({ kind: 'flush', delayMs, marginMs });
  });

  it('flushes halfway when less than the margin remains at the start', () => {
    expect(planTimeoutFlush(400, undefined)).toEqual({ kind: 'flush', delayMs: 200, marginMs: 200 });
    expect(planTimeoutFlush(1000, 2000)).toEqual({ kind: 'flush', delayMs: 500, marginMs: 500 });
  });

  it('skips, with a reason, when there is no time or no deadline', () => {
    for (const remaining of [undefined, Number.NaN, -5, 0, 'soon']) {
      expect(planTimeoutFlush(remaining, undefined)).toMatchObject({
        kind: 'skip',
        reason: 'the context gives no remaining time',
      });
    }
    expect(planTimeoutFlush(15, undefined)).toEqual({ kind: 'skip', reason: 'only 15 ms remain' });
  });
});
