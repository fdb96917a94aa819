/**
 * The truth behind the CloudWatch Logs operations: log groups, streams and events, each group's events kept sorted
 * by (timestamp, ingestionTime, sequence) so a time range is found by binary search, never by a scan of the group.
 */
export interface StoredLogEvent {
  readonly logGroupName: string;
  readonly logStreamName: string;
  /** Event time in epoch milliseconds: what startTime/endTime filter on. */
  readonly timestamp: number;
  readonly ingestionTime: number;
  readonly message: string;
  /** A long decimal string, unique within the group, like the service's. */
  readonly eventId: string;
  /** Insertion order within the group; the last tie-breaker of the sort order. */
  readonly sequence: number;
  /** UTF-8 bytes of the message plus the 26 bytes of per-event overhead the service counts. */
  readonly sizeBytes: number;
}

export interface LogStreamInfo {
  readonly logStreamName: string;
  readonly creationTime: number;
  readonly firstEventTimestamp: number | undefined;
  readonly lastEventTimestamp: number | undefined;
  readonly lastIngestionTime: number | undefined;
  readonly storedBytes: number;
}

export interface LogGroupInfo {
  readonly logGroupName: string;
  readonly creationTime: number;
  readonly retentionInDays: number | undefined;
  readonly storedBytes: number;
  readonly eventCount: number;
}

export interface NewLogEvent {
  readonly timestamp: number;
  readonly message: string;
  /** Defaults to the server clock: a late event is one whose timestamp is older than events already stored. */
  readonly ingestionTime?: number;
}

export interface EventSortKey {
  readonly timestamp: number;
  readonly ingestionTime: number;
  readonly sequence: number;
}

/** https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html */
const EVENT_OVERHEAD_BYTES = 26;
const EVENT_ID_DIGITS = 56;

interface MutableStream {
  readonly logStreamName: string;
  readonly creationTime: number;
  firstEventTimestamp: number | undefined;
  lastEventTimestamp: number | undefined;
  lastIngestionTime: number | undefined;
  storedBytes: number;
}

interface MutableGroup {
  readonly logGroupName: string;
  readonly ordinal: number;
  readonly creationTime: number;
  retentionInDays: number | undefined;
  readonly streams: Map<string, MutableStream>;
  readonly events: StoredLogEvent[];
  nextSequence: number;
  storedBytes: number;
}

export type LogEventsListener = (events: readonly StoredLogEvent[]) => void;

export class LogsStore {
  private readonly groups = new Map<string, MutableGroup>();
  private readonly listeners = new Set<LogEventsListener>();

  constructor(private readonly nowMs: () => number) {}

  createLogGroup(logGroupName: string, options: { retentionInDays?: number } = {}): void {
    if (this.groups.has(logGroupName)) return;
    this.groups.set(logGroupName, {
      logGroupName,
      ordinal: this.groups.size + 1,
      creationTime: this.nowMs(),
      retentionInDays: options.retentionInDays,
      streams: new Map(),
      events: [],
      nextSequence: 0,
      storedBytes: 0,
    });
  }

  createLogStream(logGroupName: string, logStreamName: string): void {
    const group = this.requireGroup(logGroupName);
    if (group.streams.has(logStreamName)) return;
    group.streams.set(logStreamName, {
      logStreamName,
      creationTime: this.nowMs(),
      firstEventTimestamp: undefined,
      lastEventTimestamp: undefined,
      lastIngestionTime: undefined,
      storedBytes: 0,
    });
  }

