import { compileFilterPattern } from './filter-pattern.js';
import { resolveLogGroupIdentifier } from './log-group-arn.js';
import { type LogsStore, lowerBoundByTimestamp, type StoredLogEvent, upperBoundByKey } from './logs-store.js';
import { decodePageToken, encodePageToken, fingerprintOf } from './page-token.js';
import type { RequestInput } from './request-input.js';
import { invalidParameter, logsResourceNotFound } from './service-error.js';

/**
 * FilterLogEvents over the store.
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_FilterLogEvents.html
 */
export const MAX_EVENTS_PER_PAGE = 10_000;
export const MAX_PAGE_BYTES = 1_048_576;
const MAX_LOG_STREAM_NAMES = 100;
const TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** Behaviours of the real service that clients must survive, off by default. */
export interface FilterLogEventsQuirks {
  /** Pages hold at most this many events (below `limit` and 10,000): short pages. */
  readonly maxEventsPerPage?: number;
  /** Every Nth page of a pagination is empty yet carries a nextToken. */
  readonly emptyPageEvery?: number;
  /** A page examines at most this many stored events, then returns what it found with a nextToken. */
  readonly maxEventsScannedPerPage?: number;
  /** The last page with events still has a nextToken; the page after it is empty and ends the pagination. */
  readonly trailingEmptyPage?: boolean;
}

export interface LogsContext {
  readonly store: LogsStore;
  readonly nowMs: () => number;
  readonly region: string;
  readonly accountId: string;
  readonly filterQuirks: () => FilterLogEventsQuirks;
}

export interface FilterLogEventsResult {
  readonly output: { events: FilteredLogEvent[]; nextToken?: string };
  readonly eventIds: readonly string[];
  readonly eventsScanned: number;
}

interface FilteredLogEvent {
  logStreamName: string;
  timestamp: number;
  message: string;
  ingestionTime: number;
  eventId: string;
}

interface Cursor {
  /** Sort key of the last event examined: the next page starts strictly after it. */
  readonly after: readonly [number, number, number] | null;
  /** 1-based number of the page this token asks for. */
  readonly page: number;
  readonly exhausted: boolean;
}

