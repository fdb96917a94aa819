import { basename } from 'node:path';
import { AWS_FLAG_SPECS, hasAwsFlags, parseAwsFlags } from '../aws/aws-options.js';
import { createAwsSession } from '../aws/aws-session.js';
import { type CloudWatchReportInputs, collectCloudWatchReport } from '../aws/cloudwatch-report.js';
import { collectInsightsReport } from '../aws/insights-report.js';
import { isInterrupt, withInterruptSignal } from '../aws/interrupt-signal.js';
import type { PushContext } from '../core/join/invocation-joiner.js';
import { ARCHITECTURES, type PriceOverrides } from '../core/pricing/lambda-prices.js';
import { buildReport } from '../core/report/build-report.js';
import { formatReportJson } from '../core/report/format-json.js';
import { formatReportMarkdown } from '../core/report/format-markdown.js';
import { formatReportTable } from '../core/report/format-table.js';
import type { Report } from '../core/report/report-model.js';
import { createReportCollector } from '../core/report-collector.js';
import { parseTimeBound } from '../core/time/time-bound.js';
import { UsageError } from '../errors.js';
import { INPUT_FORMATS } from '../sources/input-format.js';
import { openInput } from '../sources/open-input.js';
import { readLogEvents } from '../sources/read-log-events.js';
import type { Command, CommandContext, CommandIo, FlagValues } from './command.js';
import { choiceFlag, integerFlag, positiveNumberFlag, stringFlag, stringsFlag } from './flag-values.js';

const OUTPUT_FORMATS = ['table', 'json', 'markdown'] as const;
type OutputFormat = (typeof OUTPUT_FORMATS)[number];

const TIME_HELP = 'use a relative age (30m, 2h, 3d) or an ISO 8601 time (2024-05-20T16:00:00Z)';

/** The file name without the extensions logs are saved with: `orders.log.gz` names the function `orders`. */
export function toInputName(path: string): string {
  if (path === '-') return 'stdin';
  let name = basename(path);
  for (;;) {
    const shorter = name.replace(/\.(gz|log|txt|json|jsonl|ndjson|out)$/i, '');
    if (shorter === name || shorter.length === 0) return name;
    name = shorter;
  }
}

/** A `--since`/`--until` value as epoch ms, or a UsageError that shows the forms it takes. */
export function timeFlag(flags: FlagValues, name: string, nowMs: number): number | undefined {
  const text = stringFlag(flags, name);
  if (text === undefined) return undefined;
  const ms = parseTimeBound(text, nowMs);
  if (ms === undefined) throw new UsageError(`--${name} ${JSON.stringify(text)} is not a time; ${TIME_HELP}`);
  return ms;
}

function priceOverrides(flags: FlagValues): PriceOverrides {
  return {
    perGbSecondUSD: positiveNumberFlag(flags, 'price-per-gb-second', '0.0000166667'),
    perRequestUSD: positiveNumberFlag(flags, 'price-per-request', '0.0000002'),
    provisionedPerGbSecondUSD: positiveNumberFlag(flags, 'price-provisioned-per-gb-second', '0.0000041667'),
    provisionedDurationPerGbSecondUSD: positiveNumberFlag(
      flags,
      'price-provisioned-duration-per-gb-second',
      '0.0000097222',
    ),
  };
}

function render(report: Report, format: OutputFormat, columns: number | undefined): string {
  switch (format) {
    case 'json':
      return formatReportJson(report);
    case 'markdown':
      return formatReportMarkdown(report);
    case 'table':
      return formatReportTable(report, columns === undefined ? {} : { width: columns });
  }
}

/** The flags shared by both paths: output, window, prices. */
interface ReportSettings {
  readonly format: OutputFormat;
  readonly arch: (typeof ARCHITECTURES)[number] | undefined;
  readonly nowMs: number;
  readonly sinceMs: number | undefined;
  readonly untilMs: number | undefined;
  readonly prices: PriceOverrides;
  readonly slowest: number;
  readonly functionNames: string[];
}

/** Without a window, CloudWatch is read over the last hour: the whole retention of a busy group is rarely meant. */
const DEFAULT_CLOUDWATCH_WINDOW_MS = 3_600_000;

const CLOUDWATCH_ONLY_FLAGS = ['insights', 'all-events', 'progress'] as const;

async function runReport(context: CommandContext): Promise<number> {
  const { flags, positionals, io } = context;
  const nowMs = io.now();
  const settings: ReportSettings = {
    format: choiceFlag(flags, 'format', OUTPUT_FORMATS) ?? 'table',
    arch: choiceFlag(flags, 'arch', ARCHITECTURES),
    nowMs,
    sinceMs: timeFlag(flags, 'since', nowMs),
    untilMs: timeFlag(flags, 'until', nowMs),
    prices: priceOverrides(flags),
    slowest: integerFlag(flags, 'slowest', 0) ?? 10,
    functionNames: [...new Set(stringsFlag(flags, 'function'))],
  };
  if (settings.sinceMs !== undefined && settings.untilMs !== undefined && settings.sinceMs > settings.untilMs) {
    throw new UsageError('--since is later than --until; swap them');
  }
  const cloudWatchFlag = [...CLOUDWATCH_ONLY_FLAGS].find((name) => flags[name] !== undefined);
  const readsCloudWatch =
    positionals.length === 0 &&
    (settings.functionNames.length > 0 || cloudWatchFlag !== undefined || hasAwsFlags(flags));
  if (readsCloudWatch) return runCloudWatchReport(context, settings);
  if (cloudWatchFlag !== undefined || hasAwsFlags(flags)) {
    const named = cloudWatchFlag ?? Object.keys(AWS_FLAG_SPECS).find((name) => flags[name] !== undefined) ?? '';
    throw new UsageError(`--${named} applies when reading CloudWatch: give --function NAME and no files`);
  }
  return runFileReport(context, settings);
}

