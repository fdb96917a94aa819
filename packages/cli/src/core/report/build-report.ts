import { adviseMemory } from '../advice/memory-advice.js';
import { adviseProvisionedConcurrency } from '../advice/provisioned-concurrency-advice.js';
import { adviseTradeoff } from '../advice/tradeoff-advice.js';
import type { JoinCounts } from '../join/invocation-joiner.js';
import { toCost } from '../pricing/invocation-cost.js';
import {
  type Architecture,
  DEFAULT_PRICE_PER_GB_SECOND_USD,
  DEFAULT_PRICE_PER_REQUEST_USD,
  DEFAULT_PROVISIONED_DURATION_PRICE_PER_GB_SECOND_USD,
  DEFAULT_PROVISIONED_PRICE_PER_GB_SECOND_USD,
  LAMBDA_PRICE_REGION,
  LAMBDA_PRICE_SOURCE,
  type LambdaPrices,
  type PriceOverrides,
  resolvePrices,
} from '../pricing/lambda-prices.js';
import type { FigureBasis, FunctionStats, InvocationDigest } from '../stats/function-stats.js';
import type { SampleSummary } from '../stats/percentiles.js';
import {
  type CloudWatchMetrics,
  type ConfigReport,
  type Cost,
  type Distribution,
  type FunctionConfiguration,
  type FunctionReport,
  type InvocationSummary,
  REPORT_SCHEMA_VERSION,
  type Report,
} from './report-model.js';

export interface BuildReportOptions {
  /** `--arch`: the logs do not say which architecture ran. */
  readonly arch?: Architecture | undefined;
  readonly priceOverrides?: PriceOverrides | undefined;
  /** The joiner's counts: skipped lines, duplicates, the observed window. */
  readonly counts?: Readonly<JoinCounts> | undefined;
  readonly inputs?: readonly string[] | undefined;
  readonly sinceMs?: number | undefined;
  readonly untilMs?: number | undefined;
  /** `logs`, `insights`, `live-tail`. */
  readonly source?: string | undefined;
  readonly configurations?: ReadonlyMap<string, FunctionConfiguration> | undefined;
  readonly cloudWatchMetrics?: ReadonlyMap<string, CloudWatchMetrics> | undefined;
  readonly generatedBy?: string | undefined;
  /** Warnings from the sources (a truncated document, a function asked for but absent). */
  readonly warnings?: readonly string[] | undefined;
}

const LIST_PRICE_NOTE =
  'List prices (us-east-1 unless overridden), before the free tier (1 M requests and 400,000 GB-seconds a month per account) and volume tiers.';

const SUPPRESSING_LEVELS: ReadonlySet<string> = new Set(['WARN', 'ERROR', 'FATAL']);

function minOf(values: readonly (number | undefined)[]): number | undefined {
  const known = values.filter((value): value is number => value !== undefined);
  return known.length === 0 ? undefined : Math.min(...known);
}

function maxOf(values: readonly (number | undefined)[]): number | undefined {
  const known = values.filter((value): value is number => value !== undefined);
  return known.length === 0 ? undefined : Math.max(...known);
}

function toIso(ms: number | undefined): string | null {
  return ms === undefined || !Number.isFinite(ms) ? null : new Date(ms).toISOString();
}

function toDistribution(summary: SampleSummary | undefined, basis: FigureBasis): Distribution | null {
  if (summary === undefined) return null;
  const { count, min, p50, p90, p99, p999, max, mean } = summary;
  return { count, min, p50, p90, p99, p999, max, mean, basis };
}

function toCostReport(billedGbSeconds: number, pricedInvocations: number, prices: LambdaPrices): Cost | null {
  return toCost(billedGbSeconds, pricedInvocations, prices) ?? null;
}

