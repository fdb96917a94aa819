import { setTimeout as delay } from 'node:timers/promises';
import type { LogEvent } from '../core/log-event.js';
import type { FigureBasis } from '../core/stats/function-stats.js';
import { InputError } from '../errors.js';
import { classifyAwsError, describeAwsError } from './aws-errors.js';
import type { AwsSession } from './aws-session.js';
import { BatchQueue } from './batch-queue.js';
import { toLogReadError } from './cloudwatch-report.js';
import { type FunctionTarget, resolveFunctionTargets } from './function-configuration.js';
import { LIVE_TAIL_SESSION_LIMIT_MS, MAX_LIVE_TAIL_LOG_GROUPS, startLiveTailSession } from './live-tail-session.js';
import { resolveLogGroupArns } from './log-group-arns.js';
import { LogGroupPoller } from './log-group-poller.js';
import { type LogGroupRoute, routeEvent, toLogGroupRoutes } from './log-group-routes.js';

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

export type FollowMode = 'starting' | 'polling' | 'live' | 'stopped';

/** What the source is doing, for a status line. A snapshot: call status() again for fresh figures. */
export interface FollowStatus {
  /** `live` while any Live Tail session runs (groups that fell back are polled beside it). */
  readonly mode: FollowMode;
  /** `sampled` once Live Tail has sampled an update (above 500 events a second), else `exact`. */
  readonly basis: FigureBasis;
  /** Whether the latest Live Tail update was sampled. */
  readonly sampled: boolean;
  readonly sampledUpdates: number;
  readonly logGroups: readonly string[];
  readonly liveSessions: number;
  readonly pollingLogGroups: number;
  /** Now minus the newest event time seen; undefined before the first event. */
  readonly lagMs: number | undefined;
  readonly events: number;
  readonly duplicatesDropped: number;
  /** Event ids held for deduplication, over all groups: the events of one overlap window. */
  readonly rememberedEventIds: number;
  readonly requests: number;
  readonly throttles: number;
  readonly retries: number;
  readonly errors: number;
  readonly pollIntervalMs: number | undefined;
  /** The latest warnings (at most 50), oldest first. */
  readonly warnings: readonly string[];
}

