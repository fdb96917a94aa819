import type { LogEvent } from '../core/log-event.js';
import { classifyAwsError } from './aws-errors.js';
import type { AwsSession } from './aws-session.js';
import { readFilterLogEvents } from './filter-log-events-reader.js';
import { type LogGroupRoute, routeEvent } from './log-group-routes.js';

export interface ReadLogGroupsRequest {
  readonly sinceMs: number;
  readonly untilMs: number;
  readonly filterPattern?: string | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Events per yielded batch (default 1,000). */
  readonly batchSize?: number;
  /** A group that does not exist (a function that never ran) is skipped with this warning rather than failing. */
  readonly onWarning?: (message: string) => void;
}

interface Lane {
  readonly route: LogGroupRoute;
  readonly pages: AsyncGenerator<LogEvent[], void, undefined>;
  buffer: LogEvent[];
  index: number;
  done: boolean;
}

/**
 * Every event of the routes' groups in the window, exactly once, merged across groups in event-time order (each
 * group arrives sorted; one page per group is held at a time). Events of functions not asked for are left out.
 */
export async function* readLogGroups(
  session: AwsSession,
  routes: readonly LogGroupRoute[],
  request: ReadLogGroupsRequest,
): AsyncGenerator<LogEvent[], void, undefined> {
  const batchSize = request.batchSize ?? 1000;
  const lanes: Lane[] = routes.map((route) => ({
    route,
    pages: readFilterLogEvents(
      session,
      {
        logGroupName: route.logGroup,
        startMs: request.sinceMs,
        endMs: request.untilMs,
        filterPattern: request.filterPattern,
      },
      { signal: request.signal },
    ),
    buffer: [],
    index: 0,
    done: false,
  }));
  const refill = async (lane: Lane): Promise<void> => {
    while (!lane.done && lane.index >= lane.buffer.length) {
      let next: IteratorResult<LogEvent[], void>;
      try {
        next = await lane.pages.next();
      } catch (error) {
        if (request.signal?.aborted === true || classifyAwsError(error) !== 'not-found') throw error;
        request.onWarning?.(`Log group ${lane.route.logGroup} does not exist (a function that never ran has none).`);
        lane.done = true;
        return;
      }
      if (next.done === true) lane.done = true;
      else {
        lane.buffer = next.value.filter((event) => routeEvent(lane.route, event.logStream) !== undefined);
        lane.index = 0;
      }
    }
  };
  try {
    let batch: LogEvent[] = [];
    for (;;) {
      let earliest: Lane | undefined;
      for (const lane of lanes) {
        await refill(lane);
        const head = lane.buffer[lane.index];
        if (head === undefined) continue;
        const best = earliest?.buffer[earliest.index];
        if (best === undefined || (head.timestampMs ?? 0) < (best.timestampMs ?? 0)) earliest = lane;
      }
      const event = earliest?.buffer[earliest.index];
      if (earliest === undefined || event === undefined) break;
      earliest.index += 1;
      batch.push(event);
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  } finally {
    await Promise.allSettled(lanes.map((lane) => lane.pages.return()));
  }
}