async function runCloudWatchReport({ flags, io }: CommandContext, settings: ReportSettings): Promise<number> {
  if (settings.functionNames.length === 0) {
    throw new UsageError('name the functions to read from CloudWatch: --function NAME (repeatable)');
  }
  if (flags['input-format'] !== undefined) throw new UsageError('--input-format applies to files and pipes only');
  const untilMs = Math.min(settings.untilMs ?? settings.nowMs, settings.nowMs);
  const sinceMs = settings.sinceMs ?? untilMs - DEFAULT_CLOUDWATCH_WINDOW_MS;
  const sdkWarnings: string[] = [];
  const session = await createAwsSession(parseAwsFlags(flags), {
    env: io.env,
    onWarning: (message) => {
      if (!sdkWarnings.includes(message)) sdkWarnings.push(message);
    },
  });
  const request = {
    functionNames: settings.functionNames,
    sinceMs,
    untilMs,
    nowMs: settings.nowMs,
    allEvents: flags['all-events'] === true,
    slowestPerFunction: settings.slowest,
  };
  const showProgress = flags.progress === true || (io.stderr as { isTTY?: boolean }).isTTY === true;
  let inputs: CloudWatchReportInputs | undefined;
  try {
    inputs = await withInterruptSignal(async (signal) => {
      try {
        return flags.insights === true
          ? await collectInsightsReport(session, {
              ...request,
              signal,
              ...(showProgress ? { progress: createProgressLine(io, flags.progress === true) } : {}),
            })
          : await collectCloudWatchReport(session, { ...request, signal });
      } catch (error) {
        if (isInterrupt(error, signal)) return undefined;
        throw error;
      }
    });
  } finally {
    session.destroy();
  }
  if (inputs === undefined) {
    io.stderr.write(
      `lambdatop: interrupted${flags.insights === true ? '; the Logs Insights queries were stopped' : ''}\n`,
    );
    return 130;
  }
  const report = buildReport(inputs.functions, {
    arch: settings.arch,
    priceOverrides: settings.prices,
    counts: inputs.counts,
    inputs: inputs.inputs,
    sinceMs,
    untilMs,
    source: inputs.source,
    configurations: inputs.configurations,
    cloudWatchMetrics: inputs.cloudWatchMetrics,
    warnings: [...inputs.warnings, ...sdkWarnings],
  });
  io.stdout.write(render(report, settings.format, io.stdoutIsTty ? io.columns : undefined));
  return 0;
}

/**
 * Logs Insights progress on stderr: rewritten in place on a terminal, one line per poll with --progress elsewhere.
 * Cleared before the report is written so stdout and stderr never interleave on a screen.
 */
function createProgressLine(io: CommandIo, forced: boolean): (line: string | undefined) => void {
  const inPlace = (io.stderr as { isTTY?: boolean }).isTTY === true;
  let shown = false;
  return (line) => {
    if (inPlace) {
      io.stderr.write(line === undefined ? (shown ? '\r\u001b[K' : '') : `\r\u001b[K${line}`);
      shown = line !== undefined;
    } else if (forced && line !== undefined) {
      io.stderr.write(`${line}\n`);
    }
  };
}

