import {
  formatAtLeast,
  formatCount,
  formatMb,
  formatMs,
  formatMsDelta,
  formatShare,
  formatSpan,
  formatTime,
  formatUsd,
  formatUsdDelta,
} from './format-figures.js';
import { toPrintable } from './printable.js';
import type { Distribution, FunctionConfiguration, FunctionReport, InvocationSummary, Report } from './report-model.js';
import type { Alignment } from './text-table.js';

/** Layout-neutral pieces of the human-readable report; the table and markdown formats render the same blocks. */
export type ReportBlock =
  | { readonly kind: 'heading'; readonly level: 1 | 2 | 3; readonly text: string }
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'fields'; readonly rows: readonly (readonly [string, string])[] }
  | {
      readonly kind: 'table';
      readonly headers: readonly string[];
      readonly rows: readonly (readonly string[])[];
      readonly alignments: readonly Alignment[];
    }
  | { readonly kind: 'list'; readonly items: readonly string[] };

/** Failed invocations shown in the human formats; JSON lists them all. */
const FAILURES_SHOWN = 20;

function distribution(value: Distribution | null): string {
  if (value === null) return '–';
  return `p50 ${formatMs(value.p50)} · p90 ${formatMs(value.p90)} · p99 ${formatMs(value.p99)} · p99.9 ${formatMs(value.p999)} · max ${formatMs(value.max)} · mean ${formatMs(value.mean)}  (${formatCount(value.count)} ${value.basis})`;
}

/**
 * An error count as far as it is known: the exact total counts crashes and error-logging invocations too, so when
 * the source did not count those (Logs Insights) the figure is a lower bound and says so, rather than a dash that
 * would hide the failures REPORT lines did show.
 */
function formatErrors(fn: FunctionReport, errors: number): string {
  return fn.crashes === null || fn.errorLogs === null ? formatAtLeast(errors) : formatCount(errors);
}

function adviceWord(report: FunctionReport): string {
  const memory = report.advice.memory;
  if (memory.action === 'increase' || memory.action === 'decrease')
    return `${memory.action} to ${memory.recommendedMB} MB`;
  if (memory.action === 'keep') return 'keep';
  return '–';
}

function overview(report: Report): ReportBlock {
  return {
    kind: 'table',
    headers: [
      'FUNCTION',
      'INVOC',
      'ERR',
      'TIMEOUT',
      'OOM',
      'COLD %',
      'P50 ms',
      'P99 ms',
      'MAX ms',
      'MEM MAX/SIZE',
      'COST/1K',
      'TOTAL',
      'MEMORY ADVICE',
    ],
    alignments: [
      'left',
      'right',
      'right',
      'right',
      'right',
      'right',
      'right',
      'right',
      'right',
      'right',
      'right',
      'right',
      'left',
    ],
    rows: report.functions.map((fn) => [
      fn.name,
      formatCount(fn.invocations),
      formatErrors(fn, fn.errors),
      formatCount(fn.timeouts),
      formatCount(fn.outOfMemory),
      formatShare(fn.coldStartShare),
      formatMs(fn.durationMs?.p50),
      formatMs(fn.durationMs?.p99),
      formatMs(fn.durationMs?.max),
      fn.maxMemoryUsedMB?.maxAtCurrentSize == null
        ? '–'
        : `${formatMb(fn.maxMemoryUsedMB.maxAtCurrentSize)}/${formatMb(fn.memorySizeMB)} MB`,
      formatUsd(fn.cost?.per1kInvocationsUSD),
      formatUsd(fn.cost?.totalUSD),
      adviceWord(fn),
    ]),
  };
}

function invocationRows(invocations: readonly InvocationSummary[]): string[][] {
  return invocations.map((invocation) => [
    invocation.requestId ?? '(redacted)',
    invocation.outcome === 'success' && invocation.errorLogged ? 'error logged' : invocation.outcome,
    formatMs(invocation.durationMs),
    invocation.maxMemoryUsedMB === null
      ? '–'
      : `${formatMb(invocation.maxMemoryUsedMB)}/${formatMb(invocation.memorySizeMB)}`,
    invocation.coldStart ?? '',
    formatTime(invocation.endTime),
    invocation.logStream ?? '–',
    invocation.xrayTraceId ?? '–',
  ]);
}

const INVOCATION_HEADERS = [
  'REQUEST ID',
  'OUTCOME',
  'DURATION ms',
  'MEM MB',
  'COLD',
  'ENDED',
  'LOG STREAM',
  'X-RAY TRACE',
];
const INVOCATION_ALIGNMENTS: readonly Alignment[] = ['left', 'left', 'right', 'right', 'left', 'left', 'left', 'left'];

