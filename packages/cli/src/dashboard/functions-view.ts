import { formatMs, formatUsd } from '../core/report/format-figures.js';
import { toPrintable } from '../core/report/printable.js';
import type { DashboardSnapshot, FunctionSnapshot } from './dashboard-model.js';
import type { FunctionRow } from './function-rows.js';
import type { NotableEvent, NotableKind } from './notable-events.js';
import { type FunctionsLayout, innerWidth, tableWidth } from './screen-layout.js';
import type { SortColumn } from './sort-columns.js';
import { fit, formatClock, formatCompact } from './text-cells.js';
import type { ChartView, FunctionsScreenView, TableView, TextView } from './view-types.js';

interface Column {
  readonly column: SortColumn;
  readonly header: string;
  readonly width: number;
  readonly cell: (row: FunctionRow) => string;
}

function formatPercent(share: number | undefined): string {
  if (share === undefined || !Number.isFinite(share)) return '–';
  const percent = share * 100;
  return `${percent < 10 && percent > 0 ? percent.toFixed(1) : percent.toFixed(0)}%`;
}

function formatMemory(row: FunctionRow): string {
  if (row.maxMemoryUsedMb === undefined && row.memorySizeMb === undefined) return '–';
  return `${row.maxMemoryUsedMb ?? '–'}/${row.memorySizeMb ?? '–'}`;
}

const NAME_MIN_WIDTH = 12;

/** The figure columns after the name, in display order. */
const FIGURE_COLUMNS: readonly Column[] = [
  { column: 'rate', header: 'INV/MIN', width: 8, cell: (row) => formatCompact(row.invocationsPerMinute, 1) },
  { column: 'errors', header: 'ERR', width: 6, cell: (row) => formatCompact(row.errors) },
  { column: 'timeouts', header: 'TMO', width: 5, cell: (row) => formatCompact(row.timeouts) },
  { column: 'throttles', header: 'THR', width: 5, cell: (row) => formatCompact(row.throttles) },
  { column: 'cold', header: 'COLD', width: 6, cell: (row) => formatPercent(row.coldStartShare) },
  { column: 'p50', header: 'P50 ms', width: 8, cell: (row) => formatMs(row.p50Ms) },
  { column: 'p99', header: 'P99 ms', width: 8, cell: (row) => formatMs(row.p99Ms) },
  { column: 'max', header: 'MAX ms', width: 8, cell: (row) => formatMs(row.maxMs) },
  { column: 'memory', header: 'MEM MB', width: 9, cell: formatMemory },
  { column: 'cost', header: '$/HOUR', width: 9, cell: (row) => formatUsd(row.costPerHourUsd) },
  { column: 'advice', header: 'ADVICE', width: 8, cell: (row) => row.advice },
];

/** Dropped in this order when the terminal is narrow; name, rate, errors, p99 and memory always stay. */
const DROP_ORDER: readonly SortColumn[] = ['max', 'cost', 'p50', 'throttles', 'timeouts', 'cold', 'advice'];

function columnsFor(width: number): readonly Column[] {
  let columns = FIGURE_COLUMNS;
  const used = (list: readonly Column[]): number => list.reduce((sum, entry) => sum + entry.width + 1, 0);
  for (const drop of DROP_ORDER) {
    if (NAME_MIN_WIDTH + used(columns) <= width) break;
    columns = columns.filter((entry) => entry.column !== drop);
  }
  return columns;
}

export interface TableOptions {
  readonly sort: { readonly column: SortColumn; readonly descending: boolean };
  readonly selected: string | undefined;
  readonly filter: string;
}

/** The functions table: one fixed-width text row per function, the sorted column marked in the header. */
export function toFunctionsTable(rows: readonly FunctionRow[], width: number, options: TableOptions): TableView {
  const columns = columnsFor(width);
  const nameWidth = Math.max(NAME_MIN_WIDTH, width - columns.reduce((sum, entry) => sum + entry.width + 1, 0));
  const mark = options.sort.descending ? '▼' : '▲';
  const title = (column: SortColumn, text: string): string =>
    options.sort.column === column ? `${text}${mark}` : text;
  const header = [
    fit(title('name', 'FUNCTION'), nameWidth),
    ...columns.map((entry) => fit(title(entry.column, entry.header), entry.width, 'right')),
  ].join(' ');
  const lines = rows.map((row) =>
    [fit(toPrintable(row.name), nameWidth), ...columns.map((entry) => fit(entry.cell(row), entry.width, 'right'))].join(
      ' ',
    ),
  );
  const at = options.selected === undefined ? 0 : rows.findIndex((row) => row.name === options.selected);
  const filtered = options.filter === '' ? '' : ` matching "${toPrintable(options.filter)}"`;
  return {
    label: ` functions (${rows.length}${filtered}) `,
    header,
    rows: lines,
    selected: rows.length === 0 ? undefined : Math.max(0, at),
  };
}

