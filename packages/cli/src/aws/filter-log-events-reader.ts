import type { FilteredLogEvent, FilterLogEventsCommandInput } from '@aws-sdk/client-cloudwatch-logs';
import type { LogEvent } from '../core/log-event.js';
import { classifyAwsError } from './aws-errors.js';
import type { AwsSession } from './aws-session.js';
import { loadLogsSdk } from './load-aws-sdk.js';

export interface FilterLogEventsRequest {
  readonly logGroupName: string;
  /** Event time, epoch ms, inclusive. */
  readonly startMs: number;
  /** Event time, epoch ms, inclusive; open when absent. */
  readonly endMs?: number | undefined;
  readonly filterPattern?: string | undefined;
}

export interface FilterLogEventsReadOptions {
  readonly signal?: AbortSignal | undefined;
  readonly maxAttempts?: number;
  /** Called after every page, empty ones included. */
  readonly onPage?: (page: { readonly events: number; readonly hasNextToken: boolean }) => void;
}

export function toLogEvent(logGroupName: string, event: FilteredLogEvent): LogEvent {
  return {
    message: event.message ?? '',
    logGroup: logGroupName,
    logStream: event.logStreamName,
    timestampMs: event.timestamp,
    eventId: event.eventId,
    ingestionTimeMs: event.ingestionTime,
  };
}

/** A token the service no longer accepts (older than 24 h, or from another query): the read restarts by time. */
function isStaleToken(error: unknown): boolean {
  const name = (error as { name?: unknown }).name;
  const message = String((error as { message?: unknown }).message ?? '');
  return (
    classifyAwsError(error) === 'invalid' &&
    (name === 'InvalidParameterException' || name === 'ValidationException') &&
    /token/i.test(message)
  );
}

/**
 * Every event of one log group in [startMs, endMs] matching the pattern, exactly once, page by page (batches of one
 * page; empty pages are not yielded). Pagination is exact: only a missing nextToken ends it, and an empty page that
 * carries one continues. Transient failures are retried by the session with the same token, so a page is either
 * yielded whole or not at all. Should the service refuse a token (expired after 24 h), the read resumes from the
 * last event time yielded and drops the eventIds already yielded at that millisecond: nothing lost, nothing twice.
 */
export async function* readFilterLogEvents(
  session: AwsSession,
  request: FilterLogEventsRequest,
  options: FilterLogEventsReadOptions = {},
): AsyncGenerator<LogEvent[], void, undefined> {
  const { FilterLogEventsCommand } = await loadLogsSdk();
  const logs = await session.logs();
  let nextToken: string | undefined;
  let startMs = request.startMs;
  let lastTimestampMs: number | undefined;
  let idsAtLastTimestamp = new Set<string>();
  // After a restart by time: what was already yielded at the restart's millisecond.
  let skip: { readonly atMs: number; readonly ids: ReadonlySet<string> } | undefined;
  for (;;) {
    const input: FilterLogEventsCommandInput = {
      logGroupName: request.logGroupName,
      startTime: startMs,
      ...(request.endMs === undefined ? {} : { endTime: request.endMs }),
      ...(request.filterPattern === undefined || request.filterPattern === ''
        ? {}
        : { filterPattern: request.filterPattern }),
      ...(nextToken === undefined ? {} : { nextToken }),
    };
    let page: { events?: FilteredLogEvent[] | undefined; nextToken?: string | undefined };
    try {
      page = await session.call(
        'FilterLogEvents',
        (signal) => logs.send(new FilterLogEventsCommand(input), signal === undefined ? {} : { abortSignal: signal }),
        options,
      );
    } catch (error) {
      if (nextToken === undefined || !isStaleToken(error)) throw error;
      nextToken = undefined;
      startMs = lastTimestampMs ?? request.startMs;
      skip = lastTimestampMs === undefined ? undefined : { atMs: lastTimestampMs, ids: new Set(idsAtLastTimestamp) };
      continue;
    }
    const events = page.events ?? [];
    options.onPage?.({ events: events.length, hasNextToken: page.nextToken !== undefined });
    const batch: LogEvent[] = [];
    for (const event of events) {
      const timestampMs = event.timestamp;
      if (skip !== undefined && timestampMs === skip.atMs && event.eventId !== undefined) {
        if (skip.ids.has(event.eventId)) continue;
      }
      if (timestampMs !== undefined) {
        if (timestampMs !== lastTimestampMs) {
          lastTimestampMs = timestampMs;
          idsAtLastTimestamp = new Set();
        }
        if (event.eventId !== undefined) idsAtLastTimestamp.add(event.eventId);
      }
      batch.push(toLogEvent(request.logGroupName, event));
    }
    if (batch.length > 0) yield batch;
    if (page.nextToken === undefined || page.nextToken === '') return;
    nextToken = page.nextToken;
  }
}