/** GetFunctionConfiguration's answer in one line; what it did not say is left out, not shown as zero. */
function configurationText(configuration: FunctionConfiguration): string {
  const logLevels = [
    configuration.systemLogLevel === null ? undefined : `system ${configuration.systemLogLevel}`,
    configuration.applicationLogLevel === null ? undefined : `application ${configuration.applicationLogLevel}`,
  ].filter((part) => part !== undefined);
  return [
    configuration.memorySizeMB === null ? undefined : `${formatMb(configuration.memorySizeMB)} MB`,
    configuration.timeoutSeconds === null ? undefined : `timeout ${configuration.timeoutSeconds} s`,
    configuration.architecture ?? undefined,
    configuration.runtime ?? undefined,
    configuration.logFormat === null
      ? undefined
      : `${configuration.logFormat} logs${logLevels.length === 0 ? '' : ` (${logLevels.join(', ')})`}`,
    configuration.logGroup === null ? undefined : `group ${configuration.logGroup}`,
    configuration.provisionedConcurrency === null
      ? undefined
      : configuration.provisionedConcurrency === 0
        ? 'no provisioned concurrency'
        : `provisioned concurrency ${formatCount(configuration.provisionedConcurrency)}`,
  ]
    .filter((part) => part !== undefined)
    .join(' · ');
}