function toInvocationSummary(digest: InvocationDigest): InvocationSummary {
  return {
    requestId: digest.requestIdKnown ? digest.requestId : null,
    logStream: digest.logStream ?? null,
    xrayTraceId: digest.xrayTraceId ?? null,
    startTime: toIso(digest.startMs),
    endTime: toIso(digest.endMs),
    durationMs: digest.durationMs ?? null,
    billedDurationMs: digest.billedDurationMs ?? null,
    memorySizeMB: digest.memorySizeMb ?? null,
    maxMemoryUsedMB: digest.maxMemoryUsedMb ?? null,
    initDurationMs: digest.initDurationMs ?? null,
    coldStart: digest.coldStart ?? null,
    outcome: digest.outcome,
    errorType: digest.errorType ?? null,
    errorLogged: digest.errorLogged,
    lines: digest.lines.length === 0 && digest.linesDropped === 0 ? null : digest.lines,
  };
}

function count(value: number, noun: string): string {
  return `${value.toLocaleString('en-US')} ${noun}${value === 1 ? '' : 's'}`;
}

function functionWarnings(stats: FunctionStats, configuration: FunctionConfiguration | null): string[] {
  const warnings: string[] = [];
  const level = configuration?.systemLogLevel?.toUpperCase();
  if (level !== undefined && SUPPRESSING_LEVELS.has(level)) {
    warnings.push(
      `SystemLogLevel is ${level}: Lambda writes no START or REPORT lines, so durations, memory and cost are missing.`,
    );
  } else if (stats.invocations > 0 && stats.invocationsWithReport === 0) {
    warnings.push(
      'No REPORT lines: durations, memory and cost are unknown (Lambda suppresses them when SystemLogLevel is WARN or higher).',
    );
  } else if (stats.invocationsWithReport < stats.invocations) {
    warnings.push(
      `${count(stats.invocations - stats.invocationsWithReport, 'invocation')} without a REPORT line (cut off at the edge of the input or window).`,
    );
  }
  const pricedInvocations = stats.configs.reduce((total, config) => total + config.pricedInvocations, 0);
  if (stats.invocationsWithReport > pricedInvocations) {
    warnings.push(
      `${count(stats.invocationsWithReport - pricedInvocations, 'REPORT')} without Billed Duration or Memory Size (Lambda Managed Instances report durations only): their cost is unknown, not zero.`,
    );
  }
  for (const growth of stats.memoryGrowth) {
    warnings.push(
      `Possible memory leak in environment ${growth.logStream}: Max Memory Used rose from ${growth.firstMb} MB to ${growth.lastMb} MB over ${count(growth.warmInvocations, 'warm invocation')} (+${(growth.mbPerInvocation * 100).toFixed(1)} MB per 100).`,
    );
  }
  // Uncounted init failures (Logs Insights) warn of nothing: the basis note says they were not read.
  const initFailures = stats.initFailures;
  if (initFailures !== undefined && initFailures > 0) {
    const timedOut = stats.initTimeouts;
    warnings.push(
      `${count(initFailures, 'init failure')}${timedOut !== undefined && timedOut > 0 ? ` (${timedOut} timed out)` : ''}: INIT_REPORT with an error status.`,
    );
  }
  return warnings;
}