  /** Appends events, creating the group and stream when missing, and pushes them to Live Tail subscribers. */
  putLogEvents(logGroupName: string, logStreamName: string, events: readonly NewLogEvent[]): StoredLogEvent[] {
    this.createLogGroup(logGroupName);
    this.createLogStream(logGroupName, logStreamName);
    const group = this.requireGroup(logGroupName);
    const stream = group.streams.get(logStreamName) as MutableStream;
    const stored = events.map((event) => {
      const sequence = group.nextSequence;
      group.nextSequence += 1;
      const sizeBytes = Buffer.byteLength(event.message, 'utf8') + EVENT_OVERHEAD_BYTES;
      const record: StoredLogEvent = {
        logGroupName,
        logStreamName,
        timestamp: event.timestamp,
        ingestionTime: event.ingestionTime ?? this.nowMs(),
        message: event.message,
        eventId: toEventId(group.ordinal, event.timestamp, sequence),
        sequence,
        sizeBytes,
      };
      insertSorted(group.events, record);
      group.storedBytes += sizeBytes;
      stream.storedBytes += sizeBytes;
      stream.firstEventTimestamp = minDefined(stream.firstEventTimestamp, record.timestamp);
      stream.lastEventTimestamp = maxDefined(stream.lastEventTimestamp, record.timestamp);
      stream.lastIngestionTime = maxDefined(stream.lastIngestionTime, record.ingestionTime);
      return record;
    });
    for (const listener of this.listeners) listener(stored);
    return stored;
  }

  hasLogGroup(logGroupName: string): boolean {
    return this.groups.has(logGroupName);
  }

  listLogGroups(): LogGroupInfo[] {
    return [...this.groups.values()]
      .map((group) => ({
        logGroupName: group.logGroupName,
        creationTime: group.creationTime,
        retentionInDays: group.retentionInDays,
        storedBytes: group.storedBytes,
        eventCount: group.events.length,
      }))
      .sort((a, b) => compareStrings(a.logGroupName, b.logGroupName));
  }

  listLogStreams(logGroupName: string): LogStreamInfo[] {
    return [...this.requireGroup(logGroupName).streams.values()].map((stream) => ({ ...stream }));
  }

  hasLogStream(logGroupName: string, logStreamName: string): boolean {
    return this.groups.get(logGroupName)?.streams.has(logStreamName) ?? false;
  }

  /** The group's events in service order; read-only, do not keep across appends. */
  eventsOf(logGroupName: string): readonly StoredLogEvent[] {
    return this.requireGroup(logGroupName).events;
  }

  subscribe(listener: LogEventsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private requireGroup(logGroupName: string): MutableGroup {
    const group = this.groups.get(logGroupName);
    if (group === undefined) throw new Error(`local AWS: log group ${logGroupName} does not exist`);
    return group;
  }
}

export function compareEventKeys(a: EventSortKey, b: EventSortKey): number {
  return a.timestamp - b.timestamp || a.ingestionTime - b.ingestionTime || a.sequence - b.sequence;
}

/** First index whose timestamp is at or after `timestamp`. */
export function lowerBoundByTimestamp(events: readonly StoredLogEvent[], timestamp: number): number {
  let low = 0;
  let high = events.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((events[mid] as StoredLogEvent).timestamp < timestamp) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** First index whose key sorts strictly after `key`. */
export function upperBoundByKey(events: readonly StoredLogEvent[], key: EventSortKey): number {
  let low = 0;
  let high = events.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareEventKeys(events[mid] as StoredLogEvent, key) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

function insertSorted(events: StoredLogEvent[], record: StoredLogEvent): void {
  const last = events[events.length - 1];
  if (last === undefined || compareEventKeys(last, record) <= 0) {
    events.push(record);
    return;
  }
  events.splice(upperBoundByKey(events, record), 0, record);
}

function toEventId(groupOrdinal: number, timestamp: number, sequence: number): string {
  const digits = `${String(Math.max(0, timestamp)).padStart(20, '0')}${String(sequence).padStart(20, '0')}`;
  return `${String(groupOrdinal).padStart(EVENT_ID_DIGITS - digits.length, '0')}${digits}`.replace(/^0/, '3');
}

function minDefined(current: number | undefined, value: number): number {
  return current === undefined ? value : Math.min(current, value);
}

function maxDefined(current: number | undefined, value: number): number {
  return current === undefined ? value : Math.max(current, value);
}

export function compareStrings(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}
