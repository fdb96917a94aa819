import type { Writable } from 'node:stream';
import { AWS_FLAG_SPECS, parseAwsFlags } from '../aws/aws-options.js';
import { createAwsSession } from '../aws/aws-session.js';
import { toLogReadError } from '../aws/cloudwatch-report.js';
import { createFollowSource } from '../aws/follow-source.js';
import { resolveFunctionTargets } from '../aws/function-configuration.js';
import { isInterrupt, withInterruptSignal } from '../aws/interrupt-signal.js';
import { toLogGroupRoutes } from '../aws/log-group-routes.js';
import { readLogGroups } from '../aws/read-log-groups.js';
import { formatTailLine, TAIL_FORMATS } from '../aws/tail-line.js';
import type { LogEvent } from '../core/log-event.js';
import { InputError, UsageError } from '../errors.js';
import type { Command, CommandContext, FlagValues } from './command.js';
import { choiceFlag, stringFlag, stringsFlag } from './flag-values.js';
import { timeFlag } from './report-command.js';

/** `aws logs tail`'s default window. */
const DEFAULT_SINCE_MS = 10 * 60_000;

/** `--overlap 90s`: a duration, as --since reads one. */
function durationFlag(flags: FlagValues, name: string): number | undefined {
  const text = stringFlag(flags, name);
  if (text === undefined) return undefined;
  const match = /^(\d+)(ms|s|m)$/.exec(text.trim());
  if (match === null)
    throw new UsageError(`--${name} ${JSON.stringify(text)} is not a duration; for example 60s or 5m`);
  const amount = Number(match[1]);
  return match[2] === 'ms' ? amount : match[2] === 's' ? amount * 1000 : amount * 60_000;
}

/** Writes and waits for the pipe when it is full, so a slow reader slows the reading instead of filling memory. */
async function write(stream: Writable, text: string): Promise<void> {
  if (text === '' || stream.write(text)) return;
  await new Promise<void>((resolve) => {
    const done = (): void => {
      stream.off('drain', done);
      stream.off('close', done);
      stream.off('error', done);
      resolve();
    };
    stream.once('drain', done);
    stream.once('close', done);
    stream.once('error', done);
  });
}

async function runTail({ flags, io }: CommandContext): Promise<number> {
  const functionNames = [...new Set(stringsFlag(flags, 'function'))];
  if (functionNames.length === 0) throw new UsageError('name the functions to tail: --function NAME (repeatable)');
  const format = choiceFlag(flags, 'format', TAIL_FORMATS) ?? 'raw';
  const live = flags.live === true;
  const follow = flags.follow === true || live;
  const nowMs = io.now();
  const untilMs = timeFlag(flags, 'until', nowMs);
  if (follow && untilMs !== undefined) throw new UsageError('--until cannot be combined with --follow; drop one');
  const sinceMs = timeFlag(flags, 'since', nowMs) ?? nowMs - DEFAULT_SINCE_MS;
  if (untilMs !== undefined && sinceMs > untilMs) throw new UsageError('--since is later than --until; swap them');
  const overlapMs = durationFlag(flags, 'overlap');
  const filterPattern = stringFlag(flags, 'filter-pattern');
  const awsOptions = parseAwsFlags(flags);
  const terminal = io.stdoutIsTty;
  const warn = (message: string): void => {
    io.stderr.write(`lambdatop: warning: ${message}\n`);
  };
  const session = await createAwsSession(awsOptions, { env: io.env, onWarning: warn });
  const print = async (events: readonly LogEvent[]): Promise<void> => {
    let text = '';
    for (const event of events) text += formatTailLine(event, format, terminal);
    await write(io.stdout, text);
  };
  try {
    await withInterruptSignal(async (signal) => {
      try {
        if (follow) {
          const source = createFollowSource({
            session,
            functionNames,
            sinceMs,
            live,
            signal,
            onWarning: warn,
            ...(filterPattern === undefined ? {} : { filterPattern }),
            ...(overlapMs === undefined ? {} : { overlapMs }),
          });
          for await (const batch of source) await print(batch);
          return;
        }
        const targets = await resolveFunctionTargets(session, functionNames, { signal, onWarning: warn });
        const routes = toLogGroupRoutes(targets);
        try {
          for await (const batch of readLogGroups(session, routes, {
            sinceMs,
            untilMs: untilMs ?? nowMs,
            filterPattern,
            signal,
            onWarning: warn,
          })) {
            await print(batch);
          }
        } catch (error) {
          if (signal.aborted || error instanceof InputError) throw error;
          throw toLogReadError(routes.map((route) => route.logGroup).join(', '), error);
        }
      } catch (error) {
        if (!isInterrupt(error, signal)) throw error;
      }
    });
  } finally {
    session.destroy();
  }
  return 0;
}

export const tailCommand: Command = {
  name: 'tail',
  summary: "Functions' log events from CloudWatch, each exactly once; --follow keeps reading, --live uses Live Tail",
  usage: 'tail --function NAME... [--since T] [--until T] [--follow] [--live] [--format raw|json] [options]',
  details: [
    "Reads each function's log group (from its configuration: custom groups included) with FilterLogEvents, merged",
    'in time order. --follow polls again from the newest event minus --overlap and drops eventIds already printed,',
    'so events that arrive late are caught and none is printed twice; the interval adapts (faster while events flow,',
    'slower when idle or throttled) within --max-requests-per-second. --live uses Live Tail (push, sampled above',
    '500 events a second) and falls back to polling when it is refused. Ctrl-C stops.',
    '',
    "raw is `aws logs tail`'s format (time, stream, message); json is one object per line {logGroup, logStream,",
    'timestamp, eventId, ingestionTime, message}. Both pipe into `lambdatop report -`.',
    '',
    'Examples:',
    '  lambdatop tail --function orders --since 1h',
    '  lambdatop tail --function orders --function thumbs --follow --format json | lambdatop report -',
    '  lambdatop tail --function orders --live --profile prod',
  ].join('\n'),
  allowPositionals: false,
  flags: {
    function: { type: 'string', multiple: true, valueName: 'NAME', description: 'a function to tail (repeatable)' },
    since: { type: 'string', valueName: 'TIME', description: 'from TIME (30m, 2h, 3d or ISO 8601; default 10m)' },
    until: { type: 'string', valueName: 'TIME', description: 'up to TIME (not with --follow; default now)' },
    follow: { type: 'boolean', short: 'f', description: 'keep reading new events until Ctrl-C' },
    live: { type: 'boolean', description: 'follow with CloudWatch Live Tail (falls back to polling when refused)' },
    format: { type: 'string', valueName: 'FORMAT', description: 'raw (default, like aws logs tail) or json (lines)' },
    'filter-pattern': {
      type: 'string',
      valueName: 'PATTERN',
      description: 'a CloudWatch filter pattern, e.g. "?ERROR ?REPORT"',
    },
    overlap: {
      type: 'string',
      valueName: 'DURATION',
      description: '--follow re-reads this far behind the newest event for late ones (default 60s)',
    },
    ...AWS_FLAG_SPECS,
  },
  run: runTail,
};
