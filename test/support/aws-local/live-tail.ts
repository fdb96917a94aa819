import { randomUUID } from 'node:crypto';
import { createEventFrame, createExceptionFrame } from './event-stream.js';
import type { LogsContext } from './filter-log-events.js';
import { compileFilterPattern, type LogMessageMatcher } from './filter-pattern.js';
import { parseLogGroupArn } from './log-group-arn.js';
import type { StoredLogEvent } from './logs-store.js';
import type { RequestInput } from './request-input.js';
import { invalidParameter, logsResourceNotFound } from './service-error.js';

/**
 * StartLiveTail sessions: one sessionStart frame, then one sessionUpdate per interval carrying at most 500 events
 * (sampled above that, with sessionMetadata.sampled = true), until the session limit ends it with
 * SessionTimeoutException. https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_StartLiveTail.html
 */
export const MAX_LIVE_TAIL_LOG_GROUPS = 10;
export const MAX_EVENTS_PER_UPDATE = 500;
export const LIVE_TAIL_SESSION_LIMIT_MS = 3 * 60 * 60 * 1000;

export interface LiveTailOptions {
  readonly updateIntervalMs: number;
  readonly maxEventsPerUpdate: number;
  readonly sessionLimitMs: number;
  /** Picks which events survive sampling; Math.random unless a test wants determinism. */
  readonly random: () => number;
}

export interface LiveTailRequest {
  readonly logGroupIdentifiers: readonly string[];
  readonly logStreamNames: readonly string[] | undefined;
  readonly logStreamNamePrefixes: readonly string[] | undefined;
  readonly logEventFilterPattern: string | undefined;
  /** Group name → the identifier the client gave, echoed in each event's logGroupIdentifier. */
  readonly identifierByGroup: ReadonlyMap<string, string>;
  readonly matches: LogMessageMatcher;
}

export function parseStartLiveTail(input: RequestInput, context: LogsContext): LiveTailRequest {
  const identifiers = input.stringList('logGroupIdentifiers');
  if (identifiers === undefined || identifiers.length === 0) {
    throw invalidParameter('logGroupIdentifiers must list at least one log group ARN');
  }
  if (identifiers.length > MAX_LIVE_TAIL_LOG_GROUPS) {
    throw invalidParameter(`logGroupIdentifiers can hold at most ${MAX_LIVE_TAIL_LOG_GROUPS} log groups`);
  }
  const identifierByGroup = new Map<string, string>();
  for (const identifier of identifiers) {
    const arn = parseLogGroupArn(identifier);
    if (arn === undefined) throw invalidParameter(`${identifier} is not a log group ARN`);
    if (arn.hasWildcardSuffix) throw invalidParameter(`log group ARNs must not end with :* (${identifier})`);
    const known =
      arn.accountId === context.accountId &&
      arn.region === context.region &&
      context.store.hasLogGroup(arn.logGroupName);
    if (!known) throw logsResourceNotFound(`The specified log group does not exist: ${identifier}`);
    identifierByGroup.set(arn.logGroupName, identifier);
  }
  const logStreamNames = input.stringList('logStreamNames');
  const logStreamNamePrefixes = input.stringList('logStreamNamePrefixes');
  if (logStreamNames !== undefined && logStreamNamePrefixes !== undefined) {
    throw invalidParameter('logStreamNames and logStreamNamePrefixes are mutually exclusive');
  }
  if ((logStreamNames !== undefined || logStreamNamePrefixes !== undefined) && identifiers.length !== 1) {
    throw invalidParameter('logStreamNames and logStreamNamePrefixes can be used only with exactly one log group');
  }
  const logEventFilterPattern = input.string('logEventFilterPattern');
  const compiled = compileFilterPattern(logEventFilterPattern);
  if (!compiled.ok) throw invalidParameter(`Invalid filter pattern: ${compiled.reason}`);
  return {
    logGroupIdentifiers: identifiers,
    logStreamNames,
    logStreamNamePrefixes,
    logEventFilterPattern,
    identifierByGroup,
    matches: compiled.matches,
  };
}

export type LiveTailEnd = 'timeout' | 'streaming-exception' | 'client-closed' | 'server-closed';

export interface LiveTailSessionHooks {
  readonly write: (frame: Buffer) => void;
  readonly end: () => void;
  readonly subscribe: (listener: (events: readonly StoredLogEvent[]) => void) => () => void;
  readonly onEnded: (reason: LiveTailEnd, eventsSent: number) => void;
}

