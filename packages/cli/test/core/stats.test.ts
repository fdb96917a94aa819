import { describe, expect, it } from 'vitest';
import { computeConcurrency } from '../../src/core/stats/concurrency.js';
import { EnvironmentTracker, LEAK_RULE } from '../../src/core/stats/environment-growth.js';
import { mergeSorted, summariseValues, trimmedMeanOfSorted } from '../../src/core/stats/percentiles.js';
import { createReportAggregator } from '../../src/core/stats/report-aggregator.js';
import { TopN } from '../../src/core/stats/top-n.js';
import { createWindowedAggregator } from '../../src/core/stats/windowed-aggregator.js';
import { makeRecord } from '../support/records.js';

const record = makeRecord;

describe('exact summaries', () => {
  it('uses nearest rank: p50 of 1..4 is 2, p99.9 of 100 values is the maximum', () => {
    expect(summariseValues([4, 1, 3, 2])).toMatchObject({ p50: 2, p90: 4, min: 1, max: 4, mean: 2.5 });
    const hundred = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(summariseValues(hundred)).toMatchObject({ p50: 50, p90: 90, p99: 99, p999: 100 });
    expect(summariseValues([])).toBeUndefined();
  });

  it('merges sorted arrays and trims means like Lambda Power Tuning (20 % each end)', () => {
    const merged = mergeSorted(
      [Float64Array.of(1, 4, 9), Float64Array.of(2, 3), Float64Array.of()],
      (length) => new Float64Array(length),
    );
    expect([...merged]).toEqual([1, 2, 3, 4, 9]);
    expect([...mergeSorted([Float32Array.of(2, 5)], (length) => new Float32Array(length))]).toEqual([2, 5]);
    expect(trimmedMeanOfSorted([1, 2, 3, 4, 100], 0.2)).toBe(3);
  });

  it('keeps the largest N in a bounded heap', () => {
    const top = new TopN<string>(3);
    for (const [key, item] of [
      [5, 'e'],
      [1, 'a'],
      [9, 'i'],
      [7, 'g'],
      [3, 'c'],
    ] as const)
      top.offer(key, item);
    expect(top.toSortedArray()).toEqual(['i', 'g', 'e']);
    expect(top.accepts(4)).toBe(false);
  });
});

describe('concurrency from invocation spans', () => {
  it('sweeps starts and ends: touching spans do not overlap; cold starts get the level they made', () => {
    // [0,10] [5,15] [10,20] [12,13]: peak 3 at 12 (5–15, 10–20, 12–13).
    const stats = computeConcurrency(
      Float64Array.of(0, 5, 10, 12),
      Float64Array.of(10, 15, 20, 13),
      Float64Array.of(0, 12),
      10,
    );
    expect(stats).toMatchObject({ spans: 4, max: 3, maxAtMs: 12, firstStartMs: 0, lastEndMs: 20 });
    expect(stats?.coldStartLevels).toEqual([1, 3]);
    expect(stats?.startsAtLevel).toEqual([0, 1, 2, 1]);
    expect(stats?.mean).toBeCloseTo((10 + 10 + 10 + 1) / 20, 10);
    expect(stats?.series.peaks.reduce((max, value) => Math.max(max, value), 0)).toBe(3);
  });

  it('carries the running level into buckets with no event', () => {
    const stats = computeConcurrency(Float64Array.of(0), Float64Array.of(10_000), Float64Array.of(), 100);
    expect(stats?.series.bucketMs).toBe(1_000);
    expect(stats?.series.peaks.slice(0, 10)).toEqual(Array.from({ length: 10 }, () => 1));
  });

  it('has no answer without spans', () => {
    expect(computeConcurrency(new Float64Array(0), new Float64Array(0), new Float64Array(0))).toBeUndefined();
  });
});

describe('memory growth per environment', () => {
  it('flags steady growth that continues into the second half', () => {
    const leaking = new EnvironmentTracker('leaky');
    leaking.add(undefined, 512, 0);
    for (let index = 0; index < 100; index += 1) leaking.add(100 + index * 2, 512, index);
    const growth = leaking.growth();
    expect(growth).toMatchObject({ suspectedLeak: true, firstMb: 100, lastMb: 298, warmInvocations: 100 });
    expect(growth?.mbPerInvocation).toBeCloseTo(2, 1);
  });

  it('does not flag a warm-up plateau, noise, or too few invocations', () => {
    const plateau = new EnvironmentTracker('plateau');
    for (let index = 0; index < 200; index += 1) plateau.add(index < 10 ? 80 + index * 5 : 130, 512, index);
    expect(plateau.growth()?.suspectedLeak).toBe(false);
    const noisy = new EnvironmentTracker('noisy');
    for (let index = 0; index < 200; index += 1) noisy.add(100 + ((index * 37) % 23), 512, index);
    expect(noisy.growth()?.suspectedLeak).toBe(false);
    const short = new EnvironmentTracker('short');
    for (let index = 0; index < LEAK_RULE.minWarmInvocations - 1; index += 1) short.add(100 + index * 20, 512, index);
    expect(short.growth()?.suspectedLeak).toBe(false);
  });

  it('keeps the trend in bounded memory over many invocations', () => {
    const long = new EnvironmentTracker('long');
    for (let index = 0; index < 100_000; index += 1) long.add(100 + index / 1000, 1024, index);
    const growth = long.growth();
    expect(growth?.mbPerInvocation).toBeCloseTo(0.001, 4);
    expect(growth?.warmInvocations).toBe(100_000);
  });
});

