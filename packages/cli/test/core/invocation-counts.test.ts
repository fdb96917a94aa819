import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ColdStartKind, InvocationOutcome, InvocationRecord } from '../../src/core/join/invocation-record.js';
import { InitCounts } from '../../src/core/stats/init-counts.js';
import { InvocationCounts } from '../../src/core/stats/invocation-counts.js';
import { createReportAggregator } from '../../src/core/stats/report-aggregator.js';
import { createWindowedAggregator } from '../../src/core/stats/windowed-aggregator.js';
import { createDashboardWindow } from '../../src/dashboard/dashboard-window.js';
import { toWindowFunction } from '../../src/dashboard/window-snapshot.js';
import { makeRecord } from '../support/records.js';

const T0 = Date.UTC(2026, 6, 22, 3, 0, 0);

describe('InvocationCounts: the one set of counting rules', () => {
  it.each<[string, Partial<InvocationRecord>, Partial<InvocationCounts>]>([
    ['a warm success', {}, { invocations: 1, withReport: 1, errors: 0 }],
    ['an error logged by a successful invocation', { errorLogged: true }, { errors: 1, errorLogs: 1 }],
    ['a timeout', { outcome: 'timeout', timedOut: true }, { errors: 1, timeouts: 1 }],
    ['out of memory', { outcome: 'out-of-memory', outOfMemory: true }, { errors: 1, outOfMemory: 1 }],
    ['a crash', { outcome: 'crash', crashed: true }, { errors: 1, crashes: 1 }],
    ['the SDK warned of the timeout', { timeoutImminent: true }, { errors: 0, timeoutImminent: 1 }],
    ['no REPORT line', { hasReport: false }, { invocations: 1, withReport: 0 }],
    ['an on-demand cold start', { coldStart: 'on-demand' }, { coldStarts: 1, provisionedInits: 0 }],
    ['a provisioned init', { coldStart: 'provisioned-concurrency' }, { coldStarts: 0, provisionedInits: 1 }],
    ['a proactive init', { coldStart: 'proactive' }, { coldStarts: 0, proactiveInits: 1 }],
    ['a SnapStart restore', { coldStart: 'snap-start' }, { coldStarts: 0, snapStartRestores: 1 }],
    [
      'a priced invocation at its memory limit',
      { billedDurationMs: 2000, memorySizeMb: 512, maxMemoryUsedMb: 512 },
      { billedGbSeconds: 1, pricedInvocations: 1, atMemoryLimit: 1 },
    ],
    [
      'a SnapStart restore billed with the invocation',
      { billedDurationMs: 1500, billedRestoreDurationMs: 500, memorySizeMb: 1024 },
      { billedGbSeconds: 2, pricedInvocations: 1 },
    ],
    [
      'no memory size (Managed Instances): no price, no limit',
      { billedDurationMs: 2000, maxMemoryUsedMb: 512 },
      { billedGbSeconds: 0, pricedInvocations: 0, atMemoryLimit: 0 },
    ],
  ])('%s', (_, record, expected) => {
    const counts = new InvocationCounts();
    counts.add(makeRecord(record));
    expect(counts).toMatchObject(expected);
  });

  it.each([
    [
      { phase: 'init', status: 'error' },
      { initFailures: 1, initTimeouts: 0, suppressedInits: 0 },
    ],
    [
      { phase: 'init', status: 'timeout' },
      { initFailures: 1, initTimeouts: 1, suppressedInits: 0 },
    ],
    [
      { phase: 'invoke', status: 'failure' },
      { initFailures: 1, initTimeouts: 0, suppressedInits: 1 },
    ],
    [
      { phase: 'init', status: 'success' },
      { initFailures: 0, initTimeouts: 0, suppressedInits: 0 },
    ],
  ])('INIT_REPORT %j counts %j', (fact, expected) => {
    const counts = new InitCounts();
    counts.add({
      functionName: 'orders',
      logStream: undefined,
      timeMs: T0,
      durationMs: 10,
      errorType: undefined,
      ...fact,
    });
    expect({ ...counts }).toEqual(expected);
  });
});