export class LiveTailSession {
  readonly sessionId = randomUUID();
  private buffer: StoredLogEvent[] = [];
  private updatesSent = 0;
  private eventsSent = 0;
  private ended = false;
  private readonly timers: NodeJS.Timeout[] = [];
  private unsubscribe: () => void = () => undefined;

  constructor(
    private readonly request: LiveTailRequest,
    private readonly options: LiveTailOptions,
    private readonly hooks: LiveTailSessionHooks,
    private readonly streamingExceptionAfterUpdates: number | undefined,
  ) {}

  /** The first frame of the response: the session's identity and the filters it applies. */
  sessionStartFrame(requestId: string): Buffer {
    return createEventFrame('sessionStart', {
      requestId,
      sessionId: this.sessionId,
      logGroupIdentifiers: this.request.logGroupIdentifiers,
      ...(this.request.logStreamNames === undefined ? {} : { logStreamNames: this.request.logStreamNames }),
      ...(this.request.logStreamNamePrefixes === undefined
        ? {}
        : { logStreamNamePrefixes: this.request.logStreamNamePrefixes }),
      ...(this.request.logEventFilterPattern === undefined
        ? {}
        : { logEventFilterPattern: this.request.logEventFilterPattern }),
    });
  }

  start(requestId: string): void {
    this.hooks.write(this.sessionStartFrame(requestId));
    this.unsubscribe = this.hooks.subscribe((events) => {
      for (const event of events) if (this.wants(event)) this.buffer.push(event);
    });
    this.timers.push(setInterval(() => this.flush(), this.options.updateIntervalMs));
    this.timers.push(
      setTimeout(() => {
        this.flush();
        this.finish('timeout', () =>
          this.hooks.write(
            createExceptionFrame('SessionTimeoutException', 'Session timed out after reaching the session limit.'),
          ),
        );
      }, this.options.sessionLimitMs),
    );
  }

  /** Ends the session without a frame (the client went away or the server is closing). */
  stop(reason: 'client-closed' | 'server-closed'): void {
    this.finish(reason, () => undefined);
  }

  private wants(event: StoredLogEvent): boolean {
    if (!this.request.identifierByGroup.has(event.logGroupName)) return false;
    const { logStreamNames, logStreamNamePrefixes } = this.request;
    if (logStreamNames !== undefined && !logStreamNames.includes(event.logStreamName)) return false;
    if (logStreamNamePrefixes !== undefined && !logStreamNamePrefixes.some((p) => event.logStreamName.startsWith(p))) {
      return false;
    }
    return this.request.matches(event.message);
  }

  private flush(): void {
    if (this.ended) return;
    const pending = this.buffer;
    this.buffer = [];
    const sampled = pending.length > this.options.maxEventsPerUpdate;
    const chosen = sampled ? sample(pending, this.options.maxEventsPerUpdate, this.options.random) : pending;
    this.hooks.write(
      createEventFrame('sessionUpdate', {
        sessionMetadata: { sampled },
        sessionResults: chosen.map((event) => ({
          logStreamName: event.logStreamName,
          logGroupIdentifier: this.request.identifierByGroup.get(event.logGroupName),
          message: event.message,
          timestamp: event.timestamp,
          ingestionTime: event.ingestionTime,
        })),
      }),
    );
    this.updatesSent += 1;
    this.eventsSent += chosen.length;
    if (this.streamingExceptionAfterUpdates !== undefined && this.updatesSent >= this.streamingExceptionAfterUpdates) {
      this.finish('streaming-exception', () =>
        this.hooks.write(
          createExceptionFrame('SessionStreamingException', 'An internal error occurred while streaming.'),
        ),
      );
    }
  }

  private finish(reason: LiveTailEnd, lastWords: () => void): void {
    if (this.ended) return;
    this.ended = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.unsubscribe();
    lastWords();
    this.hooks.end();
    this.hooks.onEnded(reason, this.eventsSent);
  }
}

/** `count` events chosen uniformly without replacement, kept in their original order. */
function sample<T>(items: readonly T[], count: number, random: () => number): T[] {
  const indexes = items.map((_, index) => index);
  for (let i = 0; i < count; i += 1) {
    const j = i + Math.floor(random() * (indexes.length - i));
    [indexes[i], indexes[j]] = [indexes[j] as number, indexes[i] as number];
  }
  return indexes
    .slice(0, count)
    .sort((a, b) => a - b)
    .map((index) => items[index] as T);
}
