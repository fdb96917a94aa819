import { describe, expect, it } from 'vitest';
import { adviseMemory, MEMORY_ADVICE_RULE } from '../../src/core/advice/memory-advice.js';
import { adviseProvisionedConcurrency } from '../../src/core/advice/provisioned-concurrency-advice.js';
import { adviseTradeoff } from '../../src/core/advice/tradeoff-advice.js';
import type { InvocationRecord } from '../../src/core/join/invocation-record.js';
import { costPerInvocation, toCost } from '../../src/core/pricing/invocation-cost.js';
import { resolvePrices } from '../../src/core/pricing/lambda-prices.js';
import type { FunctionStats } from '../../src/core/stats/function-stats.js';
import { createReportAggregator } from '../../src/core/stats/report-aggregator.js';
import { makeRecord } from '../support/records.js';

function statsOf(records: readonly Partial<InvocationRecord>[]): FunctionStats {
  const aggregator = createReportAggregator();
  records.forEach((overrides, sequence) => {
    aggregator.invocation(makeRecord({ sequence, ...overrides }));
  });
  const [stats] = aggregator.finish();
  if (stats === undefined) throw new Error('no function');
  return stats;
}

function repeat(count: number, make: (index: number) => Partial<InvocationRecord>): Partial<InvocationRecord>[] {
  return Array.from({ length: count }, (_, index) => make(index));
}

const x86 = resolvePrices('x86_64');

describe('pricing', () => {
  it('reproduces the reference’s worked example: 1 M × 120 ms × 512 MB = $1.00 compute + $0.20 requests', () => {
    const gbSeconds = 1_000_000 * 0.12 * (512 / 1024);
    expect(gbSeconds).toBe(60_000);
    const cost = toCost(gbSeconds, 1_000_000, x86);
    expect(cost?.totalUSD).toBeCloseTo(1.000002 + 0.2, 6);
    expect(cost?.per1kInvocationsUSD).toBeCloseTo(0.001200002, 12);
    expect(costPerInvocation(120, 512, x86)).toBeCloseTo(0.000001200002, 15);
  });

  it('uses the arm64 price, and any override, and calls nothing priced unknown rather than $0', () => {
    expect(resolvePrices('arm64').perGbSecondUSD).toBe(0.0000133334);
    expect(resolvePrices('arm64', { perGbSecondUSD: 0.00001 })).toMatchObject({
      perGbSecondUSD: 0.00001,
      source: 'override',
    });
    expect(resolvePrices('x86_64', { perRequestUSD: 0 })).toMatchObject({ perRequestUSD: 0, source: 'override' });
    expect(x86.source).toBe('list');
    expect(toCost(0, 0, x86)).toBeUndefined();
  });
});

describe('memory advice', () => {
  it('decreases to the largest use plus the margin, rounded up to 64 MB', () => {
    const advice = adviseMemory(
      statsOf(repeat(100, (index) => ({ memorySizeMb: 1024, maxMemoryUsedMb: 150 + (index % 50) }))),
    );
    expect(advice).toMatchObject({ action: 'decrease', currentMB: 1024, recommendedMB: 256, marginPercent: 20 });
    expect(advice.reason).toContain('peaked at 199 MB');
    expect(advice.reason).toContain('memory only');
  });

  it('increases when the headroom is below the margin, and on out-of-memory errors or memory at the limit', () => {
    expect(adviseMemory(statsOf(repeat(60, () => ({ memorySizeMb: 1024, maxMemoryUsedMb: 900 }))))).toMatchObject({
      action: 'increase',
      recommendedMB: 1088,
    });
    const oom = adviseMemory(
      statsOf([
        { memorySizeMb: 512, maxMemoryUsedMb: 512, outOfMemory: true, outcome: 'out-of-memory' },
        { memorySizeMb: 512, maxMemoryUsedMb: 300 },
      ]),
    );
    expect(oom).toMatchObject({ action: 'increase', recommendedMB: 768 });
    expect(oom.reason).toContain('1 out-of-memory error');
  });

  it('never goes below 128 MB, keeps the size on timeouts, and refuses at the 10,240 MB maximum', () => {
    expect(adviseMemory(statsOf(repeat(60, () => ({ memorySizeMb: 160, maxMemoryUsedMb: 40 }))))).toMatchObject({
      action: 'keep',
      recommendedMB: 160,
    });
    expect(adviseMemory(statsOf(repeat(60, () => ({ memorySizeMb: 512, maxMemoryUsedMb: 40 }))))).toMatchObject({
      action: 'decrease',
      recommendedMB: 128,
    });
    const timeouts = adviseMemory(
      statsOf(
        repeat(60, (index) => ({
          memorySizeMb: 2048,
          maxMemoryUsedMb: 100,
          timedOut: index === 0,
          outcome: index === 0 ? 'timeout' : 'success',
        })),
      ),
    );
    expect(timeouts).toMatchObject({ action: 'keep', recommendedMB: 2048 });
    expect(timeouts.reason).toContain('1 timeout');
    expect(adviseMemory(statsOf([{ memorySizeMb: 10_240, maxMemoryUsedMb: 10_240 }]))).toMatchObject({
      action: 'none',
      recommendedMB: null,
    });
  });

  it('gives no advice on too little data or without memory figures, and says why', () => {
    const few = adviseMemory(
      statsOf(repeat(MEMORY_ADVICE_RULE.minInvocations - 1, () => ({ memorySizeMb: 512, maxMemoryUsedMb: 100 }))),
    );
    expect(few).toMatchObject({ action: 'none', recommendedMB: null, currentMB: 512 });
    expect(few.reason).toContain('at least 50');
    const managed = adviseMemory(statsOf([{ durationMs: 5 }]));
    expect(managed).toMatchObject({ action: 'none', currentMB: null });
    expect(managed.reason).toContain('Managed Instances');
  });
});