async function runFileReport({ flags, positionals, io }: CommandContext, settings: ReportSettings): Promise<number> {
  const inputFormat = choiceFlag(flags, 'input-format', INPUT_FORMATS);
  const { format, arch, sinceMs, untilMs, prices, slowest, functionNames } = settings;
  let inputs = [...positionals];
  if (inputs.length === 0) {
    if (io.stdin.isTTY === true) {
      throw new UsageError(
        'no input: give log files, - to read a pipe (aws logs tail … | lambdatop report -), or --function NAME to read CloudWatch',
      );
    }
    inputs = ['-'];
  }
  if (inputs.filter((input) => input === '-').length > 1) throw new UsageError('- (stdin) can be given only once');

  const collector = createReportCollector({ sinceMs, untilMs, slowestPerFunction: slowest });
  const warnings: string[] = [];
  for (const input of inputs) {
    const context: PushContext = {
      functionName: functionNames.length === 1 ? functionNames[0] : undefined,
      inputName: toInputName(input),
    };
    const stream = await openInput(input, io.stdin);
    const label = input === '-' ? 'stdin' : input;
    for await (const events of readLogEvents(stream, label, {
      format: inputFormat,
      onWarning: (message) => warnings.push(message),
    })) {
      collector.push(events, context);
    }
  }
  const collected = collector.finish();
  const counts = collected.counts;
  const undated = counts.events - counts.eventsWithTimestamp - counts.outsideWindowEvents;
  if ((sinceMs !== undefined || untilMs !== undefined) && undated > 0) {
    warnings.push(
      `${undated.toLocaleString('en-US')} events carry no timestamp (raw lines), so --since/--until could not apply to them; they are included.`,
    );
  }
  let functions = collected.functions;
  if (functionNames.length > 0) {
    const wanted = new Set(functionNames);
    const present = functions.map((stats) => stats.name);
    for (const name of functionNames) {
      if (!present.includes(name)) {
        warnings.push(
          `No invocations of ${name} in the input${present.length === 0 ? '' : ` (it holds ${present.join(', ')})`}.`,
        );
      }
    }
    functions = functions.filter((stats) => wanted.has(stats.name));
  }
  const report = buildReport(functions, {
    arch,
    priceOverrides: prices,
    counts: collected.counts,
    inputs: inputs.map((input) => (input === '-' ? 'stdin' : input)),
    sinceMs,
    untilMs,
    warnings,
  });
  io.stdout.write(render(report, format, io.stdoutIsTty ? io.columns : undefined));
  return 0;
}

export const reportCommand: Command = {
  name: 'report',
  summary: 'Duration, memory, cold-start, error and cost statistics with right-sizing advice, from Lambda logs',
  usage: 'report [FILE...|-] [options]  |  report --function NAME... [--since T] [--insights] [options]',
  details: [
    'Reads log files (gzip or not) or a pipe (-): raw Lambda log lines, `aws logs tail` (detailed or short) and',
    '`sam logs` output, `aws logs filter-log-events` JSON, or JSON lines {logGroup?, logStream?, timestamp?, eventId?,',
    "message}. The function name comes from the log group (/aws/lambda/NAME) or a custom group's stream prefix,",
    'else --function, else the file name. With no FILE, reads stdin when it is a pipe.',
    '',
    "With --function and no FILE, reads CloudWatch instead: each function's log group (from its configuration) over",
    '--since (default 1h) to --until, every event exactly once (FilterLogEvents, within --max-requests-per-second),',
    'with the function configuration and the CloudWatch metrics the logs cannot hold (throttles, concurrency, iterator',
    'age, DLQ errors). --insights aggregates in Logs Insights instead: for windows too large to download; its',
    'percentiles are estimates and say so. To read a pipe together with --function, give - explicitly.',
    '',
    'Costs are list prices (us-east-1) before the free tier; override them for other Regions or contracts.',
    '',
    'Examples:',
    '  aws logs tail /aws/lambda/orders --since 1h | lambdatop report',
    '  lambdatop report orders.log.gz --format json > report.json',
    '  lambdatop report events.json --function orders --arch arm64 --format markdown',
    '  lambdatop report --function orders --function thumbs --since 6h --profile prod',
    '  lambdatop report --function orders --since 30d --insights --format json',
  ].join('\n'),
  allowPositionals: true,
  flags: {
    function: {
      type: 'string',
      multiple: true,
      valueName: 'NAME',
      description:
        'the functions to report (repeatable); without FILE, read from CloudWatch; names raw lines when given once',
    },
    format: { type: 'string', valueName: 'FORMAT', description: 'table (default), json or markdown' },
    since: {
      type: 'string',
      valueName: 'TIME',
      description: 'ignore events before TIME (30m, 2h, 3d or ISO 8601; CloudWatch default 1h)',
    },
    until: { type: 'string', valueName: 'TIME', description: 'ignore events after TIME' },
    arch: { type: 'string', valueName: 'ARCH', description: 'x86_64 (default) or arm64: sets the price per GB-second' },
    'price-per-gb-second': { type: 'string', valueName: 'USD', description: 'compute price per GB-second' },
    'price-per-request': { type: 'string', valueName: 'USD', description: 'price per request (0.0000002 = $0.20/M)' },
    'price-provisioned-per-gb-second': {
      type: 'string',
      valueName: 'USD',
      description: 'provisioned concurrency price per GB-second configured',
    },
    'price-provisioned-duration-per-gb-second': {
      type: 'string',
      valueName: 'USD',
      description: 'duration price per GB-second while provisioned',
    },
    'input-format': {
      type: 'string',
      valueName: 'FORMAT',
      description: `skip detection: ${INPUT_FORMATS.join(', ')}`,
    },
    slowest: { type: 'string', valueName: 'N', description: 'slowest invocations listed per function (default 10)' },
    insights: {
      type: 'boolean',
      description:
        'CloudWatch: aggregate in Logs Insights (long windows; percentiles estimated, billed per GB scanned)',
    },
    'all-events': {
      type: 'boolean',
      description: 'CloudWatch: read every event, not only platform, EMF and error lines (more requests)',
    },
    progress: {
      type: 'boolean',
      description: 'CloudWatch --insights: print query progress on stderr even when not a terminal',
    },
    ...AWS_FLAG_SPECS,
  },
  run: runReport,
};
