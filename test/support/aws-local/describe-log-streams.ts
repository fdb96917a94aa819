import type { LogsContext } from './filter-log-events.js';
import { resolveLogGroupIdentifier, toLogGroupArn } from './log-group-arn.js';
import { compareStrings, type LogStreamInfo } from './logs-store.js';
import { decodePageToken, encodePageToken, fingerprintOf } from './page-token.js';
import type { RequestInput } from './request-input.js';
import { invalidParameter, logsResourceNotFound } from './service-error.js';

/** https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogStreams.html */
const DEFAULT_LIMIT = 50;

export function describeLogStreams(input: RequestInput, context: LogsContext): unknown {
  const name = input.string('logGroupName');
  const identifier = input.string('logGroupIdentifier');
  if ((name === undefined) === (identifier === undefined)) {
    throw invalidParameter('Specify exactly one of logGroupName and logGroupIdentifier');
  }
  const logGroupName = name ?? resolveLogGroupIdentifier(identifier as string, context.region, context.accountId);
  const prefix = input.string('logStreamNamePrefix');
  const orderBy = input.string('orderBy') ?? 'LogStreamName';
  if (orderBy !== 'LogStreamName' && orderBy !== 'LastEventTime') {
    throw invalidParameter('orderBy must be LogStreamName or LastEventTime');
  }
  if (orderBy === 'LastEventTime' && prefix !== undefined) {
    throw invalidParameter('Cannot order by LastEventTime with a logStreamNamePrefix.');
  }
  const descending = input.boolean('descending') ?? false;
  const limit = input.integer('limit') ?? DEFAULT_LIMIT;
  if (limit < 1 || limit > DEFAULT_LIMIT) throw invalidParameter(`limit must be between 1 and ${DEFAULT_LIMIT}`);
  if (!context.store.hasLogGroup(logGroupName)) throw logsResourceNotFound('The specified log group does not exist.');

  const compare =
    orderBy === 'LogStreamName'
      ? (a: LogStreamInfo, b: LogStreamInfo) => compareStrings(a.logStreamName, b.logStreamName)
      : (a: LogStreamInfo, b: LogStreamInfo) =>
          (a.lastEventTimestamp ?? -1) - (b.lastEventTimestamp ?? -1) ||
          compareStrings(a.logStreamName, b.logStreamName);
  const ordered = context.store
    .listLogStreams(logGroupName)
    .filter((stream) => prefix === undefined || stream.logStreamName.startsWith(prefix))
    .sort((a, b) => (descending ? compare(b, a) : compare(a, b)));

  const fingerprint = fingerprintOf([logGroupName, prefix, orderBy, descending]);
  const token = input.string('nextToken');
  let offset = 0;
  if (token !== undefined) {
    const body = decodePageToken(token, 'DescribeLogStreams', fingerprint);
    if (body === undefined) throw invalidParameter('The specified nextToken is invalid.');
    offset = body.cursor as number;
  }
  const page = ordered.slice(offset, offset + limit);
  const groupArn = toLogGroupArn(logGroupName, context.region, context.accountId);
  return {
    logStreams: page.map((stream) => ({
      logStreamName: stream.logStreamName,
      creationTime: stream.creationTime,
      ...(stream.firstEventTimestamp === undefined ? {} : { firstEventTimestamp: stream.firstEventTimestamp }),
      ...(stream.lastEventTimestamp === undefined ? {} : { lastEventTimestamp: stream.lastEventTimestamp }),
      ...(stream.lastIngestionTime === undefined ? {} : { lastIngestionTime: stream.lastIngestionTime }),
      arn: `${groupArn}:log-stream:${stream.logStreamName}`,
      storedBytes: 0,
    })),
    ...(offset + limit < ordered.length
      ? {
          nextToken: encodePageToken({
            operation: 'DescribeLogStreams',
            fingerprint,
            issuedAtMs: context.nowMs(),
            cursor: offset + limit,
          }),
        }
      : {}),
  };
}
