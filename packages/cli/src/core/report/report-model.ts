import type { MemoryAdvice } from '../advice/memory-advice.js';
import type { ProvisionedConcurrencyAdvice } from '../advice/provisioned-concurrency-advice.js';
import type { TradeoffAdvice } from '../advice/tradeoff-advice.js';
import type { ColdStartKind, InvocationOutcome } from '../join/invocation-record.js';
import type { Architecture } from '../pricing/lambda-prices.js';
import type { FigureBasis } from '../stats/function-stats.js';

/**
 * The report, exactly as `lambdatop report --format json` prints it: a documented, stable contract
 * (packages/cli/README.md). Missing is `null`, never 0. Fields are only ever added, under a new `schemaVersion`
 * if their meaning changes.
 */
export const REPORT_SCHEMA_VERSION = 1;

export interface Distribution {
  readonly count: number;
  readonly min: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
  readonly mean: number;
  readonly basis: FigureBasis;
}

export interface MemoryUsed {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
  /** The largest Max Memory Used at the current memory size; null without a memory size. */
  readonly maxAtCurrentSize: number | null;
  /** `maxAtCurrentSize` ÷ the current memory size, 0–1; null without a memory size. */
  readonly utilisation: number | null;
  /** Invocations whose Max Memory Used reached the memory size. */
  readonly atLimit: number;
  readonly basis: FigureBasis;
}

export interface Cost {
  readonly perInvocationUSD: number;
  readonly per1kInvocationsUSD: number;
  readonly totalUSD: number;
  readonly pricedInvocations: number;
}

export interface ConfigReport {
  readonly memorySizeMB: number | null;
  readonly arch: Architecture;
  readonly invocations: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly outOfMemory: number;
  readonly coldStarts: number;
  readonly durationMs: Distribution | null;
  readonly billedDurationMs: Distribution | null;
  readonly maxMemoryUsedMB: { readonly max: number; readonly p99: number; readonly atLimit: number } | null;
  readonly cost: Cost | null;
}

export interface InvocationSummary {
  /** Null when the logs redacted it. */
  readonly requestId: string | null;
  readonly logStream: string | null;
  readonly xrayTraceId: string | null;
  readonly startTime: string | null;
  readonly endTime: string | null;
  readonly durationMs: number | null;
  readonly billedDurationMs: number | null;
  readonly memorySizeMB: number | null;
  readonly maxMemoryUsedMB: number | null;
  readonly initDurationMs: number | null;
  readonly coldStart: ColdStartKind | null;
  readonly outcome: InvocationOutcome;
  readonly errorType: string | null;
  readonly errorLogged: boolean;
  /** The invocation's first log lines, when the source kept them (the dashboard does; `report` does not). */
  readonly lines: readonly string[] | null;
}

export interface MemoryGrowthReport {
  readonly logStream: string;
  readonly warmInvocations: number;
  readonly firstMB: number;
  readonly lastMB: number;
  readonly growthMB: number;
  readonly mbPerInvocation: number;
  readonly correlation: number;
}

export interface ConcurrencyReport {
  readonly max: number;
  readonly maxAt: string;
  /** Average busy environments over the observed span. */
  readonly mean: number;
  readonly series: { readonly start: string; readonly bucketSeconds: number; readonly peaks: readonly number[] };
  readonly basis: FigureBasis;
}

export interface CustomMetricReport {
  readonly namespace: string;
  readonly name: string;
  readonly unit: string | null;
  readonly count: number;
  readonly sum: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
}

/** GetFunctionConfiguration's answer, when a source attached it (issue 5). */
export interface FunctionConfiguration {
  readonly memorySizeMB: number | null;
  readonly timeoutSeconds: number | null;
  readonly architecture: Architecture | null;
  readonly runtime: string | null;
  readonly logFormat: string | null;
  readonly systemLogLevel: string | null;
  readonly applicationLogLevel: string | null;
  readonly logGroup: string | null;
  readonly provisionedConcurrency: number | null;
}

/** CloudWatch metrics over the same window, when a source attached them: what never reaches the logs. */
export interface CloudWatchMetrics {
  readonly throttles: number | null;
  readonly concurrentExecutionsMax: number | null;
  readonly iteratorAgeMaxMs: number | null;
  readonly deadLetterErrors: number | null;
  readonly provisionedConcurrencySpilloverInvocations: number | null;
  readonly periodSeconds: number | null;
}

