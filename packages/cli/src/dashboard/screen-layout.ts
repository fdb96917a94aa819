/** The terminal's size in cells. */
export interface Viewport {
  readonly columns: number;
  readonly rows: number;
}

/** A bordered pane's place on screen, in cells. */
export interface Pane {
  readonly top: number;
  readonly left: number;
  readonly width: number;
  readonly height: number;
}

export interface FunctionsLayout {
  readonly table: Pane;
  readonly charts: readonly [Pane, Pane, Pane];
  readonly events: Pane;
}

export interface FunctionLayout {
  readonly histogram: Pane;
  readonly configs: Pane;
  readonly environments: Pane;
  readonly invocations: Pane;
}

export interface ScreenLayout {
  readonly functions: FunctionsLayout;
  readonly function: FunctionLayout;
  readonly invocation: Pane;
  /** The last row: the status line, or the filter prompt. */
  readonly status: Pane;
  readonly help: Pane;
}

/** Below this the panes cannot show a row of figures: the view says so instead. */
export const MIN_VIEWPORT: Viewport = { columns: 60, rows: 16 };

/** Text cells inside a bordered pane. */
export function innerWidth(pane: Pane): number {
  return Math.max(0, pane.width - 2);
}

/** Rows of a blessed-contrib table that hold data: border, header and the gap under it take four. */
export function tableRows(pane: Pane): number {
  return Math.max(0, pane.height - 4);
}

/** Text width of a blessed-contrib table's rows: its list sits one cell in from the border; one cell stays free. */
export function tableWidth(pane: Pane): number {
  return Math.max(0, pane.width - 4);
}

export function isTooSmall(viewport: Viewport): boolean {
  return viewport.columns < MIN_VIEWPORT.columns || viewport.rows < MIN_VIEWPORT.rows;
}

/** Where every pane goes: the table on top, three charts, the events pane, the status line at the bottom. */
export function toScreenLayout(viewport: Viewport): ScreenLayout {
  const columns = Math.max(MIN_VIEWPORT.columns, viewport.columns);
  const rows = Math.max(MIN_VIEWPORT.rows, viewport.rows);
  const body = rows - 1;
  const tableHeight = Math.max(6, Math.round(body * 0.38));
  const chartHeight = Math.max(6, Math.round(body * 0.3));
  const eventsHeight = Math.max(3, body - tableHeight - chartHeight);
  const third = Math.floor(columns / 3);
  const chartTop = tableHeight;
  const upperHeight = Math.max(6, Math.round(body * 0.36));
  const environmentsHeight = Math.max(4, Math.round(body * 0.24));
  const half = Math.floor(columns / 2);
  const helpWidth = Math.min(columns - 4, 78);
  const helpHeight = Math.min(body - 2, 24);
  return {
    functions: {
      table: { top: 0, left: 0, width: columns, height: tableHeight },
      charts: [
        { top: chartTop, left: 0, width: third, height: chartHeight },
        { top: chartTop, left: third, width: third, height: chartHeight },
        { top: chartTop, left: 2 * third, width: columns - 2 * third, height: chartHeight },
      ],
      events: { top: tableHeight + chartHeight, left: 0, width: columns, height: eventsHeight },
    },
    function: {
      histogram: { top: 0, left: 0, width: half, height: upperHeight },
      configs: { top: 0, left: half, width: columns - half, height: upperHeight },
      environments: { top: upperHeight, left: 0, width: columns, height: environmentsHeight },
      invocations: {
        top: upperHeight + environmentsHeight,
        left: 0,
        width: columns,
        height: Math.max(5, body - upperHeight - environmentsHeight),
      },
    },
    invocation: { top: 0, left: 0, width: columns, height: body },
    status: { top: rows - 1, left: 0, width: columns, height: 1 },
    help: {
      top: Math.max(0, Math.floor((body - helpHeight) / 2)),
      left: Math.max(0, Math.floor((columns - helpWidth) / 2)),
      width: helpWidth,
      height: helpHeight,
    },
  };
}
