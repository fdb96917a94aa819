import type { ColdStartKind, InvocationOutcome } from '../join/invocation-record.js';
import type { ConcurrencyStats } from './concurrency.js';
import type { MemoryGrowth } from './environment-growth.js';
import type { SampleSummary } from './percentiles.js';

/**
 * How a figure was obtained: `exact` from every log line, `estimated` from a server-side aggregation or a sketch
 * (Logs Insights), `sampled` from a subset of the events (Live Tail above 500 events/s).
 */
export type FigureBasis = 'exact' | 'estimated' | 'sampled';

export interface StatsBasis {
  readonly figures: FigureBasis;
  /** Where the figures came from: `logs` (files, pipes, FilterLogEvents), `insights`, `live-tail`. */
  readonly source: string;
  readonly note?: string | undefined;
}

/** The figures of one memory size of one function. */
export interface ConfigStats {
  /** Undefined for reports without a memory size (Lambda Managed Instances). */
  readonly memorySizeMb: number | undefined;
  readonly invocations: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly outOfMemory: number;
  readonly coldStarts: number;
  /** Invocations whose Max Memory Used reached the memory size. */
  readonly atMemoryLimit: number;
  readonly duration: SampleSummary | undefined;
  readonly billedDuration: SampleSummary | undefined;
  /** Mean billed duration without the 20 % shortest and 20 % longest (Lambda Power Tuning's average). */
  readonly billedDurationTrimmedMeanMs: number | undefined;
  readonly maxMemoryUsed: SampleSummary | undefined;
  /** Σ billed seconds (duration plus SnapStart restore) × memory GB over `pricedInvocations`. */
  readonly billedGbSeconds: number;
  /** Invocations with both a billed duration and a memory size: the ones a price applies to. */
  readonly pricedInvocations: number;
}

/** One invocation, compactly, for the slowest and failed lists. */
export interface InvocationDigest {
  readonly requestId: string;
  readonly requestIdKnown: boolean;
  readonly logStream: string | undefined;
  readonly xrayTraceId: string | undefined;
  readonly startMs: number | undefined;
  readonly endMs: number | undefined;
  readonly durationMs: number | undefined;
  readonly billedDurationMs: number | undefined;
  readonly memorySizeMb: number | undefined;
  readonly maxMemoryUsedMb: number | undefined;
  readonly initDurationMs: number | undefined;
  readonly coldStart: ColdStartKind | undefined;
  readonly outcome: InvocationOutcome;
  readonly errorType: string | undefined;
  readonly errorLogged: boolean;
  readonly lines: readonly string[];
  readonly linesDropped: number;
}

export interface EmfMetricSummary {
  readonly namespace: string;
  readonly name: string;
  readonly unit: string | undefined;
  readonly count: number;
  readonly sum: number;
  readonly min: number;
  readonly max: number;
}

export interface EnvironmentStats {
  readonly count: number;
  readonly invocationsPerEnvironment: SampleSummary | undefined;
}

/** Everything the logs say about one function. The report model is built from this. */
export interface FunctionStats {
  readonly name: string;
  readonly basis: StatsBasis;
  readonly invocations: number;
  readonly invocationsWithReport: number;
  /** Failed invocations, each once; only a lower bound when `crashes` or `errorLogs` is undefined (see below). */
  readonly errors: number;
  readonly timeouts: number;
  readonly outOfMemory: number;
  /*
   * The `number | undefined` counts below need lines other than REPORT (crash lines, application lines, INIT_START,
   * INIT_REPORT, our SDK's warnings): undefined when the source never read them (Logs Insights reads REPORTs only).
   */
  readonly crashes: number | undefined;
  /** Invocations that logged at ERROR or FATAL. */
  readonly errorLogs: number | undefined;
  readonly timeoutImminent: number | undefined;
  readonly coldStarts: number;
  readonly provisionedInits: number | undefined;
  readonly proactiveInits: number | undefined;
  readonly snapStartRestores: number | undefined;
  readonly initFailures: number | undefined;
  readonly initTimeouts: number | undefined;
  readonly suppressedInits: number | undefined;
  readonly duration: SampleSummary | undefined;
  readonly billedDuration: SampleSummary | undefined;
  readonly initDuration: SampleSummary | undefined;
  readonly restoreDuration: SampleSummary | undefined;
  readonly maxMemoryUsed: SampleSummary | undefined;
  readonly atMemoryLimit: number;
  /** The memory size of the latest invocation (by end time, else input order). */
  readonly currentMemorySizeMb: number | undefined;
  readonly configs: readonly ConfigStats[];
  readonly environments: EnvironmentStats | undefined;
  /** Environments whose memory kept growing across warm invocations, largest growth first. */
  readonly memoryGrowth: readonly MemoryGrowth[];
  readonly concurrency: ConcurrencyStats | undefined;
  readonly firstMs: number | undefined;
  readonly lastMs: number | undefined;
  readonly slowest: readonly InvocationDigest[];
  readonly failures: readonly InvocationDigest[];
  readonly failuresOmitted: number;
  readonly metrics: readonly EmfMetricSummary[];
  readonly metricsOmitted: number;
}
