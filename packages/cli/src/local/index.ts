/**
 * The local Lambda harness: handlers run in Lambda-like execution environments (one worker process each)
 * and every line they and the platform write comes out as a LogEvent, as CloudWatch would hold it.
 */
export type { ArrivalPattern } from './arrival-schedule.js';
export type { InvokeOutcome, InvokeOutcomeKind } from './invoke-outcome.js';
export { INVOKE_OUTCOME_KINDS } from './invoke-outcome.js';
export type { LocalArgsResult, LocalOptions } from './local-args.js';
export { LOCAL_FLAG_SPECS, LOCAL_USAGE, parseLocalArgs, parseLocalFlags } from './local-args.js';
export type { LocalCommandExitCode, LocalCommandIo } from './local-command.js';
export { formatLocalSummary, runLocalCommand } from './local-command.js';
export type { LocalFunction, LocalFunctionOptions, LocalFunctionStats, LogEventListener } from './local-function.js';
export { createLocalFunction } from './local-function.js';
export {
  parseDurationMs,
  parseMemorySizeMb,
  parseRatePerSecond,
  toFunctionName,
} from './local-value-parsers.js';
export type {
  LocalWorkload,
  LocalWorkloadOptions,
  OutcomeCounts,
  WorkloadFunction,
  WorkloadFunctionStats,
  WorkloadStats,
} from './local-workload.js';
export { runLocalWorkload } from './local-workload.js';
export type { MemoryMeasurement } from './memory-probe.js';
export type { InitReportLineFields, ProcessExit, ReportLineFields } from './platform-lines.js';
export {
  formatEndLine,
  formatInitReportLine,
  formatInitStartLine,
  formatReportLine,
  formatRuntimeExitLine,
  formatStartLine,
  formatTimeoutLine,
  toBilledDurationMs,
} from './platform-lines.js';
export type { LocalFunctionConfig } from './resolve-function-settings.js';
export { formatRuntimeErrorLine, formatRuntimeLogLine } from './runtime-log-line.js';
