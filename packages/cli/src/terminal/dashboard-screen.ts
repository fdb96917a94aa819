import type { Readable } from 'node:stream';
import type { KeyName } from '../dashboard/key-reducer.js';
import { toScreenLayout, type Viewport } from '../dashboard/screen-layout.js';
import type {
  BarsView,
  ChartView,
  DashboardView,
  FunctionScreenView,
  FunctionsScreenView,
  InvocationScreenView,
  TableView,
  TextView,
} from '../dashboard/view-types.js';
import {
  type BarElement,
  createBar,
  createBox,
  createLine,
  createLog,
  createScreen,
  createTable,
  type Element,
  type LineElement,
  type ListElement,
  type Screen,
  type TableElement,
  toMarkupText,
} from './blessed-widgets.js';
import { toKeyName } from './key-name.js';
import type { TerminalOutput } from './screen-output.js';

export interface DashboardScreenOptions {
  readonly input: Readable;
  readonly output: TerminalOutput;
  readonly onKey: (key: KeyName) => void;
  readonly onResize: () => void;
}

/** The full-screen display: draws views, reports keys and resizes. Only `destroy` gives the terminal back. */
export interface DashboardScreen {
  viewport(): Viewport;
  render(view: DashboardView): void;
  destroy(): void;
}

const SERIES_COLOURS = ['cyan', 'red'] as const;

/** Nulls (no data in that bucket) drawn as the last known value: a line chart cannot leave a gap. */
export function toDrawnValues(values: readonly (number | null)[]): number[] {
  const first = values.find((value): value is number => value !== null) ?? 0;
  let last = first;
  return values.map((value) => {
    if (value !== null && Number.isFinite(value)) last = value;
    return last;
  });
}

interface FunctionsWidgets {
  readonly kind: 'functions';
  readonly table: TableElement;
  readonly charts: readonly LineElement[];
  readonly events: ListElement;
}

interface FunctionWidgets {
  readonly kind: 'function';
  readonly histogram: BarElement;
  readonly histogramBarWidth: number;
  readonly configs: Element;
  readonly environments: Element;
  readonly invocations: TableElement;
}

interface InvocationWidgets {
  readonly kind: 'invocation';
  readonly body: Element;
}

interface SmallWidgets {
  readonly kind: 'small';
  readonly message: Element;
}

type Widgets = FunctionsWidgets | FunctionWidgets | InvocationWidgets | SmallWidgets;

function label(text: string): string {
  return toMarkupText(text);
}

function setTable(table: TableElement, view: TableView): void {
  table.setLabel(label(view.label));
  // The header is the box's own content, one cell left of the rows' list: a space lines them up.
  const header = toMarkupText(` ${view.header}`);
  const rows = view.rows.map((row) => toMarkupText(row));
  // blessed-contrib cuts each cell at its column width counting escaped braces as text: make room for them.
  table.options.columnWidth = [Math.max(header.length, ...rows.map((row) => row.length))];
  table.setData({ headers: [header], data: rows.map((row) => [row]) });
  if (view.selected !== undefined) table.rows.select(view.selected);
}

function setText(box: Element, view: TextView): void {
  box.setLabel(label(view.label));
  box.setContent(view.lines.map(toMarkupText).join('\n'));
}

function setChart(chart: LineElement, view: ChartView): void {
  // Canvas widgets do not parse tags: their label is shown as given (already neutralised by the view).
  chart.setLabel(view.label);
  // An empty label draws as `null` (the canvas writes a missing cell): a space draws nothing.
  const x = view.xLabels.length === 0 ? [' '] : view.xLabels.map((text) => (text === '' ? ' ' : text));
  const series = view.series.map((entry, index) => ({
    title: entry.title,
    x,
    y: entry.values.length === 0 ? [0] : toDrawnValues(entry.values),
    style: { line: SERIES_COLOURS[index % SERIES_COLOURS.length] ?? 'cyan' },
  }));
  const highest = Math.max(0, ...series.flatMap((entry) => entry.y));
  // blessed-contrib divides by its maximum: a flat zero chart needs a scale of its own.
  chart.options.maxY = highest > 0 ? highest * 1.2 : 1;
  chart.setData(series);
}

function setBars(bars: BarElement, view: BarsView): void {
  bars.setLabel(view.label);
  bars.setData({ titles: [...view.labels], data: [...view.counts] });
}

