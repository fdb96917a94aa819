import type { FunctionStats } from '../core/stats/function-stats.js';
import { InputError } from '../errors.js';
import { classifyAwsError } from './aws-errors.js';
import type { AwsSession } from './aws-session.js';
import {
  addAbsentFunctions,
  type CloudWatchReportInputs,
  type CloudWatchReportRequest,
  toLogReadError,
  withFunctionContext,
} from './cloudwatch-report.js';
import { resolveFunctionTargets } from './function-configuration.js';
import { type InsightsLogFormat, toInsightsReportQuery } from './insights-query.js';
import {
  type InsightsProgress,
  type InsightsQuerySpec,
  MAX_INSIGHTS_LOG_GROUPS,
  runInsightsQueries,
} from './insights-runner.js';
import { type InsightsRow, toEmptyInsightsFunctionStats, toInsightsFunctionStats } from './insights-stats.js';
import { type LogGroupRoute, toLogGroupRoutes } from './log-group-routes.js';

export interface InsightsReportRequest extends CloudWatchReportRequest {
  /** A progress line to show (undefined clears it). */
  readonly progress?: (line: string | undefined) => void;
  /** Result rows per query before a batch of groups is split in two (default 10,000, the service's page). */
  readonly rowLimit?: number;
  readonly pollIntervalMs?: number;
}

function formatBytes(bytes: number): string {
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(1)} kB`;
  if (bytes < 1e9) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${(bytes / 1e9).toFixed(2)} GB`;
}

export function formatInsightsProgress(progress: InsightsProgress): string {
  const count = (value: number): string => value.toLocaleString('en-US');
  return `Logs Insights: ${progress.complete}/${progress.queries} queries complete · ${count(progress.recordsMatched)} records matched of ${count(progress.recordsScanned)} scanned · ${formatBytes(progress.bytesScanned)} scanned`;
}

/** The function a result row belongs to: the group's own, or the one its stream names in a shared group. */
function toResolver(routes: readonly LogGroupRoute[]) {
  const byGroup = new Map(routes.map((route) => [route.logGroup, route]));
  return (logGroup: string | undefined, streamFunction: string | undefined): string | undefined => {
    const route = logGroup === undefined ? undefined : byGroup.get(logGroup);
    if (route === undefined) return undefined;
    const only = route.targets.length === 1 ? route.targets[0] : undefined;
    if (only !== undefined && !only.customGroup) return only.functionName;
    if (streamFunction === undefined) return only?.functionName;
    return route.targets.find((target) => target.functionName === streamFunction)?.functionName;
  };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let offset = 0; offset < items.length; offset += size) chunks.push(items.slice(offset, offset + size));
  return chunks;
}

interface Aggregated {
  readonly byFunction: InsightsRow[];
  readonly byMemory: InsightsRow[];
}

/**
 * `lambdatop report --function … --insights`: the REPORT records of every function aggregated by Logs Insights (two
 * queries per ≤ 50 log groups and log format: per function, and per function and memory size), into the same report
 * model, marked `estimated`. A result that fills the 10,000-row page is re-run over halves of its groups.
 */
export async function collectInsightsReport(
  session: AwsSession,
  request: InsightsReportRequest,
): Promise<CloudWatchReportInputs> {
  const warnings: string[] = [];
  const targets = await resolveFunctionTargets(session, request.functionNames, {
    signal: request.signal,
    onWarning: (message) => warnings.push(message),
  });
  const routes = toLogGroupRoutes(targets);
  const window = { sinceMs: request.sinceMs, untilMs: request.untilMs };
  const groupsOf = (format: InsightsLogFormat): string[] =>
    routes
      .filter((route) => route.targets.some((target) => (target.logFormat === 'JSON') === (format === 'JSON')))
      .map((route) => route.logGroup);

  const aggregate = async (format: InsightsLogFormat, groups: readonly string[]): Promise<Aggregated> => {
    const specs: InsightsQuerySpec[] = chunk(groups, MAX_INSIGHTS_LOG_GROUPS).flatMap((batch) => [
      { logGroupNames: batch, queryString: toInsightsReportQuery(format, 'function', window), ...window },
      { logGroupNames: batch, queryString: toInsightsReportQuery(format, 'memory', window), ...window },
    ]);
    if (specs.length === 0) return { byFunction: [], byMemory: [] };
    const inHalves = async (): Promise<Aggregated> => {
      const half = Math.ceil(groups.length / 2);
      const left = await aggregate(format, groups.slice(0, half));
      const right = await aggregate(format, groups.slice(half));
      return { byFunction: [...left.byFunction, ...right.byFunction], byMemory: [...left.byMemory, ...right.byMemory] };
    };
    let results: Awaited<ReturnType<typeof runInsightsQueries>>;
    try {
      results = await runInsightsQueries(session, specs, {
        signal: request.signal,
        ...(request.rowLimit === undefined ? {} : { rowLimit: request.rowLimit }),
        ...(request.pollIntervalMs === undefined ? {} : { pollIntervalMs: request.pollIntervalMs }),
        onProgress: (progress) => request.progress?.(formatInsightsProgress(progress)),
      });
    } catch (error) {
      // One missing group fails the whole query: find it by halves and go on without it, as the exact path does.
      if (request.signal?.aborted === true || classifyAwsError(error) !== 'not-found') throw error;
      if (groups.length > 1) return inHalves();
      warnings.push(`Log group ${groups[0]} does not exist (a function that never ran has none).`);
      return { byFunction: [], byMemory: [] };
    }
    const truncated = results.some((result) => result.truncated);
    if (truncated && groups.length > 1) return inHalves();
    if (truncated) {
      warnings.push(`Logs Insights returned a full page of rows over ${groups[0]}: some functions may be missing.`);
    }
    return {
      byFunction: results.filter((_, index) => index % 2 === 0).flatMap((result) => result.rows),
      byMemory: results.filter((_, index) => index % 2 === 1).flatMap((result) => result.rows),
    };
  };

  const resolver = toResolver(routes);
  let functions: FunctionStats[] = [];
  try {
    for (const format of ['Text', 'JSON'] as const) {
      const groups = groupsOf(format);
      if (groups.length === 0) continue;
      const rows = await aggregate(format, groups);
      functions.push(...toInsightsFunctionStats(rows.byFunction, rows.byMemory, resolver));
    }
  } catch (error) {
    if (request.signal?.aborted === true || error instanceof InputError) throw error;
    throw toLogReadError(routes.map((route) => route.logGroup).join(', '), error);
  } finally {
    request.progress?.(undefined);
  }
  const byName = new Map<string, FunctionStats>();
  for (const stats of functions) {
    const known = byName.get(stats.name);
    if (known === undefined || stats.invocations > known.invocations) byName.set(stats.name, stats);
  }
  functions = addAbsentFunctions([...byName.values()], targets, toEmptyInsightsFunctionStats, warnings);
  warnings.push(
    'Figures from Logs Insights: counts from REPORT records are exact (errors only from their status, a lower bound), percentiles are the service’s estimates; crashes, error logs, init failures, provisioned and proactive inits and SnapStart restores are not counted (null), and environments, concurrency, memory-growth (leak) detection and invocation lists need the exact path (without --insights).',
  );
  return withFunctionContext(session, request, targets, {
    functions,
    counts: undefined,
    inputs: routes.map((route) => route.logGroup),
    warnings,
    source: 'insights',
  });
}
