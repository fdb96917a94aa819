import { randomUUID } from 'node:crypto';
import type { LogsContext } from './filter-log-events.js';
import { InsightsEvaluationError } from './insights-evaluate.js';
import { type InsightsCommand, MAX_QUERY_LIMIT, parseInsightsQuery } from './insights-parser.js';
import { toInsightsRow } from './insights-record.js';
import { type ResultField, runInsightsQuery, type SourceRow } from './insights-run.js';
import { InsightsSyntaxError } from './insights-tokens.js';
import { resolveLogGroupIdentifier } from './log-group-arn.js';
import { lowerBoundByTimestamp, type StoredLogEvent } from './logs-store.js';
import { decodePageToken, encodePageToken, fingerprintOf } from './page-token.js';
import type { RequestInput } from './request-input.js';
import { invalidParameter, logsResourceNotFound, ServiceError } from './service-error.js';

/**
 * StartQuery / GetQueryResults / StopQuery / DescribeQueries. A query runs over a snapshot taken when it starts;
 * its status then moves Scheduled → Running → Complete over successive GetQueryResults polls.
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_StartQuery.html
 */
export const MAX_QUERY_LOG_GROUPS = 50;
const MAX_QUERY_STRING_LENGTH = 10_000;

export interface InsightsOptions {
  /** GetQueryResults polls answered `Scheduled` before the query runs. */
  readonly pollsWhileScheduled: number;
  /** Polls answered `Running` (with partial statistics) before `Complete`. */
  readonly pollsWhileRunning: number;
  /** Concurrent Scheduled/Running queries per account before LimitExceededException. */
  readonly maxConcurrentQueries: number;
  /** The status a query ends in; `Complete` unless a test wants Failed or Timeout. */
  readonly finalStatus: 'Complete' | 'Failed' | 'Timeout';
}

type QueryStatus = 'Scheduled' | 'Running' | 'Complete' | 'Failed' | 'Cancelled' | 'Timeout';

interface StoredQuery {
  readonly queryId: string;
  readonly queryString: string;
  readonly logGroupNames: readonly string[];
  readonly createTime: number;
  readonly results: ResultField[][];
  readonly statistics: { recordsMatched: number; recordsScanned: number; bytesScanned: number };
  polls: number;
  status: QueryStatus;
}

export class InsightsQueries {
  private readonly queries = new Map<string, StoredQuery>();

  constructor(
    private readonly context: LogsContext,
    private readonly options: () => InsightsOptions,
  ) {}

  startQuery(input: RequestInput): { queryId: string } {
    const logGroupNames = this.resolveGroups(input);
    const startTime = input.integer('startTime');
    const endTime = input.integer('endTime');
    const queryString = input.string('queryString');
    if (startTime === undefined || endTime === undefined || queryString === undefined) {
      throw invalidParameter('startTime, endTime and queryString are required');
    }
    if (startTime < 0 || endTime < startTime) throw invalidParameter('End time should not be before the start time');
    if (queryString.length > MAX_QUERY_STRING_LENGTH) {
      throw invalidParameter(`queryString must be at most ${MAX_QUERY_STRING_LENGTH} characters`);
    }
    const language = input.string('queryLanguage') ?? 'CWLI';
    if (language !== 'CWLI') throw invalidParameter(`queryLanguage ${language} is not supported by the local server`);
    const limit = input.integer('limit') ?? MAX_QUERY_LIMIT;
    if (limit < 1 || limit > MAX_QUERY_LIMIT) throw invalidParameter(`limit must be between 1 and ${MAX_QUERY_LIMIT}`);
    const commands = compileQuery(queryString);
    const active = [...this.queries.values()].filter((q) => q.status === 'Scheduled' || q.status === 'Running');
    if (active.length >= this.options().maxConcurrentQueries) {
      throw new ServiceError({
        type: 'LimitExceededException',
        httpStatus: 400,
        message: `Account maximum query concurrency limit of [${this.options().maxConcurrentQueries}] reached.`,
      });
    }
    // startTime and endTime are epoch seconds, both inclusive: the end second is included up to its last millisecond.
    const events = this.collect(logGroupNames, startTime * 1000, endTime * 1000 + 999);
    const source: SourceRow[] = events.map((event) => ({
      values: toInsightsRow(event, this.context.accountId),
      ptr: toPtr(event),
    }));
    let run: ReturnType<typeof runInsightsQuery>;
    try {
      run = runInsightsQuery(commands, source, limit);
    } catch (error) {
      if (error instanceof InsightsEvaluationError) throw malformedQuery(error.message, 0, queryString.length);
      throw error;
    }
    const queryId = randomUUID();
    this.queries.set(queryId, {
      queryId,
      queryString,
      logGroupNames,
      createTime: this.context.nowMs(),
      results: run.results,
      statistics: {
        recordsMatched: run.recordsMatched,
        recordsScanned: events.length,
        bytesScanned: events.reduce((total, event) => total + event.sizeBytes, 0),
      },
      polls: 0,
      status: 'Scheduled',
    });
    return { queryId };
  }

