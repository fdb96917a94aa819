import type { LogEvent } from '../core/log-event.js';
import { describeAwsError } from './aws-errors.js';
import { pollGroup } from './follow-poll-loop.js';
import type { FollowState } from './follow-state.js';
import { type LiveTailUpdate, startLiveTailSession } from './live-tail-session.js';
import { type LogGroupRoute, routeEvent } from './log-group-routes.js';

/** Hands the groups to polling, with the reason in a warning. */
export function fallBackToPolling(state: FollowState, routes: readonly LogGroupRoute[], reason: string): void {
  state.warn(
    `Live Tail unavailable for ${routes.map((route) => route.logGroup).join(', ')} (${reason}); polling FilterLogEvents instead.`,
  );
  for (const route of routes) {
    const poller = state.pollers.get(route.logGroup);
    if (poller !== undefined) poller.recordPollKeys = false;
    state.startPolling(route.logGroup);
  }
  state.updateMode();
}

export interface LiveLoopOptions {
  readonly filterPattern?: string | undefined;
  /** A session is renewed after this long, before the service's limit ends it. */
  readonly sessionMaxMs: number;
}

/**
 * Live Tail over ≤ 10 groups, session after session. Each session starts with an exact catch-up poll of its groups,
 * so nothing is lost while a session starts; events that both deliver are emitted once (by content: Live Tail has no
 * eventIds). A session is renewed at `sessionMaxMs`, or at once when the service ends it (SessionTimeoutException);
 * any other failure hands the groups to polling.
 */
export async function runLiveLoop(
  state: FollowState,
  routes: readonly LogGroupRoute[],
  arns: readonly string[],
  options: LiveLoopOptions,
): Promise<void> {
  const byGroup = new Map(routes.map((route) => [route.logGroup, route]));
  const signal = state.signal;
  while (!signal.aborted) {
    const sessionController = new AbortController();
    const stop = (): void => sessionController.abort();
    signal.addEventListener('abort', stop, { once: true });
    let updates: AsyncIterable<LiveTailUpdate>;
    try {
      updates = await startLiveTailSession(state.session, arns, sessionController.signal, options.filterPattern);
    } catch (error) {
      signal.removeEventListener('abort', stop);
      if (!signal.aborted) fallBackToPolling(state, routes, describeAwsError(error));
      return;
    }
    const startedAtMs = state.now();
    state.liveSessions += 1;
    state.updateMode();
    try {
      for (const route of routes) await pollGroup(state, route);
      for await (const update of updates) {
        state.sampled = update.sampled;
        if (update.sampled) {
          state.sampledUpdates += 1;
          state.warn(
            'Live Tail is sampling (more than 500 events a second): events are missing and figures are sampled.',
          );
        }
        const accepted: LogEvent[] = [];
        for (const event of update.events) {
          const route = event.logGroup === undefined ? undefined : byGroup.get(event.logGroup);
          if (route === undefined || routeEvent(route, event.logStream) === undefined) continue;
          if (state.pollers.get(route.logGroup)?.acceptLiveEvent(event) === true) accepted.push(event);
          else state.liveDuplicates += 1;
        }
        for (const route of routes) state.pollers.get(route.logGroup)?.forget();
        await state.emit(accepted, { source: 'live', sampled: update.sampled });
        if (state.now() - startedAtMs >= options.sessionMaxMs) break;
      }
    } catch (error) {
      if (signal.aborted) return;
      if ((error as { name?: unknown }).name !== 'SessionTimeoutException') {
        fallBackToPolling(state, routes, describeAwsError(error));
        return;
      }
    } finally {
      sessionController.abort();
      signal.removeEventListener('abort', stop);
      state.liveSessions -= 1;
      state.updateMode();
    }
  }
}