function toFunctionReport(stats: FunctionStats, options: BuildReportOptions): FunctionReport {
  const configuration = options.configurations?.get(stats.name) ?? null;
  const arch: Architecture = configuration?.architecture ?? options.arch ?? 'x86_64';
  const archSource: FunctionReport['archSource'] =
    configuration?.architecture != null ? 'configuration' : options.arch !== undefined ? 'flag' : 'default';
  const prices = resolvePrices(arch, options.priceOverrides);
  const basis = stats.basis.figures;
  const configs: ConfigReport[] = stats.configs.map((config) => ({
    memorySizeMB: config.memorySizeMb ?? null,
    arch,
    invocations: config.invocations,
    errors: config.errors,
    timeouts: config.timeouts,
    outOfMemory: config.outOfMemory,
    coldStarts: config.coldStarts,
    durationMs: toDistribution(config.duration, basis),
    billedDurationMs: toDistribution(config.billedDuration, basis),
    maxMemoryUsedMB:
      config.maxMemoryUsed === undefined
        ? null
        : { max: config.maxMemoryUsed.max, p99: config.maxMemoryUsed.p99, atLimit: config.atMemoryLimit },
    cost: toCostReport(config.billedGbSeconds, config.pricedInvocations, prices),
  }));
  const billedGbSeconds = stats.configs.reduce((total, config) => total + config.billedGbSeconds, 0);
  const pricedInvocations = stats.configs.reduce((total, config) => total + config.pricedInvocations, 0);
  const memory = stats.maxMemoryUsed;
  const currentMb = stats.currentMemorySizeMb;
  const currentConfigMax = stats.configs.find((config) => config.memorySizeMb === currentMb)?.maxMemoryUsed?.max;
  const concurrency = stats.concurrency;
  const perEnvironment = stats.environments?.invocationsPerEnvironment;
  return {
    name: stats.name,
    basis: { figures: basis, source: stats.basis.source, note: stats.basis.note ?? null },
    arch,
    archSource,
    memorySizeMB: currentMb ?? null,
    firstInvocation: toIso(stats.firstMs),
    lastInvocation: toIso(stats.lastMs),
    invocations: stats.invocations,
    invocationsWithReport: stats.invocationsWithReport,
    errors: stats.errors,
    timeouts: stats.timeouts,
    outOfMemory: stats.outOfMemory,
    crashes: stats.crashes ?? null,
    errorLogs: stats.errorLogs ?? null,
    timeoutImminent: stats.timeoutImminent ?? null,
    initFailures: stats.initFailures ?? null,
    initTimeouts: stats.initTimeouts ?? null,
    coldStarts: stats.coldStarts,
    coldStartShare: stats.invocations === 0 ? null : stats.coldStarts / stats.invocations,
    provisionedInits: stats.provisionedInits ?? null,
    proactiveInits: stats.proactiveInits ?? null,
    snapStartRestores: stats.snapStartRestores ?? null,
    durationMs: toDistribution(stats.duration, basis),
    billedDurationMs: toDistribution(stats.billedDuration, basis),
    initDurationMs: toDistribution(stats.initDuration, basis),
    restoreDurationMs: toDistribution(stats.restoreDuration, basis),
    maxMemoryUsedMB:
      memory === undefined
        ? null
        : {
            count: memory.count,
            p50: memory.p50,
            p99: memory.p99,
            max: memory.max,
            mean: memory.mean,
            maxAtCurrentSize: currentConfigMax ?? null,
            utilisation:
              currentMb === undefined || currentConfigMax === undefined ? null : currentConfigMax / currentMb,
            atLimit: stats.atMemoryLimit,
            basis,
          },
    configs,
    cost: toCostReport(billedGbSeconds, pricedInvocations, prices),
    environments:
      stats.environments === undefined || perEnvironment === undefined
        ? null
        : {
            count: stats.environments.count,
            invocationsPerEnvironment: { mean: perEnvironment.mean, p50: perEnvironment.p50, max: perEnvironment.max },
          },
    concurrency:
      concurrency === undefined
        ? null
        : {
            max: concurrency.max,
            maxAt: toIso(concurrency.maxAtMs) ?? '',
            mean: concurrency.mean,
            series: {
              start: toIso(concurrency.series.startMs) ?? '',
              bucketSeconds: concurrency.series.bucketMs / 1000,
              peaks: concurrency.series.peaks,
            },
            basis,
          },
    memoryGrowth: stats.memoryGrowth.map((growth) => ({
      logStream: growth.logStream,
      warmInvocations: growth.warmInvocations,
      firstMB: growth.firstMb,
      lastMB: growth.lastMb,
      growthMB: growth.growthMb,
      mbPerInvocation: growth.mbPerInvocation,
      correlation: growth.correlation,
    })),
    slowest: stats.slowest.map(toInvocationSummary),
    failures: stats.failures.map(toInvocationSummary),
    failuresOmitted: stats.failuresOmitted,
    customMetrics: stats.metrics.map((metric) => ({
      namespace: metric.namespace,
      name: metric.name,
      unit: metric.unit ?? null,
      count: metric.count,
      sum: metric.sum,
      min: metric.min,
      max: metric.max,
      mean: metric.count === 0 ? metric.sum : metric.sum / metric.count,
    })),
    customMetricsOmitted: stats.metricsOmitted,
    configuration,
    cloudWatchMetrics: options.cloudWatchMetrics?.get(stats.name) ?? null,
    advice: {
      memory: adviseMemory(stats),
      tradeoff: adviseTradeoff(stats.configs, prices),
      provisionedConcurrency: adviseProvisionedConcurrency(stats, prices),
    },
    warnings: functionWarnings(stats, configuration),
  };
}

