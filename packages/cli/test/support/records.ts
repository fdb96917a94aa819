import type { InvocationRecord } from '../../src/core/join/invocation-record.js';

/** A complete InvocationRecord with every field missing or false, then `overrides`. */
export function makeRecord(overrides: Partial<InvocationRecord>): InvocationRecord {
  return {
    sequence: 0,
    requestId: 'r',
    requestIdKnown: true,
    functionName: 'orders',
    logGroup: undefined,
    logStream: undefined,
    version: undefined,
    startMs: undefined,
    endMs: undefined,
    hasReport: true,
    durationMs: undefined,
    billedDurationMs: undefined,
    memorySizeMb: undefined,
    maxMemoryUsedMb: undefined,
    initDurationMs: undefined,
    restoreDurationMs: undefined,
    billedRestoreDurationMs: undefined,
    status: undefined,
    errorType: undefined,
    outcome: 'success',
    timedOut: false,
    outOfMemory: false,
    crashed: false,
    failed: false,
    errorLogged: false,
    timeoutImminent: false,
    coldStart: undefined,
    initType: undefined,
    xrayTraceId: undefined,
    lines: [],
    linesDropped: 0,
    ...overrides,
  };
}
