import type { FunctionStats, StatsBasis } from '../core/stats/function-stats.js';

/**
 * A function with no invocation in the window's logs. The zero is a count (nothing logged), shown so that what the
 * logs cannot hold (throttles, from CloudWatch metrics) and the configuration still reach the report.
 */
export function toEmptyFunctionStats(name: string, basis: StatsBasis): FunctionStats {
  return {
    name,
    basis,
    invocations: 0,
    invocationsWithReport: 0,
    errors: 0,
    timeouts: 0,
    outOfMemory: 0,
    crashes: 0,
    errorLogs: 0,
    timeoutImminent: 0,
    coldStarts: 0,
    provisionedInits: 0,
    proactiveInits: 0,
    snapStartRestores: 0,
    initFailures: 0,
    initTimeouts: 0,
    suppressedInits: 0,
    duration: undefined,
    billedDuration: undefined,
    initDuration: undefined,
    restoreDuration: undefined,
    maxMemoryUsed: undefined,
    atMemoryLimit: 0,
    currentMemorySizeMb: undefined,
    configs: [],
    environments: undefined,
    memoryGrowth: [],
    concurrency: undefined,
    firstMs: undefined,
    lastMs: undefined,
    slowest: [],
    failures: [],
    failuresOmitted: 0,
    metrics: [],
    metricsOmitted: 0,
  };
}
