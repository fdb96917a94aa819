// The programmatic API of @lambdatop/cli, export by export. The core is pure: no AWS client, terminal, clock or stdout.

export type { AwsErrorKind } from './aws/aws-errors.js';
export { classifyAwsError, describeAwsError } from './aws/aws-errors.js';
export type { AwsOptions } from './aws/aws-options.js';
export { AWS_FLAG_SPECS, DEFAULT_MAX_REQUESTS_PER_SECOND, hasAwsFlags, parseAwsFlags } from './aws/aws-options.js';
export type { AwsCallOptions, AwsCallStats, AwsSession, AwsSessionContext } from './aws/aws-session.js';
export { createAwsSession } from './aws/aws-session.js';
export type {
  FollowBatchInfo,
  FollowMode,
  FollowSource,
  FollowSourceOptions,
  FollowStatus,
} from './aws/follow-source.js';
export { createFollowSource } from './aws/follow-source.js';
export type { FunctionTarget } from './aws/function-configuration.js';
export { resolveFunctionTargets } from './aws/function-configuration.js';
export type { IamPolicyDocument, IamPolicyStatement, ReadPolicyOptions } from './aws/iam-policy.js';
export { toDashboardPolicy, toReadPolicy } from './aws/iam-policy.js';
export { runCli } from './cli.js';
export type { Command, CommandContext, CommandIo, FlagSpec, FlagValues } from './commands/command.js';
export { COMMANDS } from './commands/registry.js';
export type { MemoryAction, MemoryAdvice } from './core/advice/memory-advice.js';
export { adviseMemory, MEMORY_ADVICE_RULE } from './core/advice/memory-advice.js';
export type { ProvisionedConcurrencyAdvice } from './core/advice/provisioned-concurrency-advice.js';
export { adviseProvisionedConcurrency, PROVISIONED_ADVICE_RULE } from './core/advice/provisioned-concurrency-advice.js';
export type { TradeoffAdvice, TradeoffDelta, TradeoffRow } from './core/advice/tradeoff-advice.js';
export { adviseTradeoff } from './core/advice/tradeoff-advice.js';
export { toFunctionName, toFunctionNameFromStream } from './core/function-name.js';
export type {
  InvocationJoiner,
  JoinCounts,
  JoinerOptions,
  JoinSink,
  PushContext,
} from './core/join/invocation-joiner.js';
export { createInvocationJoiner } from './core/join/invocation-joiner.js';
export type {
  ColdStartKind,
  InitReportFact,
  InvocationOutcome,
  InvocationRecord,
} from './core/join/invocation-record.js';
export { isErrorRecord } from './core/join/invocation-record.js';
export type { LogEvent } from './core/log-event.js';
export { parseLine } from './core/parse/parse-line.js';
export type {
  AppLevel,
  AppLine,
  EmfLine,
  EmfMetric,
  InitType,
  ParsedLine,
  ReportFields,
  ReportLine,
} from './core/parse/parsed-line.js';
export { parseReportLine } from './core/parse/report-line.js';
export type { CostFigures } from './core/pricing/invocation-cost.js';
export { costPerInvocation, toCost } from './core/pricing/invocation-cost.js';
export type { Architecture, LambdaPrices, PriceOverrides } from './core/pricing/lambda-prices.js';
export {
  ARCHITECTURES,
  DEFAULT_PRICE_PER_GB_SECOND_USD,
  DEFAULT_PRICE_PER_REQUEST_USD,
  LAMBDA_PRICE_SOURCE,
  resolvePrices,
} from './core/pricing/lambda-prices.js';
export type { BuildReportOptions } from './core/report/build-report.js';
export { buildReport } from './core/report/build-report.js';
export { formatReportJson } from './core/report/format-json.js';
export { formatReportMarkdown } from './core/report/format-markdown.js';
export type { TableFormatOptions } from './core/report/format-table.js';
export { formatReportTable } from './core/report/format-table.js';
export { toPrintable } from './core/report/printable.js';
export type {
  CloudWatchMetrics,
  ConfigReport,
  Cost,
  Distribution,
  FunctionConfiguration,
  FunctionReport,
  InvocationSummary,
  Report,
} from './core/report/report-model.js';
export { REPORT_SCHEMA_VERSION } from './core/report/report-model.js';
export type { CollectedReport, ReportCollector, ReportCollectorOptions } from './core/report-collector.js';
export { createReportCollector } from './core/report-collector.js';
export type { ConcurrencySeries, ConcurrencyStats } from './core/stats/concurrency.js';
export { computeConcurrency } from './core/stats/concurrency.js';
export type { MemoryGrowth } from './core/stats/environment-growth.js';
export { EnvironmentTracker, LEAK_RULE } from './core/stats/environment-growth.js';
export type {
  ConfigStats,
  EmfMetricSummary,
  EnvironmentStats,
  FigureBasis,
  FunctionStats,
  InvocationDigest,
  StatsBasis,
} from './core/stats/function-stats.js';
export type { SampleSummary } from './core/stats/percentiles.js';
export { nearestRankIndex, REPORT_QUANTILES, summariseValues } from './core/stats/percentiles.js';
export type { QuantileSketch, QuantileSketchOptions } from './core/stats/quantile-sketch.js';
export { createQuantileSketch, DEFAULT_SKETCH_RELATIVE_ACCURACY } from './core/stats/quantile-sketch.js';
export type { ReportAggregator, ReportAggregatorOptions } from './core/stats/report-aggregator.js';
export { createReportAggregator } from './core/stats/report-aggregator.js';
export type { WindowedAggregator, WindowedAggregatorOptions, WindowStats } from './core/stats/windowed-aggregator.js';
export { createWindowedAggregator } from './core/stats/windowed-aggregator.js';
export { parseIsoTimeMs } from './core/time/iso-time.js';
export { parseTimeBound } from './core/time/time-bound.js';
export { InputError, UsageError } from './errors.js';
export type { InputFormat } from './sources/input-format.js';
export { detectInputFormat } from './sources/input-format.js';
export type { LogEventSource } from './sources/log-event-source.js';
export { openInput } from './sources/open-input.js';
export { readLogEvents } from './sources/read-log-events.js';
