import type { InvocationRecord } from '../join/invocation-record.js';
import { toOwnedString } from '../text/owned-string.js';
import type { InvocationDigest } from './function-stats.js';

/** One invocation, compactly, for the slowest and failed lists of the report and the dashboard alike. */
export function toInvocationDigest(record: InvocationRecord): InvocationDigest {
  return {
    requestId: record.requestId,
    requestIdKnown: record.requestIdKnown,
    logStream: record.logStream,
    xrayTraceId: record.xrayTraceId,
    startMs: record.startMs,
    endMs: record.endMs,
    durationMs: record.durationMs,
    billedDurationMs: record.billedDurationMs,
    memorySizeMb: record.memorySizeMb,
    maxMemoryUsedMb: record.maxMemoryUsedMb,
    initDurationMs: record.initDurationMs,
    coldStart: record.coldStart,
    outcome: record.outcome,
    // The error type is a slice of the input chunk: a kept digest must not keep the chunk alive.
    errorType: record.errorType === undefined ? undefined : toOwnedString(record.errorType),
    errorLogged: record.errorLogged,
    lines: record.lines,
    linesDropped: record.linesDropped,
  };
}