function toXLabels(entry: FunctionSnapshot | undefined): string[] {
  return (entry?.series ?? []).map((point) => formatClock(point.startMs));
}

/** The three charts of the highlighted function over the window: rate and errors, p50/p99, memory against size. */
export function toFunctionCharts(
  entry: FunctionSnapshot | undefined,
  bucketMs: number,
): readonly [ChartView, ChartView, ChartView] {
  const name = entry === undefined ? 'no function' : toPrintable(entry.name);
  const series = entry?.series ?? [];
  const xLabels = toXLabels(entry);
  const perBucket = `${Math.round(bucketMs / 1000)} s`;
  return [
    {
      label: ` ${name}: invocations & errors / ${perBucket} `,
      xLabels,
      series: [
        { title: 'invocations', values: series.map((point) => point.invocations) },
        { title: 'errors', values: series.map((point) => point.errors) },
      ],
    },
    {
      label: ` ${name}: duration ms `,
      xLabels,
      series: [
        { title: 'p50', values: series.map((point) => point.p50Ms ?? null) },
        { title: 'p99', values: series.map((point) => point.p99Ms ?? null) },
      ],
    },
    {
      label: ` ${name}: memory MB, used vs size `,
      xLabels,
      series: [
        { title: 'max used', values: series.map((point) => point.maxMemoryUsedMb ?? null) },
        { title: 'size', values: series.map((point) => point.memorySizeMb ?? null) },
      ],
    },
  ];
}

const KIND_LABELS: Readonly<Record<NotableKind, string>> = {
  error: 'ERROR',
  timeout: 'TIMEOUT',
  oom: 'OOM',
  crash: 'CRASH',
  'cold-start': 'COLD',
  throttle: 'THROTTLE',
  leak: 'LEAK',
  'init-failure': 'INIT',
  warning: 'WARN',
};

export function toEventLine(event: NotableEvent, width: number): string {
  const name = event.functionName === undefined ? '' : toPrintable(event.functionName);
  const request = event.requestId === undefined ? '' : ` [${toPrintable(event.requestId).slice(0, 8)}]`;
  const head = `${formatClock(event.timeMs)} ${fit(KIND_LABELS[event.kind], 8)} ${fit(name, 16)} `;
  return fit(`${head}${toPrintable(event.text)}${request}`, width);
}

/** The newest events that fit, oldest at the top; a filter keeps its functions' events and every warning. */
export function toEventsPane(
  events: readonly NotableEvent[],
  visibleLines: number,
  width: number,
  filter: string,
): TextView {
  const needle = filter.trim().toLowerCase();
  const shown = events.filter(
    (event) => needle === '' || event.functionName === undefined || event.functionName.toLowerCase().includes(needle),
  );
  return {
    label: ` notable events (${shown.length}) `,
    lines: shown.slice(-Math.max(0, visibleLines)).map((event) => toEventLine(event, width)),
  };
}

/** The main screen: the functions table, the highlighted function's charts, the events pane. */
export function toFunctionsScreen(
  snapshot: DashboardSnapshot,
  rows: readonly FunctionRow[],
  layout: FunctionsLayout,
  options: TableOptions,
): FunctionsScreenView {
  const table = toFunctionsTable(rows, tableWidth(layout.table), options);
  const highlighted = rows[table.selected ?? -1]?.name;
  const entry = snapshot.functions.find((candidate) => candidate.name === highlighted);
  return {
    kind: 'functions',
    table,
    charts: toFunctionCharts(entry, snapshot.bucketMs),
    events: toEventsPane(snapshot.events, layout.events.height - 2, innerWidth(layout.events), options.filter),
  };
}
