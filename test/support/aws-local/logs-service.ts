import { describeLogGroups } from './describe-log-groups.js';
import { describeLogStreams } from './describe-log-streams.js';
import { filterLogEvents, type LogsContext } from './filter-log-events.js';
import type { InsightsQueries } from './insights-queries.js';
import { RequestInput } from './request-input.js';
import { ServiceError } from './service-error.js';

/** The outcome of one non-streaming operation: its output and what the request log should remember. */
export interface OperationResult {
  readonly output: unknown;
  readonly httpStatus?: number;
  readonly eventIds?: readonly string[];
  readonly eventsScanned?: number;
}

/** CloudWatch Logs operations other than StartLiveTail (which streams, see live-tail.ts). */
export function handleLogsOperation(
  operation: string,
  body: unknown,
  context: LogsContext,
  insights: InsightsQueries,
): OperationResult {
  const input = new RequestInput(body);
  switch (operation) {
    case 'FilterLogEvents': {
      const result = filterLogEvents(input, context);
      return { output: result.output, eventIds: result.eventIds, eventsScanned: result.eventsScanned };
    }
    case 'DescribeLogGroups':
      return { output: describeLogGroups(input, context) };
    case 'DescribeLogStreams':
      return { output: describeLogStreams(input, context) };
    case 'StartQuery':
      return { output: insights.startQuery(input) };
    case 'GetQueryResults':
      return { output: insights.getQueryResults(input) };
    case 'StopQuery':
      return { output: insights.stopQuery(input) };
    case 'DescribeQueries':
      return { output: insights.describeQueries(input) };
    default:
      throw new ServiceError({
        type: 'UnknownOperationException',
        httpStatus: 400,
        message: `The local server does not implement Logs_20140328.${operation}`,
      });
  }
}
