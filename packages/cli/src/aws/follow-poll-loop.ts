import { classifyAwsError, describeAwsError } from './aws-errors.js';
import { toLogReadError } from './cloudwatch-report.js';
import type { FollowState } from './follow-state.js';
import { type LogGroupRoute, routeEvent } from './log-group-routes.js';

/** Polls one group from its poller's start to the end; true when it emitted events. A permanent failure throws. */
export async function pollGroup(state: FollowState, route: LogGroupRoute): Promise<boolean> {
  const poller = state.pollers.get(route.logGroup);
  if (poller === undefined || state.signal.aborted) return false;
  let found = false;
  try {
    for await (const page of poller.poll(state.session, state.signal, state.pollCounts)) {
      const mine = page.filter((event) => routeEvent(route, event.logStream) !== undefined);
      found ||= mine.length > 0;
      await state.emit(mine, { source: 'poll', sampled: false });
    }
  } catch (error) {
    if (state.signal.aborted) return found;
    const kind = classifyAwsError(error);
    if (kind === 'access-denied' || kind === 'credentials' || kind === 'invalid') {
      throw toLogReadError(route.logGroup, error);
    }
    state.warn(
      kind === 'not-found'
        ? `Log group ${route.logGroup} does not exist yet; waiting for the function's first invocation.`
        : `Reading ${route.logGroup} failed for now (${describeAwsError(error)}); retrying.`,
    );
  }
  const limited = poller.forget();
  if (limited !== undefined) state.warn(limited);
  return found;
}

export interface PollIntervals {
  readonly minMs: number;
  readonly maxMs: number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Polls every group in `state.polling`, round after round: at the minimum interval while events flow, doubling to
 * the maximum when a round finds nothing, was throttled or failed. Every request still waits its turn at the shared
 * limiter. With nothing to poll (all on Live Tail), it sleeps until a group falls back.
 */
export async function runPollLoop(
  state: FollowState,
  routes: readonly LogGroupRoute[],
  intervals: PollIntervals,
): Promise<void> {
  let intervalMs = intervals.minMs;
  let warnedOfThrottling = false;
  while (!state.signal.aborted) {
    const due = routes.filter((route) => state.polling.has(route.logGroup));
    if (due.length === 0) {
      state.pollIntervalMs = undefined;
      await state.untilPolling();
      continue;
    }
    const throttlesBefore = state.session.stats().throttles;
    let found = false;
    for (const route of due) found = (await pollGroup(state, route)) || found;
    const throttled = state.session.stats().throttles > throttlesBefore;
    if (throttled && !warnedOfThrottling) {
      warnedOfThrottling = true;
      state.warn(
        'CloudWatch is throttling requests (the quota is shared by every tool in the account and Region): polling less often.',
      );
    }
    intervalMs = found && !throttled ? intervals.minMs : Math.min(intervals.maxMs, intervalMs * 2);
    state.pollIntervalMs = intervalMs;
    try {
      await intervals.sleep(intervalMs, state.signal);
    } catch {
      // Aborted: the loop condition ends it.
    }
  }
}
