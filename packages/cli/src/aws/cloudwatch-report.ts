import type { JoinCounts } from '../core/join/invocation-joiner.js';
import type { CloudWatchMetrics, FunctionConfiguration } from '../core/report/report-model.js';
import { createReportCollector } from '../core/report-collector.js';
import type { FunctionStats, StatsBasis } from '../core/stats/function-stats.js';
import { InputError } from '../errors.js';
import { classifyAwsError, describeAwsError, toAwsErrorHint } from './aws-errors.js';
import type { AwsSession } from './aws-session.js';
import { toEmptyFunctionStats } from './empty-function-stats.js';
import { readFilterLogEvents } from './filter-log-events-reader.js';
import { type FunctionTarget, resolveFunctionTargets } from './function-configuration.js';
import { fetchFunctionMetrics } from './function-metrics.js';
import { routeEvent, toLogGroupRoutes } from './log-group-routes.js';
import { REPORT_FILTER_PATTERN } from './report-filter-pattern.js';

export interface CloudWatchReportRequest {
  readonly functionNames: readonly string[];
  readonly sinceMs: number;
  readonly untilMs: number;
  readonly nowMs: number;
  /** Read every event instead of the report's filter pattern (exact application-line counts, pino numeric levels). */
  readonly allEvents?: boolean;
  readonly slowestPerFunction?: number;
  readonly signal?: AbortSignal | undefined;
}

/** What `buildReport` needs, gathered from CloudWatch. */
export interface CloudWatchReportInputs {
  readonly functions: FunctionStats[];
  readonly counts: Readonly<JoinCounts> | undefined;
  readonly configurations: Map<string, FunctionConfiguration>;
  readonly cloudWatchMetrics: Map<string, CloudWatchMetrics>;
  readonly inputs: string[];
  readonly warnings: string[];
  readonly source: string;
}

const LOGS_BASIS: StatsBasis = { figures: 'exact', source: 'logs' };
const SUPPRESSING_LEVELS: ReadonlySet<string> = new Set(['WARN', 'ERROR', 'FATAL']);

/** The one line for a log group that cannot be read at all (the report cannot be right without it). */
export function toLogReadError(logGroup: string, error: unknown): InputError {
  const hint = toAwsErrorHint(error, '`lambdatop iam-policy` prints the permissions lambdatop needs');
  return new InputError(`cannot read log group ${logGroup}: ${describeAwsError(error)}${hint}`);
}

/**
 * The report's inputs: the functions' figures, and beside them each function's configuration and its CloudWatch
 * metrics over the window (optional lookups that degrade to a warning).
 */
export async function withFunctionContext(
  session: AwsSession,
  request: CloudWatchReportRequest,
  targets: readonly FunctionTarget[],
  figures: Pick<CloudWatchReportInputs, 'functions' | 'counts' | 'inputs' | 'warnings' | 'source'>,
): Promise<CloudWatchReportInputs> {
  const { signal, sinceMs, untilMs, nowMs } = request;
  const configurations = new Map<string, FunctionConfiguration>();
  for (const target of targets) {
    if (target.configuration !== undefined) configurations.set(target.functionName, target.configuration);
  }
  let cloudWatchMetrics = new Map<string, CloudWatchMetrics>();
  try {
    cloudWatchMetrics = await fetchFunctionMetrics(
      session,
      targets.map((target) => target.functionName),
      { startMs: sinceMs, endMs: untilMs, nowMs },
      signal,
    );
  } catch (error) {
    if (signal?.aborted === true) throw error;
    figures.warnings.push(
      `Cannot read CloudWatch metrics (${describeAwsError(error)}): throttles, concurrency, iterator age and DLQ errors are unknown.`,
    );
  }
  return { ...figures, configurations, cloudWatchMetrics };
}

/**
 * Functions asked for but absent from the logs: present with zero logged invocations (`toEmpty`, as far as the source
 * can count), or a warning when unknowable.
 */
export function addAbsentFunctions(
  functions: FunctionStats[],
  targets: readonly FunctionTarget[],
  toEmpty: (name: string) => FunctionStats,
  warnings: string[],
): FunctionStats[] {
  const present = new Set(functions.map((stats) => stats.name));
  const added = [...functions];
  for (const target of targets) {
    if (present.has(target.functionName)) continue;
    const level = target.configuration?.systemLogLevel?.toUpperCase();
    if (level !== undefined && SUPPRESSING_LEVELS.has(level)) {
      warnings.push(
        `${target.functionName}: SystemLogLevel is ${level}, so Lambda writes no START or REPORT lines: its invocations, durations, memory and cost cannot be known from the logs (not zero).`,
      );
      continue;
    }
    warnings.push(`${target.functionName}: no invocations in ${target.logGroup} in the window.`);
    added.push(toEmpty(target.functionName));
  }
  return added.sort((left, right) => left.name.localeCompare(right.name));
}

/**
 * `lambdatop report --function …` without files: every matching event of each function's log group in the window,
 * read exactly (FilterLogEvents), into the same core as files; then the configuration and metrics beside them.
 */
export async function collectCloudWatchReport(
  session: AwsSession,
  request: CloudWatchReportRequest,
): Promise<CloudWatchReportInputs> {
  const warnings: string[] = [];
  const onWarning = (message: string): void => {
    warnings.push(message);
  };
  const targets = await resolveFunctionTargets(session, request.functionNames, { signal: request.signal, onWarning });
  const routes = toLogGroupRoutes(targets);
  const collector = createReportCollector({
    sinceMs: request.sinceMs,
    untilMs: request.untilMs,
    slowestPerFunction: request.slowestPerFunction ?? 10,
  });
  const filterPattern = request.allEvents === true ? undefined : REPORT_FILTER_PATTERN;
  let otherFunctionsEvents = 0;
  for (const route of routes) {
    const context = { functionName: route.targets.length === 1 ? route.targets[0]?.functionName : undefined };
    try {
      for await (const batch of readFilterLogEvents(
        session,
        { logGroupName: route.logGroup, startMs: request.sinceMs, endMs: request.untilMs, filterPattern },
        { signal: request.signal },
      )) {
        const mine = batch.filter((event) => routeEvent(route, event.logStream) !== undefined);
        otherFunctionsEvents += batch.length - mine.length;
        collector.push(mine, context);
      }
    } catch (error) {
      if (request.signal?.aborted === true) throw error;
      if (classifyAwsError(error) === 'not-found') {
        warnings.push(`Log group ${route.logGroup} does not exist (a function that never ran has none).`);
        continue;
      }
      throw toLogReadError(route.logGroup, error);
    }
  }
  if (otherFunctionsEvents > 0) {
    warnings.push(
      `${otherFunctionsEvents.toLocaleString('en-US')} events of other functions in shared log groups were skipped.`,
    );
  }
  if (filterPattern !== undefined) {
    warnings.push(
      'Read with a filter pattern selecting platform lines, EMF documents and error lines: application line counts cover those only (--all-events reads everything).',
    );
  }
  const collected = collector.finish();
  const functions = addAbsentFunctions(
    collected.functions,
    targets,
    (name) => toEmptyFunctionStats(name, LOGS_BASIS),
    warnings,
  );
  const wanted = new Set(targets.map((target) => target.functionName));
  return withFunctionContext(session, request, targets, {
    functions: functions.filter((stats) => wanted.has(stats.name)),
    counts: collected.counts,
    inputs: routes.map((route) => route.logGroup),
    warnings,
    source: 'logs',
  });
}
