import type { LiveTailSessionLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import type { LogEvent } from '../core/log-event.js';
import type { AwsSession } from './aws-session.js';
import { loadLogsSdk } from './load-aws-sdk.js';

/**
 * StartLiveTail: ≤ 10 log groups per session, as ARNs without `:*`; one update a second with at most 500 events,
 * sampled above that (`sessionMetadata.sampled`); ended by the service after 3 hours (SessionTimeoutException).
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_StartLiveTail.html
 */
export const MAX_LIVE_TAIL_LOG_GROUPS = 10;
export const LIVE_TAIL_SESSION_LIMIT_MS = 3 * 60 * 60 * 1000;

export interface LiveTailUpdate {
  readonly sampled: boolean;
  readonly events: readonly LogEvent[];
}

/** `arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/orders` → `/aws/lambda/orders` (a name stays a name). */
export function toLogGroupName(identifier: string): string {
  const marker = ':log-group:';
  const at = identifier.indexOf(marker);
  if (!identifier.startsWith('arn:') || at < 0) return identifier;
  const name = identifier.slice(at + marker.length);
  return name.endsWith(':*') ? name.slice(0, -2) : name;
}

/** The log group's ARN as StartLiveTail wants it, from the function's ARN (same partition, Region and account). */
export function toLogGroupArn(logGroup: string, functionArn: string | undefined): string | undefined {
  const parts = functionArn?.split(':');
  if (parts === undefined || parts.length < 5 || parts[0] !== 'arn') return undefined;
  return `arn:${parts[1]}:logs:${parts[3]}:${parts[4]}:log-group:${logGroup}`;
}

function toLiveEvent(event: LiveTailSessionLogEvent): LogEvent {
  return {
    message: event.message ?? '',
    logGroup: event.logGroupIdentifier === undefined ? undefined : toLogGroupName(event.logGroupIdentifier),
    logStream: event.logStreamName,
    timestampMs: event.timestamp,
    ingestionTimeMs: event.ingestionTime,
  };
}

/**
 * Starts one Live Tail session over up to 10 groups; resolves once the service has accepted it (the response
 * stream is open), with its updates as an async iterable. The updates end when the service ends the session (the
 * error it sent is thrown: SessionTimeoutException at the 3-hour limit) or when `signal` aborts. Breaking out of the
 * SDK's stream does not close the connection, so a session is always ended by aborting its request.
 */
export async function startLiveTailSession(
  session: AwsSession,
  logGroupArns: readonly string[],
  signal: AbortSignal,
  filterPattern?: string,
): Promise<AsyncIterable<LiveTailUpdate>> {
  const { StartLiveTailCommand } = await loadLogsSdk();
  const logs = await session.logs();
  // One attempt: a refusal (access denied, throttling, an endpoint without Live Tail) means falling back to polling.
  const response = await session.call(
    'StartLiveTail',
    (abortSignal) =>
      logs.send(
        new StartLiveTailCommand({
          logGroupIdentifiers: [...logGroupArns],
          ...(filterPattern === undefined || filterPattern === '' ? {} : { logEventFilterPattern: filterPattern }),
        }),
        {
          abortSignal: abortSignal ?? signal,
        },
      ),
    { signal, maxAttempts: 1 },
  );
  const stream = response.responseStream ?? [];
  return {
    async *[Symbol.asyncIterator]() {
      for await (const message of stream) {
        const update = message.sessionUpdate;
        if (update === undefined) continue;
        yield {
          sampled: update.sessionMetadata?.sampled === true,
          events: (update.sessionResults ?? []).map(toLiveEvent),
        };
      }
    },
  };
}
