import { AWS_FLAG_SPECS, parseAwsFlags } from '../aws/aws-options.js';
import type { AwsSession } from '../aws/aws-session.js';
import { createAwsSession } from '../aws/aws-session.js';
import { createFollowSource, type FollowSource } from '../aws/follow-source.js';
import { fetchFunctionMetrics } from '../aws/function-metrics.js';
import { parseTimeBound } from '../core/time/time-bound.js';
import { DASHBOARD_FLAG_SPECS, toDashboardOptions } from '../dashboard/dashboard-flags.js';
import type { DashboardSource, SourceBatch } from '../dashboard/dashboard-source.js';
import { UsageError } from '../errors.js';
import type { Command, CommandContext } from './command.js';
import { stringFlag, stringsFlag } from './flag-values.js';

/** Throttles come from CloudWatch metrics (throttled invocations never log): asked for at this interval. */
export const THROTTLE_POLL_INTERVAL_MS = 60_000;

export interface WatchSourceOptions {
  readonly session: AwsSession;
  readonly follow: FollowSource;
  readonly functionNames: readonly string[];
  /** Throttles are counted from here: the follow source's start. */
  readonly sinceMs: number;
  readonly now: () => number;
  /** Warnings the follow source and the session reported (appended to as they come). */
  readonly warnings: string[];
  readonly throttlePollIntervalMs?: number;
}

/**
 * CloudWatch as a dashboard source: the follow source's batches and status, plus each function's Throttles metric
 * (summed from `sinceMs`), polled once a minute through the same request budget. A failed metrics lookup is a
 * warning, and throttles stay unknown rather than zero.
 */
export function createWatchSource(options: WatchSourceOptions): DashboardSource {
  const { follow, session, functionNames, warnings } = options;
  const controller = new AbortController();
  let throttles: Record<string, number> | undefined;
  let metricsWarned = false;

  const pollThrottles = async (): Promise<void> => {
    try {
      const nowMs = options.now();
      const metrics = await fetchFunctionMetrics(
        session,
        functionNames,
        { startMs: options.sinceMs, endMs: nowMs, nowMs },
        controller.signal,
      );
      // No data points at all means no throttle was recorded: Lambda publishes Throttles only when there are some.
      throttles = Object.fromEntries(functionNames.map((name) => [name, metrics.get(name)?.throttles ?? 0]));
    } catch (error) {
      if (controller.signal.aborted || metricsWarned) return;
      metricsWarned = true;
      warnings.push(
        `Throttles are unknown: GetMetricData failed (${error instanceof Error ? error.message : String(error)}).`,
      );
    }
  };
  const timer = setInterval(() => void pollThrottles(), options.throttlePollIntervalMs ?? THROTTLE_POLL_INTERVAL_MS);
  timer.unref();
  void pollThrottles();

  async function* batches(): AsyncGenerator<SourceBatch> {
    for await (const events of follow) yield { events };
  }

  return {
    label: `cloudwatch ${functionNames.join(', ')}`,
    clock: 'wall',
    batches: batches(),
    status() {
      const status = follow.status();
      return {
        mode: status.mode,
        figures: status.basis,
        lagMs: status.lagMs,
        warnings,
        detail: `(${status.requests} requests${status.throttles > 0 ? `, ${status.throttles} throttled by CloudWatch` : ''})`,
      };
    },
    throttles: () => throttles,
    async close() {
      clearInterval(timer);
      controller.abort();
      follow.close();
      session.destroy();
    },
  };
}

async function runWatch({ flags, io }: CommandContext): Promise<number> {
  const functionNames = [...new Set(stringsFlag(flags, 'function'))];
  if (functionNames.length === 0) {
    throw new UsageError(
      'name the functions to watch: lambdatop watch --function NAME (repeatable); without AWS, try `lambdatop demo`',
    );
  }
  const dashboardOptions = toDashboardOptions(flags);
  const awsOptions = parseAwsFlags(flags);
  const nowMs = io.now();
  const sinceText = stringFlag(flags, 'since');
  const sinceMs =
    sinceText === undefined ? nowMs - (dashboardOptions.windowMs ?? 300_000) : parseTimeBound(sinceText, nowMs);
  if (sinceMs === undefined) {
    throw new UsageError(`--since ${JSON.stringify(sinceText)} is not a time; use 30m, 2h or an ISO 8601 time`);
  }
  const { assertTerminal, openDashboard } = await import('../terminal/open-dashboard.js');
  assertTerminal(io, 'for a stream of events use `lambdatop tail --follow`');
  const warnings: string[] = [];
  const warn = (message: string): void => {
    warnings.push(message);
  };
  const session = await createAwsSession(awsOptions, { env: io.env, onWarning: warn });
  const follow = createFollowSource({ session, functionNames, sinceMs, live: flags.live === true, onWarning: warn });
  const source = createWatchSource({ session, follow, functionNames, sinceMs, now: io.now, warnings });
  return openDashboard(source, io, dashboardOptions);
}

export const watchCommand: Command = {
  name: 'watch',
  summary: 'The dashboard on functions in CloudWatch, live (the default command)',
  usage: '[watch] --function NAME... [--since T] [--live] [options]',
  details: [
    "Follows each function's log group (from its configuration) with FilterLogEvents polling, exactly once per",
    'event, or with Live Tail (--live: sampled above 500 events a second, which the status line then says), and',
    'polls the Throttles metric once a minute: throttled invocations never reach the logs. The window starts',
    '--since ago (default: one window back). Needs read access: see `lambdatop iam-policy`.',
    '',
    'Examples:',
    '  lambdatop --function orders --function payments',
    '  lambdatop watch --function orders --live --profile prod --window 15m',
  ].join('\n'),
  allowPositionals: false,
  flags: {
    function: { type: 'string', multiple: true, valueName: 'NAME', description: 'a function to watch (repeatable)' },
    since: {
      type: 'string',
      valueName: 'TIME',
      description: 'read from TIME (30m, 2h or ISO 8601; default one window)',
    },
    live: { type: 'boolean', description: 'use CloudWatch Live Tail (falls back to polling when refused)' },
    ...DASHBOARD_FLAG_SPECS,
    ...AWS_FLAG_SPECS,
  },
  run: runWatch,
};