function functionBlocks(fn: FunctionReport): ReportBlock[] {
  const blocks: ReportBlock[] = [];
  const archNote = fn.archSource === 'default' ? 'x86_64 assumed, set --arch' : `${fn.arch}, from ${fn.archSource}`;
  const size = fn.memorySizeMB === null ? 'memory size unknown' : `${formatMb(fn.memorySizeMB)} MB`;
  blocks.push({ kind: 'heading', level: 2, text: `${fn.name} — ${size}, ${archNote}` });
  const fields: [string, string][] = [
    [
      'Invocations',
      `${formatCount(fn.invocations)}  (errors ${formatErrors(fn, fn.errors)} · timeouts ${formatCount(fn.timeouts)} · out of memory ${formatCount(fn.outOfMemory)} · crashes ${formatCount(fn.crashes)} · init failures ${formatCount(fn.initFailures)})`,
    ],
    ['Window', formatSpan(fn.firstInvocation, fn.lastInvocation)],
    [
      'Cold starts',
      `${formatCount(fn.coldStarts)} (${formatShare(fn.coldStartShare)})  · provisioned ${formatCount(fn.provisionedInits)} · proactive ${formatCount(fn.proactiveInits)} · SnapStart restores ${formatCount(fn.snapStartRestores)}`,
    ],
    ['Duration ms', distribution(fn.durationMs)],
    ['Billed ms', distribution(fn.billedDurationMs)],
    [
      'Init ms',
      fn.initDurationMs === null ? '– (no user-facing cold start with Init Duration)' : distribution(fn.initDurationMs),
    ],
  ];
  if (fn.restoreDurationMs !== null) fields.push(['Restore ms', distribution(fn.restoreDurationMs)]);
  const memory = fn.maxMemoryUsedMB;
  fields.push([
    'Memory used',
    memory === null
      ? '–'
      : `max ${formatMb(memory.max)} MB · p99 ${formatMb(memory.p99)} · p50 ${formatMb(memory.p50)} · at the limit ${formatCount(memory.atLimit)}${memory.maxAtCurrentSize === null ? '' : ` · at the current ${formatMb(fn.memorySizeMB)} MB: max ${formatMb(memory.maxAtCurrentSize)} MB (${formatShare(memory.utilisation)} used)`}`,
  ]);
  // An Insights report lacks these because it aggregates on the server, not because the input lacked a field.
  const fromInsights = fn.basis.source === 'insights';
  fields.push([
    'Environments',
    fn.environments === null
      ? `– (${fromInsights ? 'Logs Insights aggregates give no log streams' : 'no log stream names in the input'})`
      : `${formatCount(fn.environments.count)} · invocations each: mean ${formatMs(fn.environments.invocationsPerEnvironment.mean)}, max ${formatCount(fn.environments.invocationsPerEnvironment.max)}`,
  ]);
  fields.push([
    'Concurrency',
    fn.concurrency === null
      ? `– (${fromInsights ? 'Logs Insights aggregates give no invocation spans' : 'no event timestamps in the input'})`
      : `peak ${formatCount(fn.concurrency.max)} at ${formatTime(fn.concurrency.maxAt)} · mean ${fn.concurrency.mean.toFixed(2)}`,
  ]);
  fields.push([
    'Cost',
    fn.cost === null
      ? '– (unknown: no billed duration with a memory size)'
      : `${formatUsd(fn.cost.perInvocationUSD)} per invocation · ${formatUsd(fn.cost.per1kInvocationsUSD)} per 1,000 · ${formatUsd(fn.cost.totalUSD)} total over ${formatCount(fn.cost.pricedInvocations)} priced invocations`,
  ]);
  if (fn.configuration !== null) fields.push(['Configuration', configurationText(fn.configuration)]);
  if (fn.cloudWatchMetrics !== null) {
    const metrics = fn.cloudWatchMetrics;
    const value = (number: number | null): string => (number === null ? '–' : formatCount(number));
    fields.push([
      'CloudWatch',
      `throttles ${value(metrics.throttles)} · peak concurrent executions ${value(metrics.concurrentExecutionsMax)} · iterator age max ${formatMs(metrics.iteratorAgeMaxMs)} ms · DLQ errors ${value(metrics.deadLetterErrors)} · PC spillover ${value(metrics.provisionedConcurrencySpilloverInvocations)}`,
    ]);
  }
  fields.push([
    'Basis',
    `${fn.basis.figures}, from ${fn.basis.source}${fn.basis.note === null ? '' : ` (${fn.basis.note})`}`,
  ]);
  blocks.push({ kind: 'fields', rows: fields });

  if (fn.configs.length > 0) {
    blocks.push({ kind: 'heading', level: 3, text: 'By memory size' });
    blocks.push({
      kind: 'table',
      headers: [
        'MEMORY MB',
        'INVOC',
        'ERR',
        'COLD',
        'P50 ms',
        'P99 ms',
        'MEAN ms',
        'BILLED MEAN ms',
        'MAX MEM MB',
        'COST/1K',
        'TOTAL',
      ],
      alignments: ['right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
      rows: fn.configs.map((config) => [
        config.memorySizeMB === null ? 'unknown' : formatMb(config.memorySizeMB),
        formatCount(config.invocations),
        formatErrors(fn, config.errors),
        formatCount(config.coldStarts),
        formatMs(config.durationMs?.p50),
        formatMs(config.durationMs?.p99),
        formatMs(config.durationMs?.mean),
        formatMs(config.billedDurationMs?.mean),
        formatMb(config.maxMemoryUsedMB?.max),
        formatUsd(config.cost?.per1kInvocationsUSD),
        formatUsd(config.cost?.totalUSD),
      ]),
    });
  }

  blocks.push({ kind: 'heading', level: 3, text: 'Advice' });
  const memoryAdvice = fn.advice.memory;
  const provisioned = fn.advice.provisionedConcurrency;
  const pcCost =
    provisioned.level === null || provisioned.costPerHourUSD === null
      ? ''
      : ` ${provisioned.level} provisioned cost ${formatUsd(provisioned.costPerHourUSD)} per hour configured; over the window ${formatUsdDelta(provisioned.windowCostDeltaUSD ?? 0)} net of the lower duration price.`;
  blocks.push({
    kind: 'list',
    items: [
      `Memory: ${memoryAdvice.reason} (margin ${memoryAdvice.marginPercent} %; basis: ${memoryAdvice.basis})`,
      `Provisioned concurrency: ${provisioned.reason}${pcCost}`,
    ],
  });
  const tradeoff = fn.advice.tradeoff;
  if (tradeoff !== null) {
    const deltas = tradeoff.deltas
      .filter((delta) => delta.durationMs !== 0 || delta.per1kInvocationsUSD !== 0)
      .map(
        (delta) =>
          `${delta.to} vs ${delta.from}: ${formatUsdDelta(delta.per1kInvocationsUSD)} per 1,000 invocations, ${formatMsDelta(delta.durationMs)} each`,
      );
    blocks.push({
      kind: 'paragraph',
      text: `Cost/speed across memory sizes: cheapest ${tradeoff.cheapestMB} MB, fastest ${tradeoff.fastestMB} MB, balanced ${tradeoff.balancedMB} MB${deltas.length === 0 ? '' : `; ${deltas.join('; ')}`}. Basis: ${tradeoff.basis}.`,
    });
    blocks.push({
      kind: 'table',
      headers: [
        'MEMORY MB',
        'INVOC',
        'MEAN ms',
        'P50 ms',
        'P99 ms',
        'BILLED MEAN ms',
        'PER INVOCATION',
        'PER 1K',
        'CHOICE',
        'NOTE',
      ],
      alignments: ['right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'left', 'left'],
      rows: tradeoff.rows.map((row) => [
        formatMb(row.memorySizeMB),
        formatCount(row.invocations),
        formatMs(row.durationMs.mean),
        formatMs(row.durationMs.p50),
        formatMs(row.durationMs.p99),
        formatMs(row.billedDurationMs.mean),
        formatUsd(row.perInvocationUSD),
        formatUsd(row.per1kInvocationsUSD),
        [
          row.memorySizeMB === tradeoff.cheapestMB ? 'cheapest' : '',
          row.memorySizeMB === tradeoff.fastestMB ? 'fastest' : '',
          row.memorySizeMB === tradeoff.balancedMB ? 'balanced' : '',
        ]
          .filter((word) => word !== '')
          .join(', '),
        row.note ?? '',
      ]),
    });
  }

  if (fn.slowest.length > 0) {
    blocks.push({ kind: 'heading', level: 3, text: `Slowest ${fn.slowest.length}` });
    blocks.push({
      kind: 'table',
      headers: INVOCATION_HEADERS,
      alignments: INVOCATION_ALIGNMENTS,
      rows: invocationRows(fn.slowest),
    });
  }
  if (fn.failures.length > 0) {
    const total = fn.failures.length + fn.failuresOmitted;
    const shown = fn.failures.slice(0, FAILURES_SHOWN);
    blocks.push({
      kind: 'heading',
      level: 3,
      text:
        total > shown.length
          ? `Failed invocations (${shown.length} of ${formatCount(total)}; all in --format json)`
          : `Failed invocations (${formatCount(total)})`,
    });
    blocks.push({
      kind: 'table',
      headers: INVOCATION_HEADERS,
      alignments: INVOCATION_ALIGNMENTS,
      rows: invocationRows(shown),
    });
  }
  if (fn.customMetrics.length > 0) {
    blocks.push({ kind: 'heading', level: 3, text: 'Metrics from EMF documents' });
    blocks.push({
      kind: 'table',
      headers: ['NAMESPACE', 'METRIC', 'UNIT', 'VALUES', 'SUM', 'MIN', 'MEAN', 'MAX'],
      alignments: ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'right'],
      rows: fn.customMetrics.map((metric) => [
        metric.namespace,
        metric.name,
        metric.unit ?? '',
        formatCount(metric.count),
        formatMs(metric.sum),
        formatMs(metric.min),
        formatMs(metric.mean),
        formatMs(metric.max),
      ]),
    });
  }
  if (fn.warnings.length > 0) {
    blocks.push({ kind: 'heading', level: 3, text: 'Warnings' });
    blocks.push({ kind: 'list', items: fn.warnings });
  }
  return blocks;
}

/** The human-readable report as blocks: a header, an overview of every function, then each function in detail. */
export function toReportBlocks(report: Report): ReportBlock[] {
  const invocations = report.functions.reduce((total, fn) => total + fn.invocations, 0);
  const skipped = report.skippedByReason;
  const blocks: ReportBlock[] = [
    {
      kind: 'heading',
      level: 1,
      text: `lambdatop report — ${formatCount(report.functions.length)} function${report.functions.length === 1 ? '' : 's'}, ${formatCount(invocations)} invocations`,
    },
    {
      kind: 'fields',
      rows: [
        ['Window', formatSpan(report.window.firstEvent, report.window.lastEvent)],
        ['Input', `${report.input.inputs.join(', ') || '–'} · ${formatCount(report.input.lines)} lines`],
        [
          'Skipped lines',
          `${formatCount(report.skippedLines)} (malformed ${formatCount(skipped.malformed)} · unknown ${formatCount(skipped.unknown)} · outside any invocation ${formatCount(skipped.outsideInvocation)})`,
        ],
        [
          'Prices',
          `${report.pricing.overridden ? 'overridden by flags; otherwise ' : ''}list prices, ${report.pricing.region}, before free tier and volume tiers (${report.pricing.source})`,
        ],
      ],
    },
  ];
  if (report.warnings.length > 0) blocks.push({ kind: 'list', items: report.warnings });
  if (report.functions.length > 0) blocks.push(overview(report));
  for (const fn of report.functions) blocks.push(...functionBlocks(fn));
  return blocks.map(toPrintableBlock);
}

/** Names, ids and streams come from the logs: no block may carry a control character to the terminal. */
function toPrintableBlock(block: ReportBlock): ReportBlock {
  switch (block.kind) {
    case 'heading':
    case 'paragraph':
      return { ...block, text: toPrintable(block.text) };
    case 'fields':
      return {
        kind: 'fields',
        rows: block.rows.map(([label, value]) => [toPrintable(label), toPrintable(value)] as const),
      };
    case 'table':
      return { ...block, rows: block.rows.map((row) => row.map(toPrintable)) };
    case 'list':
      return { kind: 'list', items: block.items.map(toPrintable) };
  }
}