/** How one yielded batch was obtained. */
export interface FollowBatchInfo {
  readonly source: 'poll' | 'live';
  /** A Live Tail update that held only a sample of the events (more than 500 in its second). */
  readonly sampled: boolean;
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

const MAX_WARNINGS = 50;
/** Batches queued for a slow consumer before producers wait. */
const QUEUE_BATCHES = 64;

export function createFollowSource(options: FollowSourceOptions): FollowSource {
  const session = options.session;
  const now = options.now ?? Date.now;
  const sleep =
    options.sleep ??
    ((ms: number, signal?: AbortSignal) => delay(ms, undefined, signal === undefined ? {} : { signal }));
  const minIntervalMs = options.minPollIntervalMs ?? 1000;
  const maxIntervalMs = Math.max(minIntervalMs, options.maxPollIntervalMs ?? 10_000);
  const liveSessionMaxMs = options.liveSessionMaxMs ?? LIVE_TAIL_SESSION_LIMIT_MS - 2 * 60_000;
  const controller = new AbortController();
  const signal = controller.signal;
  if (options.signal !== undefined) {
    if (options.signal.aborted) controller.abort(options.signal.reason);
    else options.signal.addEventListener('abort', () => controller.abort(options.signal?.reason), { once: true });
  }
  const queue = new BatchQueue<readonly LogEvent[]>(QUEUE_BATCHES);
  const batchInfo = new WeakMap<readonly LogEvent[], FollowBatchInfo>();
  const pollers = new Map<string, LogGroupPoller>();
  const polling = new Set<string>();
  const warnings: string[] = [];
  const state = {
    mode: 'starting' as FollowMode,
    sampled: false,
    sampledUpdates: 0,
    logGroups: [] as string[],
    liveSessions: 0,
    events: 0,
    duplicates: 0,
    pollIntervalMs: undefined as number | undefined,
  };
  let wakePollLoop: (() => void) | undefined;
  let started = false;

  const warn = (message: string): void => {
    if (warnings.includes(message)) return;
    warnings.push(message);
    if (warnings.length > MAX_WARNINGS) warnings.shift();
    options.onWarning?.(message);
  };
  const updateMode = (): void => {
    if (state.mode === 'stopped') return;
    state.mode = state.liveSessions > 0 ? 'live' : polling.size > 0 ? 'polling' : state.mode;
  };
  const emit = async (events: readonly LogEvent[], info: FollowBatchInfo): Promise<void> => {
    if (events.length === 0 || signal.aborted) return;
    await queue.writable();
    batchInfo.set(events, info);
    state.events += events.length;
    queue.push(events);
  };
  // Polls count into this; Live Tail's duplicates go to state.duplicates.
  const pollCounts = { events: 0, duplicates: 0 };
  let failure: unknown;

  /** Polls one group to its end; true when it yielded events. A permanent failure ends the source. */
  const pollGroup = async (route: LogGroupRoute, poller: LogGroupPoller): Promise<boolean> => {
    let found = false;
    try {
      for await (const page of poller.poll(session, signal, pollCounts)) {
        const mine = page.filter((event) => routeEvent(route, event.logStream) !== undefined);
        found ||= mine.length > 0;
        await emit(mine, { source: 'poll', sampled: false });
      }
    } catch (error) {
      if (signal.aborted) return found;
      const kind = classifyAwsError(error);
      if (kind === 'access-denied' || kind === 'credentials' || kind === 'invalid')
        throw toLogReadError(route.logGroup, error);
      warn(
        kind === 'not-found'
          ? `Log group ${route.logGroup} does not exist yet; waiting for the function's first invocation.`
          : `Reading ${route.logGroup} failed for now (${describeAwsError(error)}); retrying.`,
      );
    }
    const limited = poller.forget();
    if (limited !== undefined) warn(limited);
    return found;
  };

  const pollLoop = async (routes: readonly LogGroupRoute[]): Promise<void> => {
    let intervalMs = minIntervalMs;
    let warnedOfThrottling = false;
    while (!signal.aborted) {
      const due = routes.filter((route) => polling.has(route.logGroup));
      if (due.length === 0) {
        state.pollIntervalMs = undefined;
        await new Promise<void>((resolve) => {
          wakePollLoop = resolve;
          signal.addEventListener('abort', () => resolve(), { once: true });
        });
        wakePollLoop = undefined;
        continue;
      }
      const throttlesBefore = session.stats().throttles;
      let found = false;
      for (const route of due) {
        const poller = pollers.get(route.logGroup);
        if (poller !== undefined && !signal.aborted) found = (await pollGroup(route, poller)) || found;
      }
      const throttled = session.stats().throttles > throttlesBefore;
      if (throttled && !warnedOfThrottling) {
        warnedOfThrottling = true;
        warn(
          'CloudWatch is throttling requests (the quota is shared by every tool in the account and Region): polling less often.',
        );
      }
      intervalMs = found && !throttled ? minIntervalMs : Math.min(maxIntervalMs, intervalMs * 2);
      state.pollIntervalMs = intervalMs;
      try {
        await sleep(intervalMs, signal);
      } catch {
        // Aborted: the loop condition ends it.
      }
    }
  };

  const fallBack = (routes: readonly LogGroupRoute[], reason: string): void => {
    warn(
      `Live Tail unavailable for ${routes.map((route) => route.logGroup).join(', ')} (${reason}); polling FilterLogEvents instead.`,
    );
    for (const route of routes) {
      const poller = pollers.get(route.logGroup);
      if (poller !== undefined) poller.recordPollKeys = false;
      polling.add(route.logGroup);
    }
    updateMode();
    wakePollLoop?.();
  };

  /**
   * Live Tail over ≤ 10 groups, renewed before the 3-hour limit (or at it). Each session starts with an exact
   * catch-up poll of its groups, so the gap while a session starts loses nothing; events both deliver are emitted
   * once (content keys: Live Tail has no eventIds).
   */
  const liveLoop = async (routes: readonly LogGroupRoute[], arns: readonly string[]): Promise<void> => {
    const byGroup = new Map(routes.map((route) => [route.logGroup, route]));
    while (!signal.aborted) {
      const sessionController = new AbortController();
      const stop = (): void => sessionController.abort();
      signal.addEventListener('abort', stop, { once: true });
      let updates: AsyncIterable<{ sampled: boolean; events: readonly LogEvent[] }>;
      try {
        updates = await startLiveTailSession(session, arns, sessionController.signal, options.filterPattern);
      } catch (error) {
        signal.removeEventListener('abort', stop);
        if (!signal.aborted) fallBack(routes, describeAwsError(error));
        return;
      }
      const startedAtMs = now();
      state.liveSessions += 1;
      updateMode();
      try {
        for (const route of routes) {
          const poller = pollers.get(route.logGroup);
          if (poller !== undefined) await pollGroup(route, poller);
        }
        for await (const update of updates) {
          state.sampled = update.sampled;
          if (update.sampled) {
            state.sampledUpdates += 1;
            warn('Live Tail is sampling (more than 500 events a second): events are missing and figures are sampled.');
          }
          const accepted: LogEvent[] = [];
          for (const event of update.events) {
            const route = event.logGroup === undefined ? undefined : byGroup.get(event.logGroup);
            if (route === undefined || routeEvent(route, event.logStream) === undefined) continue;
            if (pollers.get(route.logGroup)?.acceptLiveEvent(event) === true) accepted.push(event);
            else state.duplicates += 1;
          }
          for (const route of routes) pollers.get(route.logGroup)?.forget();
          await emit(accepted, { source: 'live', sampled: update.sampled });
          if (now() - startedAtMs >= liveSessionMaxMs) break;
        }
      } catch (error) {
        if (signal.aborted) return;
        if ((error as { name?: unknown }).name !== 'SessionTimeoutException') {
          fallBack(routes, describeAwsError(error));
          return;
        }
      } finally {
        sessionController.abort();
        signal.removeEventListener('abort', stop);
        state.liveSessions -= 1;
        updateMode();
      }
    }
  };

  const run = async (): Promise<void> => {
    const targets: FunctionTarget[] = await resolveFunctionTargets(session, options.functionNames, {
      signal,
      onWarning: warn,
    });
    const routes = toLogGroupRoutes(targets);
    state.logGroups = routes.map((route) => route.logGroup);
    const sinceMs = options.sinceMs ?? now();
    for (const route of routes) {
      pollers.set(
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
      if (unresolved.length > 0)
        fallBack(unresolved, 'its ARN is unknown: neither the function configuration nor DescribeLogGroups gave it');
      const resolved = routes.filter((route) => arns.has(route.logGroup));
      for (let offset = 0; offset < resolved.length; offset += MAX_LIVE_TAIL_LOG_GROUPS) {
        const chunk = resolved.slice(offset, offset + MAX_LIVE_TAIL_LOG_GROUPS);
        tasks.push(
          liveLoop(
            chunk,
            chunk.map((route) => arns.get(route.logGroup) ?? route.logGroup),
          ),
        );
      }
    } else {
      for (const route of routes) polling.add(route.logGroup);
    }
    updateMode();
    tasks.push(pollLoop(routes));
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
    if (!signal.aborted) controller.abort(new DOMException('The follow source was closed', 'AbortError'));
    queue.end();
  };

  return {
    [Symbol.asyncIterator]() {
      if (started) throw new TypeError('a follow source can be iterated once');
      started = true;
      const finish = (error: unknown): void => {
        if (error === undefined) queue.end();
        else queue.fail(error instanceof InputError ? error : new InputError(describeAwsError(error)));
      };
      run().then(
        () => finish(failure),
        (error: unknown) => finish(signal.aborted && failure === undefined ? undefined : (failure ?? error)),
      );
      const inner = queue.drain();
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
    status(): FollowStatus {
      const stats = session.stats();
      let newestMs: number | undefined;
      for (const poller of pollers.values()) {
        const newest = poller.newestMs;
        if (newest !== undefined && (newestMs === undefined || newest > newestMs)) newestMs = newest;
      }
      return {
        mode: state.mode,
        basis: state.sampledUpdates > 0 ? 'sampled' : 'exact',
        sampled: state.sampled,
        sampledUpdates: state.sampledUpdates,
        logGroups: state.logGroups,
        liveSessions: state.liveSessions,
        pollingLogGroups: polling.size,
        lagMs: newestMs === undefined ? undefined : Math.max(0, now() - newestMs),
        events: state.events,
        duplicatesDropped: state.duplicates + pollCounts.duplicates,
        rememberedEventIds: [...pollers.values()].reduce((total, poller) => total + poller.seen.size, 0),
        requests: stats.requests,
        throttles: stats.throttles,
        retries: stats.retries,
        errors: stats.failures,
        pollIntervalMs: state.pollIntervalMs,
        warnings: [...warnings],
      };
    },
    describeBatch: (batch) => batchInfo.get(batch),
    close,
  };
}
