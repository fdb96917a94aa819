/**
 * The view model: plain text and numbers per pane, nothing else. Every string that came from a log has been
 * neutralised (`toPrintable`): the renderer only has to escape its own markup.
 */

export interface TableView {
  readonly label: string;
  readonly header: string;
  readonly rows: readonly string[];
  /** The highlighted row, when the table has a cursor. */
  readonly selected: number | undefined;
}

export interface ChartSeries {
  readonly title: string;
  /** Null where the bucket had no data (no invocation: no duration), which is not zero. */
  readonly values: readonly (number | null)[];
}

export interface ChartView {
  readonly label: string;
  readonly xLabels: readonly string[];
  readonly series: readonly ChartSeries[];
}

export interface BarsView {
  readonly label: string;
  readonly labels: readonly string[];
  readonly counts: readonly number[];
  readonly barWidth: number;
}

export interface TextView {
  readonly label: string;
  readonly lines: readonly string[];
}

export interface FunctionsScreenView {
  readonly kind: 'functions';
  readonly table: TableView;
  readonly charts: readonly [ChartView, ChartView, ChartView];
  readonly events: TextView;
}

export interface FunctionScreenView {
  readonly kind: 'function';
  readonly histogram: BarsView;
  readonly configs: TextView;
  readonly environments: TextView;
  readonly invocations: TableView;
}

export interface InvocationScreenView {
  readonly kind: 'invocation';
  readonly body: TextView;
}

export interface DashboardView {
  readonly screen: FunctionsScreenView | FunctionScreenView | InvocationScreenView;
  /** The last row: the status line, or the filter being typed. */
  readonly status: string;
  readonly help: TextView | undefined;
  /** Set when the terminal is too small for the panes: the renderer shows only this. */
  readonly tooSmall: string | undefined;
}