describe('the cost/speed trade-off across memory sizes', () => {
  const sizes = (timeoutsAt128: number): Partial<InvocationRecord>[] => [
    ...repeat(20, () => ({
      memorySizeMb: 128,
      durationMs: 850,
      billedDurationMs: 850,
      timedOut: timeoutsAt128 > 0,
      outcome: timeoutsAt128 > 0 ? 'timeout' : 'success',
    })),
    ...repeat(20, () => ({ memorySizeMb: 512, durationMs: 200, billedDurationMs: 200 })),
    ...repeat(20, () => ({ memorySizeMb: 1024, durationMs: 100, billedDurationMs: 100 })),
    ...repeat(20, () => ({ memorySizeMb: 2048, durationMs: 55, billedDurationMs: 55 })),
  ];

  it('picks cheapest (ties to the faster), fastest, balanced, and states the deltas', () => {
    const tradeoff = adviseTradeoff(statsOf(sizes(0)).configs, x86);
    // 512 MB and 1024 MB both bill 0.1 GB-s: the tie goes to the faster 1024 MB.
    expect(tradeoff).toMatchObject({ cheapestMB: 1024, fastestMB: 2048 });
    expect(tradeoff?.rows.map((row) => row.memorySizeMB)).toEqual([128, 512, 1024, 2048]);
    const fastestVsCheapest = tradeoff?.deltas.find((delta) => delta.to === 'fastest');
    expect(fastestVsCheapest?.durationMs).toBeCloseTo(-45, 9);
    expect(fastestVsCheapest?.per1kInvocationsUSD).toBeCloseTo((0.11 - 0.1) * 0.0000166667 * 1000, 12);
    expect([512, 1024, 2048]).toContain(tradeoff?.balancedMB);
  });

  it('shows a size that timed out but never picks it; no table with fewer than two usable sizes', () => {
    const tradeoff = adviseTradeoff(statsOf(sizes(1)).configs, x86);
    const row128 = tradeoff?.rows.find((row) => row.memorySizeMB === 128);
    expect(row128).toMatchObject({ eligible: false, note: '20 timed out' });
    expect(
      adviseTradeoff(
        statsOf(repeat(20, () => ({ memorySizeMb: 512, durationMs: 1, billedDurationMs: 1 }))).configs,
        x86,
      ),
    ).toBeNull();
  });
});

describe('provisioned concurrency advice', () => {
  it('finds the level that removes 90 % of the cold starts and prices it', () => {
    // Bursts of 4 at once every minute; the environments of the first burst stay warm, a fifth one cold-starts.
    const records: Partial<InvocationRecord>[] = [];
    for (let minute = 0; minute < 30; minute += 1) {
      for (let slot = 0; slot < 4; slot += 1) {
        records.push({
          memorySizeMb: 1024,
          durationMs: 1000,
          billedDurationMs: 1000,
          endMs: minute * 60_000 + 1000,
          coldStart: minute === 0 || slot === 3 ? 'on-demand' : undefined,
          initDurationMs: minute === 0 || slot === 3 ? 300 : undefined,
        });
      }
    }
    const advice = adviseProvisionedConcurrency(statsOf(records), x86);
    expect(advice).toMatchObject({
      recommendedConcurrency: 4,
      level: 4,
      observedPeakConcurrency: 4,
      memorySizeMB: 1024,
    });
    expect(advice.coldStartShare).toBeCloseTo(33 / 120, 9);
    expect(advice.costPerHourUSD).toBeCloseTo(4 * 1 * 3600 * 0.0000041667, 9);
    expect(advice.reason).toContain('33 of 33 cold starts');
  });

  it('says why there is no advice: no timestamps, too few invocations, no cold starts', () => {
    expect(
      adviseProvisionedConcurrency(statsOf(repeat(60, () => ({ durationMs: 5, coldStart: 'on-demand' }))), x86).reason,
    ).toContain('event timestamps');
    expect(
      adviseProvisionedConcurrency(statsOf(repeat(10, (index) => ({ durationMs: 5, endMs: index * 100 }))), x86).reason,
    ).toContain('at least 50');
    expect(
      adviseProvisionedConcurrency(statsOf(repeat(60, (index) => ({ durationMs: 5, endMs: index * 100 }))), x86).reason,
    ).toContain('No user-facing cold starts');
  });
});