describe('the report aggregator', () => {
  it('counts per function and per memory size, prices billed GB-seconds, keeps missing missing', () => {
    const aggregator = createReportAggregator();
    aggregator.invocation(
      record({
        requestId: 'a',
        durationMs: 100,
        billedDurationMs: 100,
        memorySizeMb: 1024,
        maxMemoryUsedMb: 200,
        endMs: 1000,
      }),
    );
    aggregator.invocation(
      record({
        requestId: 'b',
        durationMs: 300,
        billedDurationMs: 300,
        memorySizeMb: 1024,
        maxMemoryUsedMb: 1024,
        endMs: 2000,
        outcome: 'out-of-memory',
        outOfMemory: true,
      }),
    );
    aggregator.invocation(
      record({
        requestId: 'c',
        durationMs: 50,
        billedDurationMs: 60,
        memorySizeMb: 512,
        maxMemoryUsedMb: 100,
        coldStart: 'on-demand',
        initDurationMs: 250,
        endMs: 500,
      }),
    );
    aggregator.invocation(record({ requestId: 'd', functionName: 'managed', durationMs: 7 }));
    const [managed, orders] = aggregator.finish();
    expect(orders).toMatchObject({
      name: 'orders',
      invocations: 3,
      errors: 1,
      outOfMemory: 1,
      coldStarts: 1,
      atMemoryLimit: 1,
      currentMemorySizeMb: 1024,
    });
    expect(orders?.configs.map((config) => [config.memorySizeMb, config.invocations, config.billedGbSeconds])).toEqual([
      [512, 1, 0.06 * 0.5],
      [1024, 2, 0.4],
    ]);
    expect(orders?.duration).toMatchObject({ count: 3, p50: 100, max: 300 });
    expect(orders?.initDuration).toMatchObject({ count: 1, max: 250 });
    expect(orders?.failures.map((failure) => failure.requestId)).toEqual(['b']);
    expect(orders?.slowest.map((slow) => slow.requestId)).toEqual(['b', 'a', 'c']);
    expect(managed).toMatchObject({
      name: 'managed',
      invocations: 1,
      maxMemoryUsed: undefined,
      billedDuration: undefined,
    });
    expect(managed?.configs[0]).toMatchObject({ memorySizeMb: undefined, pricedInvocations: 0 });
  });
});

describe('the windowed aggregator', () => {
  it('keeps the last window of buckets per function and merges them for a summary', () => {
    const window = createWindowedAggregator({ bucketMs: 1000, windowMs: 5000 });
    for (let second = 0; second < 10; second += 1) {
      for (let index = 0; index < 10; index += 1) {
        window.add(
          record({
            endMs: second * 1000 + index,
            durationMs: second * 10 + index + 1,
            memorySizeMb: 256,
            maxMemoryUsedMb: 50 + second,
          }),
        );
      }
    }
    const summary = window.summary('orders');
    expect(summary).toMatchObject({
      invocations: 50,
      startMs: 5000,
      endMs: 10_000,
      maxMemoryUsedMb: 59,
      memorySizeMb: 256,
    });
    // Durations 51..100 in the window: the sketch's p50 is within 1 % of 75.
    expect(Math.abs((summary?.duration.quantile(0.5) ?? 0) - 75)).toBeLessThanOrEqual(0.75);
    expect(summary?.duration.max).toBe(100);
    expect(window.series('orders').map((bucket) => bucket.invocations)).toEqual([10, 10, 10, 10, 10]);
    expect(window.summary('orders', 2000)?.invocations).toBe(20);
    window.add(record({ endMs: 1000, durationMs: 1 }));
    expect(window.dropped).toBe(1);
    expect(window.functionNames()).toEqual(['orders']);
  });

  it('counts invocations without an end time at the fallback time (a replay clock)', () => {
    const window = createWindowedAggregator({ bucketMs: 1000, windowMs: 3000 });
    window.add(record({ durationMs: 5, timedOut: true, outcome: 'timeout' }), 42_000);
    expect(window.summary('orders')).toMatchObject({ invocations: 1, timeouts: 1, errors: 1, startMs: 40_000 });
    expect(window.latestMs()).toBe(42_000);
  });
});
