import { type InvocationRecord, isErrorRecord } from '../join/invocation-record.js';
import type { ConfigStats, FunctionStats } from './function-stats.js';
import type { InitCounts } from './init-counts.js';

const MB_PER_GB = 1024;

/**
 * What invocation records count toward: outcome (errors, timeouts, out of memory, crashes, error logs, the SDK's
 * timeout warning), init kind (on-demand cold start, provisioned, proactive, SnapStart restore), the memory limit and
 * the GB-seconds Lambda bills. The one copy of these rules: the report's accumulator, the dashboard's buckets and the
 * windowed aggregator all count through it, so the report and the dashboard cannot disagree.
 */
export class InvocationCounts {
  invocations = 0;
  withReport = 0;
  errors = 0;
  timeouts = 0;
  outOfMemory = 0;
  crashes = 0;
  errorLogs = 0;
  timeoutImminent = 0;
  coldStarts = 0;
  provisionedInits = 0;
  proactiveInits = 0;
  snapStartRestores = 0;
  atMemoryLimit = 0;
  billedGbSeconds = 0;
  /** Invocations with both a billed duration and a memory size: the ones a price applies to. */
  pricedInvocations = 0;

  add(record: InvocationRecord): void {
    this.invocations += 1;
    if (record.hasReport) this.withReport += 1;
    if (isErrorRecord(record)) this.errors += 1;
    if (record.timedOut) this.timeouts += 1;
    if (record.outOfMemory) this.outOfMemory += 1;
    if (record.crashed) this.crashes += 1;
    if (record.errorLogged) this.errorLogs += 1;
    if (record.timeoutImminent) this.timeoutImminent += 1;
    switch (record.coldStart) {
      case 'on-demand':
        this.coldStarts += 1;
        break;
      case 'provisioned-concurrency':
        this.provisionedInits += 1;
        break;
      case 'proactive':
        this.proactiveInits += 1;
        break;
      case 'snap-start':
        this.snapStartRestores += 1;
        break;
      default:
        break;
    }
    const memorySizeMb = record.memorySizeMb;
    if (memorySizeMb === undefined) return;
    const billedMs = record.billedDurationMs;
    if (billedMs !== undefined) {
      // As Lambda bills: billed duration (plus a SnapStart restore) × memory in GB.
      this.billedGbSeconds += ((billedMs + (record.billedRestoreDurationMs ?? 0)) / 1000) * (memorySizeMb / MB_PER_GB);
      this.pricedInvocations += 1;
    }
    const usedMb = record.maxMemoryUsedMb;
    if (usedMb !== undefined && usedMb >= memorySizeMb) this.atMemoryLimit += 1;
  }

  /** Adds every count of `other`; `other` is unchanged. */
  merge(other: InvocationCounts): void {
    this.invocations += other.invocations;
    this.withReport += other.withReport;
    this.errors += other.errors;
    this.timeouts += other.timeouts;
    this.outOfMemory += other.outOfMemory;
    this.crashes += other.crashes;
    this.errorLogs += other.errorLogs;
    this.timeoutImminent += other.timeoutImminent;
    this.coldStarts += other.coldStarts;
    this.provisionedInits += other.provisionedInits;
    this.proactiveInits += other.proactiveInits;
    this.snapStartRestores += other.snapStartRestores;
    this.atMemoryLimit += other.atMemoryLimit;
    this.billedGbSeconds += other.billedGbSeconds;
    this.pricedInvocations += other.pricedInvocations;
  }
}

/** The Init Duration a user waited for (an on-demand cold start's); undefined for any other init or a warm start. */
export function toColdStartInitMs(record: InvocationRecord): number | undefined {
  return record.coldStart === 'on-demand' ? record.initDurationMs : undefined;
}

/** A SnapStart restore's duration; undefined for any other start. */
export function toRestoreMs(record: InvocationRecord): number | undefined {
  return record.coldStart === 'snap-start' ? record.restoreDurationMs : undefined;
}

export type ConfigCountFields = Pick<
  ConfigStats,
  | 'invocations'
  | 'errors'
  | 'timeouts'
  | 'outOfMemory'
  | 'coldStarts'
  | 'atMemoryLimit'
  | 'billedGbSeconds'
  | 'pricedInvocations'
>;

/** A memory size's counts as `ConfigStats` holds them. */
export function toConfigCountFields(counts: InvocationCounts): ConfigCountFields {
  return {
    invocations: counts.invocations,
    errors: counts.errors,
    timeouts: counts.timeouts,
    outOfMemory: counts.outOfMemory,
    coldStarts: counts.coldStarts,
    atMemoryLimit: counts.atMemoryLimit,
    billedGbSeconds: counts.billedGbSeconds,
    pricedInvocations: counts.pricedInvocations,
  };
}

export type FunctionCountFields = Pick<
  FunctionStats,
  | 'invocations'
  | 'invocationsWithReport'
  | 'errors'
  | 'timeouts'
  | 'outOfMemory'
  | 'crashes'
  | 'errorLogs'
  | 'timeoutImminent'
  | 'coldStarts'
  | 'provisionedInits'
  | 'proactiveInits'
  | 'snapStartRestores'
  | 'initFailures'
  | 'initTimeouts'
  | 'suppressedInits'
  | 'atMemoryLimit'
>;

/** A function's counts, from its invocations and its INIT_REPORTs, as `FunctionStats` holds them. */
export function toFunctionCountFields(counts: InvocationCounts, inits: InitCounts): FunctionCountFields {
  return {
    invocations: counts.invocations,
    invocationsWithReport: counts.withReport,
    errors: counts.errors,
    timeouts: counts.timeouts,
    outOfMemory: counts.outOfMemory,
    crashes: counts.crashes,
    errorLogs: counts.errorLogs,
    timeoutImminent: counts.timeoutImminent,
    coldStarts: counts.coldStarts,
    provisionedInits: counts.provisionedInits,
    proactiveInits: counts.proactiveInits,
    snapStartRestores: counts.snapStartRestores,
    initFailures: inits.initFailures,
    initTimeouts: inits.initTimeouts,
    suppressedInits: inits.suppressedInits,
    atMemoryLimit: counts.atMemoryLimit,
  };
}
