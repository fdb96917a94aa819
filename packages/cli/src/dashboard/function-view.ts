import { formatMs, formatUsd } from '../core/report/format-figures.js';
import { toPrintable } from '../core/report/printable.js';
import type { FunctionReport, InvocationSummary } from '../core/report/report-model.js';
import type { FunctionSnapshot } from './dashboard-model.js';
import type { HistogramBin } from './duration-histogram.js';
import type { EnvironmentView } from './environment-table.js';
import { shortStream } from './notable-events.js';
import { type FunctionLayout, innerWidth, tableWidth } from './screen-layout.js';
import { clip, fit, formatClock, wrapWords } from './text-cells.js';
import type { InvocationEntry } from './ui-state.js';
import type { BarsView, FunctionScreenView, TableView, TextView } from './view-types.js';

/** A bar's label: short enough for a narrow bar (`0.8`, `45`, `1.2s`). */
export function formatBinMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 1)}s`;
  return ms < 10 ? ms.toFixed(1) : Math.round(ms).toString();
}

export function toHistogramBars(bins: readonly HistogramBin[], width: number, invocations: number): BarsView {
  // blessed-contrib keeps at least three cells between bars; a label may use two of them.
  const barWidth = bins.length === 0 ? 4 : Math.max(2, Math.floor((width - 2) / bins.length) - 3);
  return {
    label:
      bins.length === 0
        ? ' duration histogram: no durations in the window '
        : ` duration histogram, ms (${invocations.toLocaleString('en-US')} invocations; bar = from) `,
    labels: bins.map((bin) => clip(formatBinMs(bin.fromMs), barWidth + 2)),
    counts: bins.map((bin) => bin.count),
    barWidth,
  };
}

function configLines(report: FunctionReport, width: number): string[] {
  const header = [
    fit('MEMORY', 8),
    fit('INV', 6, 'right'),
    fit('ERR', 4, 'right'),
    fit('TMO', 4, 'right'),
    fit('OOM', 4, 'right'),
    fit('P50 ms', 8, 'right'),
    fit('P99 ms', 8, 'right'),
    fit('USED MB', 7, 'right'),
    fit('$/1k inv', 9, 'right'),
  ].join(' ');
  const rows = report.configs.map((config) =>
    [
      fit(config.memorySizeMB === null ? 'unknown' : `${config.memorySizeMB} MB`, 8),
      fit(config.invocations.toLocaleString('en-US'), 6, 'right'),
      fit(config.errors.toLocaleString('en-US'), 4, 'right'),
      fit(config.timeouts.toLocaleString('en-US'), 4, 'right'),
      fit(config.outOfMemory.toLocaleString('en-US'), 4, 'right'),
      fit(formatMs(config.durationMs?.p50), 8, 'right'),
      fit(formatMs(config.durationMs?.p99), 8, 'right'),
      fit(config.maxMemoryUsedMB === null ? '–' : String(config.maxMemoryUsedMB.max), 7, 'right'),
      fit(formatUsd(config.cost?.per1kInvocationsUSD), 9, 'right'),
    ].join(' '),
  );
  const memory = report.advice.memory;
  const lines = [clip(header, width), ...rows.map((row) => clip(row, width)), ''];
  lines.push(...wrapWords(`memory advice (${memory.action}): ${memory.reason}`, width));
  const tradeoff = report.advice.tradeoff;
  if (tradeoff !== null) {
    lines.push(
      ...wrapWords(
        `trade-off: cheapest ${tradeoff.cheapestMB} MB, fastest ${tradeoff.fastestMB} MB, balanced ${tradeoff.balancedMB} MB`,
        width,
      ),
    );
  }
  for (const warning of report.warnings) lines.push(...wrapWords(`! ${toPrintable(warning)}`, width));
  return lines;
}

function environmentLines(environments: readonly EnvironmentView[], width: number, visible: number): string[] {
  const header = [
    fit('ENV', 9),
    fit('INV', 7, 'right'),
    fit('FIRST', 8),
    fit('LAST', 8),
    fit('INIT ms', 9, 'right'),
    fit('MEM MB', 9, 'right'),
    ' MEMORY TREND (warm)',
  ].join(' ');
  const rows = environments.map((environment) => {
    const growth = environment.growth;
    const trend =
      growth === undefined
        ? '–'
        : `${growth.firstMb} → ${growth.lastMb} MB over ${growth.warmInvocations}${growth.suspectedLeak ? '  LEAK?' : ''}`;
    return [
      fit(toPrintable(shortStream(environment.logStream)), 9),
      fit(environment.invocations.toLocaleString('en-US'), 7, 'right'),
      fit(formatClock(environment.firstMs), 8),
      fit(formatClock(environment.lastMs), 8),
      fit(formatMs(environment.initDurationMs), 9, 'right'),
      fit(`${environment.lastMaxMemoryUsedMb ?? '–'}/${environment.memorySizeMb ?? '–'}`, 9, 'right'),
      ` ${trend}`,
    ].join(' ');
  });
  return [header, ...rows].slice(0, Math.max(1, visible)).map((line) => clip(line, width));
}

/** The drill-down's invocation list: the failed (most recent first: what a page is about), then the slowest. */
export function toInvocationEntries(entry: FunctionSnapshot): InvocationEntry[] {
  const toEntry = (list: string, summary: InvocationSummary, index: number): InvocationEntry => ({
    key: `${list}:${summary.requestId ?? `#${index}`}`,
    functionName: entry.name,
    summary,
  });
  return [
    ...entry.report.failures.map((summary, index) => toEntry('fail', summary, index)),
    ...entry.report.slowest.map((summary, index) => toEntry('slow', summary, index)),
  ];
}

function invocationRow(entry: InvocationEntry, width: number): string {
  const { summary } = entry;
  const memory =
    summary.maxMemoryUsedMB === null && summary.memorySizeMB === null
      ? '–'
      : `${summary.maxMemoryUsedMB ?? '–'}/${summary.memorySizeMB ?? '–'}`;
  return clip(
    [
      fit(entry.key.startsWith('slow:') ? 'slow' : 'fail', 4),
      fit(formatClock(summary.endTime === null ? undefined : Date.parse(summary.endTime)), 8),
      fit(toPrintable(summary.requestId ?? '(redacted)'), 36),
      fit(formatMs(summary.durationMs), 11, 'right'),
      fit(memory, 9, 'right'),
      fit(summary.outcome === 'success' && summary.errorLogged ? 'error logged' : summary.outcome, 13),
      fit(summary.coldStart === null ? '' : 'cold', 4),
      toPrintable(summary.xrayTraceId ?? '–'),
    ].join(' '),
    width,
  );
}

export function toInvocationsTable(
  entries: readonly InvocationEntry[],
  selected: string | undefined,
  width: number,
): TableView {
  const header = [
    fit('LIST', 4),
    fit('ENDED', 8),
    fit('REQUEST ID', 36),
    fit('DURATION ms', 11, 'right'),
    fit('MEM MB', 9, 'right'),
    fit('OUTCOME', 13),
    fit('COLD', 4),
    'X-RAY TRACE ID',
  ].join(' ');
  const at = entries.findIndex((entry) => entry.key === selected);
  return {
    label: ` failed and slowest invocations (${entries.length}) — Enter shows the log lines `,
    header: clip(header, width),
    rows: entries.map((entry) => invocationRow(entry, width)),
    selected: entries.length === 0 ? undefined : Math.max(0, at),
  };
}

function titleOf(report: FunctionReport): string {
  const name = toPrintable(report.name);
  return `${name}: ${report.invocations.toLocaleString('en-US')} invocations, ${report.errors} errors, ${report.timeouts} timeouts in the window`;
}

/** The drill-down: histogram, per-memory-size table with the advice, environments, slowest and failed invocations. */
export function toFunctionScreen(
  entry: FunctionSnapshot | undefined,
  name: string,
  selected: string | undefined,
  layout: FunctionLayout,
): { view: FunctionScreenView; invocations: InvocationEntry[] } {
  const invocations = entry === undefined ? [] : toInvocationEntries(entry);
  const configsWidth = innerWidth(layout.configs);
  const configs: TextView =
    entry === undefined
      ? { label: ` ${toPrintable(name)} `, lines: ['No invocations of this function in the window any more.'] }
      : { label: ` ${titleOf(entry.report)} `, lines: configLines(entry.report, configsWidth) };
  const environments = entry?.detail?.environments ?? [];
  return {
    view: {
      kind: 'function',
      histogram: toHistogramBars(
        entry?.detail?.histogram ?? [],
        innerWidth(layout.histogram),
        entry?.report.durationMs?.count ?? 0,
      ),
      configs,
      environments: {
        label: ` execution environments (${environments.length}), most recent first `,
        lines: environmentLines(environments, innerWidth(layout.environments), layout.environments.height - 2),
      },
      invocations: toInvocationsTable(invocations, selected, tableWidth(layout.invocations)),
    },
    invocations,
  };
}
