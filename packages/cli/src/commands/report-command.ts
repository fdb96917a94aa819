import { basename } from 'node:path';
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
import type { Command, CommandContext, FlagValues } from './command.js';
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

function timeFlag(flags: FlagValues, name: string, nowMs: number): number | undefined {
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

async function runReport({ flags, positionals, io }: CommandContext): Promise<number> {
  const format = choiceFlag(flags, 'format', OUTPUT_FORMATS) ?? 'table';
  const arch = choiceFlag(flags, 'arch', ARCHITECTURES);
  const inputFormat = choiceFlag(flags, 'input-format', INPUT_FORMATS);
  const nowMs = io.now();
  const sinceMs = timeFlag(flags, 'since', nowMs);
  const untilMs = timeFlag(flags, 'until', nowMs);
  if (sinceMs !== undefined && untilMs !== undefined && sinceMs > untilMs) {
    throw new UsageError('--since is later than --until; swap them');
  }
  const prices = priceOverrides(flags);
  const slowest = integerFlag(flags, 'slowest', 0) ?? 10;
  const functionNames = [...new Set(stringsFlag(flags, 'function'))];
  let inputs = [...positionals];
  if (inputs.length === 0) {
    if (io.stdin.isTTY === true) {
      throw new UsageError('no input: give log files, or - to read a pipe (aws logs tail … | lambdatop report -)');
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
  usage: 'report [FILE...|-] [options]',
  details: [
    'Reads log files (gzip or not) or a pipe (-): raw Lambda log lines, `aws logs tail` (detailed or short) and',
    '`sam logs` output, `aws logs filter-log-events` JSON, or JSON lines {logGroup?, logStream?, timestamp?, eventId?,',
    "message}. The function name comes from the log group (/aws/lambda/NAME) or a custom group's stream prefix,",
    'else --function, else the file name. With no FILE, reads stdin when it is a pipe.',
    '',
    'Costs are list prices (us-east-1) before the free tier; override them for other Regions or contracts.',
    '',
    'Examples:',
    '  aws logs tail /aws/lambda/orders --since 1h | lambdatop report',
    '  lambdatop report orders.log.gz --format json > report.json',
    '  lambdatop report events.json --function orders --arch arm64 --format markdown',
  ].join('\n'),
  allowPositionals: true,
  flags: {
    function: {
      type: 'string',
      multiple: true,
      valueName: 'NAME',
      description: 'report only these functions; names raw lines when given once (repeatable)',
    },
    format: { type: 'string', valueName: 'FORMAT', description: 'table (default), json or markdown' },
    since: { type: 'string', valueName: 'TIME', description: 'ignore events before TIME (30m, 2h, 3d or ISO 8601)' },
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
  },
  run: runReport,
};