export interface FunctionAdvice {
  readonly memory: MemoryAdvice;
  readonly tradeoff: TradeoffAdvice | null;
  readonly provisionedConcurrency: ProvisionedConcurrencyAdvice;
}

export interface FunctionReport {
  readonly name: string;
  readonly basis: { readonly figures: FigureBasis; readonly source: string; readonly note: string | null };
  readonly arch: Architecture;
  /** `flag` (--arch), `configuration` (GetFunctionConfiguration) or `default` (x86_64: the logs do not say). */
  readonly archSource: 'flag' | 'configuration' | 'default';
  /** The memory size of the latest invocation. */
  readonly memorySizeMB: number | null;
  readonly firstInvocation: string | null;
  readonly lastInvocation: string | null;
  readonly invocations: number;
  readonly invocationsWithReport: number;
  /** A lower bound when `crashes` or `errorLogs` is null: only the failures REPORT lines carry were counted. */
  readonly errors: number;
  readonly timeouts: number;
  readonly outOfMemory: number;
  /* The `| null` counts below: null when the source did not count them (Logs Insights reads REPORTs only), never 0. */
  readonly crashes: number | null;
  readonly errorLogs: number | null;
  readonly timeoutImminent: number | null;
  readonly initFailures: number | null;
  readonly initTimeouts: number | null;
  readonly coldStarts: number;
  readonly coldStartShare: number | null;
  readonly provisionedInits: number | null;
  readonly proactiveInits: number | null;
  readonly snapStartRestores: number | null;
  readonly durationMs: Distribution | null;
  readonly billedDurationMs: Distribution | null;
  readonly initDurationMs: Distribution | null;
  readonly restoreDurationMs: Distribution | null;
  readonly maxMemoryUsedMB: MemoryUsed | null;
  readonly configs: readonly ConfigReport[];
  readonly cost: Cost | null;
  readonly environments: {
    readonly count: number;
    readonly invocationsPerEnvironment: { readonly mean: number; readonly p50: number; readonly max: number };
  } | null;
  readonly concurrency: ConcurrencyReport | null;
  readonly memoryGrowth: readonly MemoryGrowthReport[];
  readonly slowest: readonly InvocationSummary[];
  readonly failures: readonly InvocationSummary[];
  readonly failuresOmitted: number;
  readonly customMetrics: readonly CustomMetricReport[];
  readonly customMetricsOmitted: number;
  readonly configuration: FunctionConfiguration | null;
  readonly cloudWatchMetrics: CloudWatchMetrics | null;
  readonly advice: FunctionAdvice;
  readonly warnings: readonly string[];
}

export interface PricingReport {
  readonly source: string;
  readonly region: string;
  readonly note: string;
  readonly perGbSecondUSD: { readonly x86_64: number; readonly arm64: number };
  readonly perRequestUSD: number;
  readonly provisionedPerGbSecondUSD: { readonly x86_64: number; readonly arm64: number };
  readonly provisionedDurationPerGbSecondUSD: { readonly x86_64: number; readonly arm64: number };
  /** True when any price came from a flag. */
  readonly overridden: boolean;
}

export interface InputReport {
  readonly inputs: readonly string[];
  readonly events: number;
  readonly lines: number;
  readonly platformLines: number;
  readonly applicationLines: number;
  readonly duplicateEvents: number;
  readonly duplicateReports: number;
  readonly lateLines: number;
  readonly outsideWindowEvents: number;
}

export interface Report {
  readonly schemaVersion: typeof REPORT_SCHEMA_VERSION;
  readonly generatedBy: string;
  readonly source: string;
  readonly window: {
    readonly since: string | null;
    readonly until: string | null;
    readonly firstEvent: string | null;
    readonly lastEvent: string | null;
  };
  readonly pricing: PricingReport;
  readonly input: InputReport;
  readonly skippedLines: number;
  readonly skippedByReason: {
    readonly malformed: number;
    readonly unknown: number;
    readonly outsideInvocation: number;
  };
  readonly warnings: readonly string[];
  readonly functions: readonly FunctionReport[];
}