const OUTCOMES: readonly InvocationOutcome[] = ['success', 'error', 'timeout', 'out-of-memory', 'crash'];
const COLD_STARTS: readonly (ColdStartKind | undefined)[] = [
  undefined,
  'on-demand',
  'provisioned-concurrency',
  'proactive',
  'snap-start',
];

const recordArbitrary = fc
  .record({
    functionName: fc.constantFrom('orders', 'payments'),
    offsetMs: fc.integer({ min: 0, max: 50_000 }),
    durationMs: fc.option(fc.integer({ min: 1, max: 3_000 }), { nil: undefined }),
    billedDurationMs: fc.option(fc.integer({ min: 1, max: 3_000 }), { nil: undefined }),
    billedRestoreDurationMs: fc.option(fc.integer({ min: 1, max: 500 }), { nil: undefined }),
    memorySizeMb: fc.option(fc.constantFrom(128, 512, 1024), { nil: undefined }),
    maxMemoryUsedMb: fc.option(fc.integer({ min: 40, max: 1024 }), { nil: undefined }),
    outcome: fc.constantFrom(...OUTCOMES),
    errorLogged: fc.boolean(),
    timeoutImminent: fc.boolean(),
    hasReport: fc.boolean(),
    coldStart: fc.constantFrom(...COLD_STARTS),
  })
  .map(({ offsetMs, outcome, ...fields }) =>
    makeRecord({
      ...fields,
      endMs: T0 + offsetMs,
      outcome,
      timedOut: outcome === 'timeout',
      outOfMemory: outcome === 'out-of-memory',
      crashed: outcome === 'crash',
      failed: outcome !== 'success',
    }),
  );

/** The fields every view shares, function-wide and per memory size. */
function countsOf(stats: ReturnType<ReturnType<typeof createReportAggregator>['finish']>[number]) {
  return {
    invocations: stats.invocations,
    invocationsWithReport: stats.invocationsWithReport,
    errors: stats.errors,
    timeouts: stats.timeouts,
    outOfMemory: stats.outOfMemory,
    crashes: stats.crashes,
    errorLogs: stats.errorLogs,
    timeoutImminent: stats.timeoutImminent,
    coldStarts: stats.coldStarts,
    provisionedInits: stats.provisionedInits,
    proactiveInits: stats.proactiveInits,
    snapStartRestores: stats.snapStartRestores,
    atMemoryLimit: stats.atMemoryLimit,
    configs: stats.configs.map((config) => ({
      memorySizeMb: config.memorySizeMb,
      invocations: config.invocations,
      errors: config.errors,
      timeouts: config.timeouts,
      outOfMemory: config.outOfMemory,
      coldStarts: config.coldStarts,
      atMemoryLimit: config.atMemoryLimit,
      pricedInvocations: config.pricedInvocations,
      billedGbSeconds: Math.round(config.billedGbSeconds * 1e9),
    })),
  };
}

describe('the report, the dashboard and the windowed aggregator count alike', () => {
  it('any records: the same counts function-wide and per memory size', () => {
    fc.assert(
      fc.property(fc.array(recordArbitrary, { maxLength: 60 }), (records) => {
        const report = createReportAggregator();
        const window = createDashboardWindow({ bucketMs: 5_000, windowMs: 60_000 });
        const windowed = createWindowedAggregator({ bucketMs: 5_000, windowMs: 60_000 });
        for (const record of records) {
          report.invocation(record);
          window.add(record);
          windowed.add(record);
        }
        for (const stats of report.finish()) {
          const dashboard = toWindowFunction(window, stats.name, 0.01, {
            basis: stats.basis,
            throttlesKnown: false,
            detail: false,
            histogramBins: 10,
          });
          expect(countsOf(dashboard.stats)).toEqual(countsOf(stats));
          const summary = windowed.summary(stats.name);
          expect(summary).toMatchObject({
            invocations: stats.invocations,
            errors: stats.errors,
            timeouts: stats.timeouts,
            outOfMemory: stats.outOfMemory,
            coldStarts: stats.coldStarts,
            pricedInvocations: stats.configs.reduce((total, config) => total + config.pricedInvocations, 0),
          });
        }
      }),
    );
  });
});
