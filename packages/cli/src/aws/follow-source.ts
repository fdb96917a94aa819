import { setTimeout as delay } from 'node:timers/promises';
import type { LogEvent } from '../core/log-event.js';
import { InputError } from '../errors.js';
import { describeAwsError } from './aws-errors.js';
import type { AwsSession } from './aws-session.js';
import { fallBackToPolling, runLiveLoop } from './follow-live-loop.js';
import { runPollLoop } from './follow-poll-loop.js';
import { FollowState } from './follow-state.js';
import type { FollowBatchInfo, FollowStatus } from './follow-status.js';
import { resolveFunctionTargets } from './function-configuration.js';
import { LIVE_TAIL_SESSION_LIMIT_MS, MAX_LIVE_TAIL_LOG_GROUPS } from './live-tail-session.js';
import { resolveLogGroupArns } from './log-group-arns.js';
import { LogGroupPoller } from './log-group-poller.js';
import { toLogGroupRoutes } from './log-group-routes.js';

export type { FollowBatchInfo, FollowMode, FollowStatus } from './follow-status.js';

export interface FollowSourceOptions {
  readonly session: AwsSession;
  /** Functions to follow; their log groups come from their configuration (else `/aws/lambda/NAME`). */
  readonly functionNames: readonly string[];
  /** Start from this event time (default: now). */
  readonly sinceMs?: number;
  /** Use Live Tail (push, ≤ 10 groups a session), falling back to polling on any refusal. */
  readonly live?: boolean;
  readonly filterPattern?: string;
  /** Each poll re-reads this far behind the newest event, to catch late events (default 60 s). */
  readonly overlapMs?: number;
  /** The poll interval: the minimum while events flow, doubling up to the maximum when idle or throttled. */
  readonly minPollIntervalMs?: number;
  readonly maxPollIntervalMs?: number;
  /** A Live Tail session is renewed after this long, before the service's 3-hour limit ends it. */
  readonly liveSessionMaxMs?: number;
  /** Event ids remembered per log group for deduplication (default 100,000); beyond it the overlap shrinks. */
  readonly maxRememberedEvents?: number;
  readonly signal?: AbortSignal;
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Each new warning, as it happens (they are also in the status). */
  readonly onWarning?: (message: string) => void;
}

/**
 * Log events of the followed functions as they arrive, in batches, deduplicated: an AsyncIterable for
 * `lambdatop tail --follow`, the dashboard, and anything else. Iterate once; `close()` (or breaking out of the loop)
 * stops every request and session.
 */
export interface FollowSource extends AsyncIterable<readonly LogEvent[]> {
  status(): FollowStatus;
  /** How a batch this source yielded was obtained (per Live Tail update: whether it was sampled). */
  describeBatch(batch: readonly LogEvent[]): FollowBatchInfo | undefined;
  close(): void;
}

export function createFollowSource(options: FollowSourceOptions): FollowSource {
  const session = options.session;
  const now = options.now ?? Date.now;
  const sleep =
    options.sleep ??
    ((ms: number, signal?: AbortSignal) => delay(ms, undefined, signal === undefined ? {} : { signal }));
  const minIntervalMs = options.minPollIntervalMs ?? 1000;
  const maxIntervalMs = Math.max(minIntervalMs, options.maxPollIntervalMs ?? 10_000);
  const controller = new AbortController();
  if (options.signal !== undefined) {
    if (options.signal.aborted) controller.abort(options.signal.reason);
    else options.signal.addEventListener('abort', () => controller.abort(options.signal?.reason), { once: true });
  }
  const state = new FollowState(session, controller.signal, now, options.onWarning);
  let started = false;
  let failure: unknown;

  const run = async (): Promise<void> => {
    const signal = controller.signal;
    const targets = await resolveFunctionTargets(session, options.functionNames, {
      signal,
      onWarning: (message) => state.warn(message),
    });
    const routes = toLogGroupRoutes(targets);
    state.logGroups = routes.map((route) => route.logGroup);
    const sinceMs = options.sinceMs ?? now();
    for (const route of routes) {
      state.pollers.set(
        route.logGroup,
        new LogGroupPoller({
          logGroup: route.logGroup,
          sinceMs,
          overlapMs: options.overlapMs ?? 60_000,
          filterPattern: options.filterPattern,
          maxRememberedEvents: options.maxRememberedEvents ?? 100_000,
          now,
          withContentKeys: options.live === true,
        }),
      );
    }
    const tasks: Promise<void>[] = [];
    if (options.live === true) {
      const arns = await resolveLogGroupArns(session, routes, signal);
      const unresolved = routes.filter((route) => !arns.has(route.logGroup));
      if (unresolved.length > 0) {
        fallBackToPolling(
          state,
          unresolved,
          'its ARN is unknown: neither the function configuration nor DescribeLogGroups gave it',
        );
      }
      const resolved = routes.filter((route) => arns.has(route.logGroup));
      for (let offset = 0; offset < resolved.length; offset += MAX_LIVE_TAIL_LOG_GROUPS) {
        const chunk = resolved.slice(offset, offset + MAX_LIVE_TAIL_LOG_GROUPS);
        tasks.push(
          runLiveLoop(
            state,
            chunk,
            chunk.map((route) => arns.get(route.logGroup) ?? route.logGroup),
            {
              filterPattern: options.filterPattern,
              sessionMaxMs: options.liveSessionMaxMs ?? LIVE_TAIL_SESSION_LIMIT_MS - 2 * 60_000,
            },
          ),
        );
      }
    } else {
      for (const route of routes) state.startPolling(route.logGroup);
    }
    state.updateMode();
    tasks.push(runPollLoop(state, routes, { minMs: minIntervalMs, maxMs: maxIntervalMs, sleep }));
    // A permanent failure in one task ends the source; the others stop with it.
    await Promise.all(
      tasks.map((task) =>
        task.catch((error: unknown) => {
          failure ??= error;
          controller.abort(error);
        }),
      ),
    );
  };

  const close = (): void => {
    state.mode = 'stopped';
    if (!controller.signal.aborted) controller.abort(new DOMException('The follow source was closed', 'AbortError'));
    state.queue.end();
  };

  return {
    [Symbol.asyncIterator]() {
      if (started) throw new TypeError('a follow source can be iterated once');
      started = true;
      const finish = (error: unknown): void => {
        if (error === undefined) state.queue.end();
        else state.queue.fail(error instanceof InputError ? error : new InputError(describeAwsError(error)));
      };
      run().then(
        () => finish(failure),
        (error: unknown) => finish(controller.signal.aborted && failure === undefined ? undefined : (failure ?? error)),
      );
      const inner = state.queue.drain();
      return {
        next: () => inner.next(),
        return: async () => {
          close();
          return inner.return();
        },
        [Symbol.asyncIterator]() {
          return this;
        },
      };
    },
    status: () => state.status(),
    describeBatch: (batch) => state.batchInfo.get(batch),
    close,
  };
}