export function filterLogEvents(input: RequestInput, context: LogsContext): FilterLogEventsResult {
  const logGroupName = resolveGroupName(input, context);
  const logStreamNames = input.stringList('logStreamNames');
  const logStreamNamePrefix = input.string('logStreamNamePrefix');
  if (logStreamNames !== undefined && logStreamNamePrefix !== undefined) {
    throw invalidParameter('logStreamNames and logStreamNamePrefix are mutually exclusive; specify one of them');
  }
  if (logStreamNames !== undefined && (logStreamNames.length === 0 || logStreamNames.length > MAX_LOG_STREAM_NAMES)) {
    throw invalidParameter(`logStreamNames must hold between 1 and ${MAX_LOG_STREAM_NAMES} names`);
  }
  const startTime = input.integer('startTime');
  const endTime = input.integer('endTime');
  if ((startTime !== undefined && startTime < 0) || (endTime !== undefined && endTime < 0)) {
    throw invalidParameter('startTime and endTime must not be negative');
  }
  if (startTime !== undefined && endTime !== undefined && startTime > endTime) {
    throw invalidParameter('startTime must be less than or equal to endTime');
  }
  const limit = input.integer('limit');
  if (limit !== undefined && (limit < 1 || limit > MAX_EVENTS_PER_PAGE)) {
    throw invalidParameter(`limit must be between 1 and ${MAX_EVENTS_PER_PAGE}`);
  }
  const filterPattern = input.string('filterPattern');
  const compiled = compileFilterPattern(filterPattern);
  if (!compiled.ok) throw invalidParameter(`Invalid filter pattern: ${compiled.reason}`);
  if (!context.store.hasLogGroup(logGroupName)) throw logsResourceNotFound('The specified log group does not exist.');

  const fingerprint = fingerprintOf([
    logGroupName,
    logStreamNames,
    logStreamNamePrefix,
    filterPattern,
    startTime,
    endTime,
  ]);
  const cursor = readCursor(input.string('nextToken'), fingerprint, context.nowMs());
  const quirks = context.filterQuirks();
  const issue = (next: Cursor): string =>
    encodePageToken({ operation: 'FilterLogEvents', fingerprint, issuedAtMs: context.nowMs(), cursor: next });

  if (cursor.exhausted) return { output: { events: [] }, eventIds: [], eventsScanned: 0 };
  if (quirks.emptyPageEvery !== undefined && cursor.page % quirks.emptyPageEvery === 0) {
    return {
      output: { events: [], nextToken: issue({ ...cursor, page: cursor.page + 1 }) },
      eventIds: [],
      eventsScanned: 0,
    };
  }

  const streamFilter = toStreamFilter(logStreamNames, logStreamNamePrefix);
  const events = context.store.eventsOf(logGroupName);
  const pageLimit = Math.min(limit ?? MAX_EVENTS_PER_PAGE, quirks.maxEventsPerPage ?? MAX_EVENTS_PER_PAGE);
  const scanBudget = quirks.maxEventsScannedPerPage ?? Number.POSITIVE_INFINITY;
  let index =
    cursor.after === null
      ? lowerBoundByTimestamp(events, startTime ?? 0)
      : upperBoundByKey(events, {
          timestamp: cursor.after[0],
          ingestionTime: cursor.after[1],
          sequence: cursor.after[2],
        });
  const page: StoredLogEvent[] = [];
  let pageBytes = 0;
  let scanned = 0;
  let lastExamined: StoredLogEvent | undefined;
  let stoppedEarly = false;
  for (; index < events.length; index += 1) {
    const event = events[index] as StoredLogEvent;
    if (endTime !== undefined && event.timestamp > endTime) break;
    const full = page.length >= pageLimit || pageBytes + event.sizeBytes > MAX_PAGE_BYTES || scanned >= scanBudget;
    if (full) {
      stoppedEarly = true;
      break;
    }
    scanned += 1;
    lastExamined = event;
    if (!streamFilter(event.logStreamName) || !compiled.matches(event.message)) continue;
    page.push(event);
    pageBytes += event.sizeBytes;
  }

  const after: Cursor['after'] =
    lastExamined === undefined
      ? cursor.after
      : [lastExamined.timestamp, lastExamined.ingestionTime, lastExamined.sequence];
  const output: FilterLogEventsResult['output'] = { events: page.map(toFilteredLogEvent) };
  if (stoppedEarly) {
    output.nextToken = issue({ after, page: cursor.page + 1, exhausted: false });
  } else if (quirks.trailingEmptyPage === true && page.length > 0) {
    output.nextToken = issue({ after, page: cursor.page + 1, exhausted: true });
  }
  return { output, eventIds: page.map((event) => event.eventId), eventsScanned: scanned };
}

function resolveGroupName(input: RequestInput, context: LogsContext): string {
  const name = input.string('logGroupName');
  const identifier = input.string('logGroupIdentifier');
  if (name !== undefined && identifier !== undefined) {
    throw invalidParameter('logGroupName and logGroupIdentifier are mutually exclusive; specify one of them');
  }
  if (name !== undefined) return name;
  if (identifier !== undefined) return resolveLogGroupIdentifier(identifier, context.region, context.accountId);
  throw invalidParameter('Either logGroupName or logGroupIdentifier must be specified');
}

function readCursor(token: string | undefined, fingerprint: string, nowMs: number): Cursor {
  if (token === undefined) return { after: null, page: 1, exhausted: false };
  const body = decodePageToken(token, 'FilterLogEvents', fingerprint);
  if (body === undefined) throw invalidParameter('The specified nextToken is invalid.');
  if (nowMs - body.issuedAtMs > TOKEN_LIFETIME_MS) throw invalidParameter('The specified nextToken has expired.');
  return body.cursor as Cursor;
}

function toStreamFilter(names: readonly string[] | undefined, prefix: string | undefined): (name: string) => boolean {
  if (names !== undefined) {
    const wanted = new Set(names);
    return (name) => wanted.has(name);
  }
  if (prefix !== undefined) return (name) => name.startsWith(prefix);
  return () => true;
}

function toFilteredLogEvent(event: StoredLogEvent): FilteredLogEvent {
  return {
    logStreamName: event.logStreamName,
    timestamp: event.timestamp,
    message: event.message,
    ingestionTime: event.ingestionTime,
    eventId: event.eventId,
  };
}
