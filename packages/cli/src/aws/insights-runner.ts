import { setTimeout as delay } from 'node:timers/promises';
import type { ResultField } from '@aws-sdk/client-cloudwatch-logs';
import { InputError } from '../errors.js';
import type { AwsSession } from './aws-session.js';
import type { InsightsRow } from './insights-stats.js';
import { loadLogsSdk } from './load-aws-sdk.js';

/** StartQuery's limits: 50 log groups, 10,000 result rows. https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_StartQuery.html */
export const MAX_INSIGHTS_LOG_GROUPS = 50;
export const MAX_INSIGHTS_ROWS = 10_000;

export interface InsightsQuerySpec {
  readonly logGroupNames: readonly string[];
  readonly queryString: string;
  readonly sinceMs: number;
  readonly untilMs: number;
}

export interface InsightsQueryResult {
  readonly rows: InsightsRow[];
  /** The service returned as many rows as the limit: there may be more. */
  readonly truncated: boolean;
}

export interface InsightsProgress {
  readonly queries: number;
  readonly complete: number;
  readonly recordsMatched: number;
  readonly recordsScanned: number;
  readonly bytesScanned: number;
}

export interface InsightsRunOptions {
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: (progress: InsightsProgress) => void;
  readonly pollIntervalMs?: number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Rows per query (default and maximum 10,000); a full page counts as truncated. */
  readonly rowLimit?: number;
}

const FAILED_STATUSES: ReadonlySet<string> = new Set(['Failed', 'Cancelled', 'Timeout', 'Unknown']);

function toRow(fields: readonly ResultField[]): InsightsRow {
  const row: Record<string, string> = {};
  for (const field of fields) {
    if (field.field !== undefined && field.value !== undefined) row[field.field] = field.value;
  }
  return row;
}

interface RunningQuery {
  readonly spec: InsightsQuerySpec;
  readonly queryId: string;
  result: InsightsQueryResult | undefined;
  statistics: { recordsMatched: number; recordsScanned: number; bytesScanned: number };
}

/**
 * Starts every query, polls them all until each is Complete, and returns their rows in order. Progress is reported
 * after every round of polls. If `signal` aborts (Ctrl-C) or anything fails, every query still running is stopped
 * (StopQuery): an abandoned query keeps scanning, and scanning is billed.
 */
export async function runInsightsQueries(
  session: AwsSession,
  specs: readonly InsightsQuerySpec[],
  options: InsightsRunOptions = {},
): Promise<InsightsQueryResult[]> {
  const { StartQueryCommand, GetQueryResultsCommand, StopQueryCommand } = await loadLogsSdk();
  const logs = await session.logs();
  const sleep =
    options.sleep ??
    ((ms: number, signal?: AbortSignal) => delay(ms, undefined, signal === undefined ? {} : { signal }));
  const signal = options.signal;
  const rowLimit = Math.min(MAX_INSIGHTS_ROWS, options.rowLimit ?? MAX_INSIGHTS_ROWS);
  const running: RunningQuery[] = [];
  const send = <T>(operation: string, run: (abortSignal: AbortSignal | undefined) => Promise<T>) =>
    session.call(operation, run, { signal, maxAttempts: 8 });
  try {
    for (const spec of specs) {
      const started = await send('StartQuery', (abortSignal) =>
        logs.send(
          new StartQueryCommand({
            logGroupNames: [...spec.logGroupNames],
            startTime: Math.floor(spec.sinceMs / 1000),
            endTime: Math.floor(spec.untilMs / 1000),
            queryString: spec.queryString,
            limit: rowLimit,
          }),
          abortSignal === undefined ? {} : { abortSignal },
        ),
      );
      if (started.queryId === undefined) throw new InputError('Logs Insights started a query without an id');
      running.push({
        spec,
        queryId: started.queryId,
        result: undefined,
        statistics: { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 },
      });
    }
    for (;;) {
      for (const query of running) {
        if (query.result !== undefined) continue;
        const answer = await send('GetQueryResults', (abortSignal) =>
          logs.send(
            new GetQueryResultsCommand({ queryId: query.queryId }),
            abortSignal === undefined ? {} : { abortSignal },
          ),
        );
        query.statistics = {
          recordsMatched: answer.statistics?.recordsMatched ?? query.statistics.recordsMatched,
          recordsScanned: answer.statistics?.recordsScanned ?? query.statistics.recordsScanned,
          bytesScanned: answer.statistics?.bytesScanned ?? query.statistics.bytesScanned,
        };
        const status = answer.status ?? 'Unknown';
        if (status === 'Complete') {
          const rows = (answer.results ?? []).map(toRow);
          query.result = { rows, truncated: rows.length >= rowLimit };
        } else if (FAILED_STATUSES.has(status)) {
          throw new InputError(
            status === 'Timeout'
              ? 'the Logs Insights query ran past its 60-minute limit; narrow the window (--since/--until) or the functions'
              : `the Logs Insights query ended ${status} over ${query.spec.logGroupNames.join(', ')}`,
          );
        }
      }
      options.onProgress?.({
        queries: running.length,
        complete: running.filter((query) => query.result !== undefined).length,
        recordsMatched: running.reduce((total, query) => total + query.statistics.recordsMatched, 0),
        recordsScanned: running.reduce((total, query) => total + query.statistics.recordsScanned, 0),
        bytesScanned: running.reduce((total, query) => total + query.statistics.bytesScanned, 0),
      });
      if (running.every((query) => query.result !== undefined)) break;
      await sleep(options.pollIntervalMs ?? 1000, signal);
    }
    return running.map((query) => query.result ?? { rows: [], truncated: false });
  } catch (error) {
    await Promise.allSettled(
      running
        .filter((query) => query.result === undefined)
        .map((query) =>
          // Sent even after an abort (no signal): stopping is the point. One attempt plus one retry is enough.
          session.call('StopQuery', () => logs.send(new StopQueryCommand({ queryId: query.queryId })), {
            maxAttempts: 2,
          }),
        ),
    );
    throw error;
  }
}