export function createDashboardScreen(options: DashboardScreenOptions): DashboardScreen {
  const screen: Screen = createScreen(options.input, options.output);
  let widgets: Widgets | undefined;
  let builtFor = '';
  const status = (): Element =>
    createBox(screen, toScreenLayout(viewport()).status, { border: undefined, style: { fg: 'black', bg: 'white' } });
  let statusLine: Element | undefined;
  let help: Element | undefined;

  function viewport(): Viewport {
    return { columns: screen.width, rows: screen.height };
  }

  function clear(): void {
    for (const child of [...screen.children]) child.destroy();
    widgets = undefined;
    statusLine = undefined;
    help = undefined;
  }

  function build(kind: Widgets['kind'], view: DashboardView): Widgets {
    const layout = toScreenLayout(viewport());
    switch (kind) {
      case 'functions':
        return {
          kind,
          table: createTable(screen, layout.functions.table),
          charts: layout.functions.charts.map((pane) => createLine(screen, pane)),
          events: createLog(screen, layout.functions.events),
        };
      case 'function': {
        const barWidth = view.screen.kind === 'function' ? view.screen.histogram.barWidth : 4;
        return {
          kind,
          histogram: createBar(screen, layout.function.histogram, barWidth),
          histogramBarWidth: barWidth,
          configs: createBox(screen, layout.function.configs),
          environments: createBox(screen, layout.function.environments),
          invocations: createTable(screen, layout.function.invocations),
        };
      }
      case 'invocation':
        return { kind, body: createBox(screen, layout.invocation) };
      case 'small':
        return {
          kind,
          message: createBox(screen, { top: 0, left: 0, width: screen.width, height: screen.height }),
        };
    }
  }

  function drawFunctions(target: FunctionsWidgets, view: FunctionsScreenView): void {
    setTable(target.table, view.table);
    view.charts.forEach((chart, index) => {
      const element = target.charts[index];
      if (element !== undefined) setChart(element, chart);
    });
    target.events.setLabel(label(view.events.label));
    target.events.setItems(view.events.lines.map(toMarkupText));
    target.events.scrollTo(view.events.lines.length);
  }

  function drawFunction(target: FunctionWidgets, view: FunctionScreenView): void {
    setBars(target.histogram, view.histogram);
    setText(target.configs, view.configs);
    setText(target.environments, view.environments);
    setTable(target.invocations, view.invocations);
  }

  function drawInvocation(target: InvocationWidgets, view: InvocationScreenView): void {
    setText(target.body, view.body);
  }

  screen.on('keypress', (ch, key) => {
    const name = toKeyName(ch, key);
    if (name !== undefined) options.onKey(name);
  });
  screen.on('resize', () => {
    // Canvas widgets size their drawing surface once, when attached: a new size means new widgets.
    builtFor = '';
    options.onResize();
  });

  return {
    viewport,
    render(view) {
      const { columns, rows } = viewport();
      const kind: Widgets['kind'] = view.tooSmall !== undefined ? 'small' : view.screen.kind;
      const barWidth = view.screen.kind === 'function' ? view.screen.histogram.barWidth : 0;
      const key = `${kind}:${columns}x${rows}:${barWidth}`;
      if (key !== builtFor || widgets === undefined) {
        clear();
        widgets = build(kind, view);
        builtFor = key;
      }
      const target = widgets;
      if (target.kind === 'small') target.message.setContent(toMarkupText(view.tooSmall ?? ''));
      else if (target.kind === 'functions' && view.screen.kind === 'functions') drawFunctions(target, view.screen);
      else if (target.kind === 'function' && view.screen.kind === 'function') drawFunction(target, view.screen);
      else if (target.kind === 'invocation' && view.screen.kind === 'invocation') drawInvocation(target, view.screen);
      statusLine ??= status();
      statusLine.setContent(toMarkupText(view.status));
      if (view.help !== undefined) {
        help ??= createBox(screen, toScreenLayout(viewport()).help, {
          style: { border: { fg: 'yellow' }, bg: 'black' },
        });
        setText(help, view.help);
        help.show();
        help.setFront();
      } else {
        help?.hide();
      }
      screen.render();
    },
    destroy() {
      screen.destroy();
    },
  };
}