function globalWarnings(functions: readonly FunctionStats[], counts: Readonly<JoinCounts> | undefined): string[] {
  const warnings: string[] = [];
  if (counts !== undefined && counts.platformLines === 0 && counts.appLines > 0) {
    warnings.push(
      'No Lambda platform lines (START, REPORT) in the input: if SystemLogLevel is WARN or higher Lambda suppresses them, and durations, memory and cost cannot be known.',
    );
  }
  if (functions.length === 0) warnings.push('No invocations found in the input.');
  return warnings;
}

/** The report model from per-function statistics, prices (list or overridden) and advice. Pure. */
export function buildReport(functions: readonly FunctionStats[], options: BuildReportOptions = {}): Report {
  const counts = options.counts;
  const overrides = options.priceOverrides ?? {};
  const skipped = {
    malformed: counts?.malformedLines ?? 0,
    unknown: counts?.unknownLines ?? 0,
    outsideInvocation: counts?.outsideInvocationLines ?? 0,
  };
  const perGb = (arch: Architecture): number => overrides.perGbSecondUSD ?? DEFAULT_PRICE_PER_GB_SECOND_USD[arch];
  const provisioned = (arch: Architecture): number =>
    overrides.provisionedPerGbSecondUSD ?? DEFAULT_PROVISIONED_PRICE_PER_GB_SECOND_USD[arch];
  const provisionedDuration = (arch: Architecture): number =>
    overrides.provisionedDurationPerGbSecondUSD ?? DEFAULT_PROVISIONED_DURATION_PRICE_PER_GB_SECOND_USD[arch];
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    generatedBy: options.generatedBy ?? 'lambdatop report',
    source: options.source ?? 'logs',
    window: {
      since: toIso(options.sinceMs),
      until: toIso(options.untilMs),
      firstEvent: toIso(counts?.firstEventMs ?? minOf(functions.map((stats) => stats.firstMs))),
      lastEvent: toIso(counts?.lastEventMs ?? maxOf(functions.map((stats) => stats.lastMs))),
    },
    pricing: {
      source: LAMBDA_PRICE_SOURCE,
      region: LAMBDA_PRICE_REGION,
      note: LIST_PRICE_NOTE,
      perGbSecondUSD: { x86_64: perGb('x86_64'), arm64: perGb('arm64') },
      perRequestUSD: overrides.perRequestUSD ?? DEFAULT_PRICE_PER_REQUEST_USD,
      provisionedPerGbSecondUSD: { x86_64: provisioned('x86_64'), arm64: provisioned('arm64') },
      provisionedDurationPerGbSecondUSD: {
        x86_64: provisionedDuration('x86_64'),
        arm64: provisionedDuration('arm64'),
      },
      overridden: resolvePrices('x86_64', overrides).source === 'override',
    },
    input: {
      inputs: options.inputs ?? [],
      events: counts?.events ?? 0,
      lines: counts?.lines ?? 0,
      platformLines: counts?.platformLines ?? 0,
      applicationLines: counts?.appLines ?? 0,
      duplicateEvents: counts?.duplicateEvents ?? 0,
      duplicateReports: counts?.duplicateReports ?? 0,
      lateLines: counts?.lateLines ?? 0,
      outsideWindowEvents: counts?.outsideWindowEvents ?? 0,
    },
    skippedLines: skipped.malformed + skipped.unknown + skipped.outsideInvocation,
    skippedByReason: skipped,
    warnings: [...(options.warnings ?? []), ...globalWarnings(functions, counts)],
    functions: functions.map((stats) => toFunctionReport(stats, options)),
  };
}