  getQueryResults(input: RequestInput): unknown {
    const query = this.require(input.string('queryId'));
    query.polls += 1;
    const { pollsWhileScheduled, pollsWhileRunning, finalStatus } = this.options();
    if (query.status === 'Scheduled' || query.status === 'Running') {
      if (query.polls > pollsWhileScheduled + pollsWhileRunning) query.status = finalStatus;
      else if (query.polls > pollsWhileScheduled) query.status = 'Running';
    }
    const zero = { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 };
    const half = {
      recordsMatched: Math.floor(query.statistics.recordsMatched / 2),
      recordsScanned: Math.floor(query.statistics.recordsScanned / 2),
      bytesScanned: Math.floor(query.statistics.bytesScanned / 2),
    };
    const statistics = query.status === 'Scheduled' ? zero : query.status === 'Running' ? half : query.statistics;
    return {
      queryLanguage: 'CWLI',
      results: query.status === 'Complete' ? query.results : [],
      statistics,
      status: query.status,
    };
  }

  stopQuery(input: RequestInput): { success: boolean } {
    const query = this.require(input.string('queryId'));
    if (query.status !== 'Scheduled' && query.status !== 'Running') return { success: false };
    query.status = 'Cancelled';
    return { success: true };
  }

  describeQueries(input: RequestInput): unknown {
    const logGroupName = input.string('logGroupName');
    const status = input.string('status');
    const maxResults = input.integer('maxResults') ?? 1000;
    if (maxResults < 1 || maxResults > 1000) throw invalidParameter('maxResults must be between 1 and 1000');
    const matching = [...this.queries.values()]
      .filter((query) => logGroupName === undefined || query.logGroupNames.includes(logGroupName))
      .filter((query) => status === undefined || query.status === status)
      .reverse();
    const fingerprint = fingerprintOf([logGroupName, status]);
    const token = input.string('nextToken');
    let offset = 0;
    if (token !== undefined) {
      const body = decodePageToken(token, 'DescribeQueries', fingerprint);
      if (body === undefined) throw invalidParameter('The specified nextToken is invalid.');
      offset = body.cursor as number;
    }
    const page = matching.slice(offset, offset + maxResults);
    return {
      queries: page.map((query) => ({
        queryLanguage: 'CWLI',
        queryId: query.queryId,
        queryString: query.queryString,
        status: query.status,
        createTime: query.createTime,
        logGroupName: query.logGroupNames[0],
      })),
      ...(offset + maxResults < matching.length
        ? {
            nextToken: encodePageToken({
              operation: 'DescribeQueries',
              fingerprint,
              issuedAtMs: this.context.nowMs(),
              cursor: offset + maxResults,
            }),
          }
        : {}),
    };
  }

  private resolveGroups(input: RequestInput): string[] {
    const single = input.string('logGroupName');
    const names = input.stringList('logGroupNames');
    const identifiers = input.stringList('logGroupIdentifiers');
    const given = [single, names, identifiers].filter((value) => value !== undefined);
    if (given.length !== 1) {
      throw invalidParameter('Specify exactly one of logGroupName, logGroupNames and logGroupIdentifiers');
    }
    const groups =
      single !== undefined
        ? [single]
        : (names ??
          (identifiers ?? []).map((id) => resolveLogGroupIdentifier(id, this.context.region, this.context.accountId)));
    if (groups.length === 0 || groups.length > MAX_QUERY_LOG_GROUPS) {
      throw invalidParameter(`A query can search between 1 and ${MAX_QUERY_LOG_GROUPS} log groups`);
    }
    for (const group of groups) {
      if (!this.context.store.hasLogGroup(group)) throw logsResourceNotFound(`Log group '${group}' does not exist`);
    }
    return groups;
  }

  /** Events of all groups within [fromMs, toMs], newest first. */
  private collect(groups: readonly string[], fromMs: number, toMs: number): StoredLogEvent[] {
    const events: StoredLogEvent[] = [];
    for (const group of groups) {
      const all = this.context.store.eventsOf(group);
      for (let index = lowerBoundByTimestamp(all, fromMs); index < all.length; index += 1) {
        const event = all[index] as StoredLogEvent;
        if (event.timestamp > toMs) break;
        events.push(event);
      }
    }
    return events.sort(
      (a, b) => b.timestamp - a.timestamp || b.ingestionTime - a.ingestionTime || b.sequence - a.sequence,
    );
  }

  private require(queryId: string | undefined): StoredQuery {
    const query = queryId === undefined ? undefined : this.queries.get(queryId);
    if (query === undefined) throw logsResourceNotFound(`Query ${queryId ?? ''} does not exist`);
    return query;
  }
}

function compileQuery(queryString: string): InsightsCommand[] {
  try {
    return parseInsightsQuery(queryString);
  } catch (error) {
    if (error instanceof InsightsSyntaxError) {
      throw malformedQuery(error.message, error.startCharOffset, error.endCharOffset);
    }
    throw error;
  }
}

function malformedQuery(message: string, startCharOffset: number, endCharOffset: number): ServiceError {
  return new ServiceError({
    type: 'MalformedQueryException',
    httpStatus: 400,
    message: `Query is malformed: ${message}`,
    fields: { queryCompileError: { location: { startCharOffset, endCharOffset }, message } },
  });
}

function toPtr(event: StoredLogEvent): string {
  return Buffer.from(`${event.logGroupName}\u0000${event.eventId}`, 'utf8').toString('base64url');
}
