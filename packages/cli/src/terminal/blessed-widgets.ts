// The one module that loads blessed and blessed-contrib (pinned exactly: both are unmaintained). The contrib widgets
// are loaded by path: its index pulls in maps, pictures and markdown, ~70 ms of start-up the dashboard never uses.
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import type { TerminalOutput } from './screen-output.js';

const require = createRequire(import.meta.url);

/** The part of a blessed element the dashboard uses. */
export interface Element {
  setContent(text: string): void;
  setLabel(text: string): void;
  show(): void;
  hide(): void;
  destroy(): void;
  setFront(): void;
}

export interface ListElement extends Element {
  setItems(items: string[]): void;
  select(index: number): void;
  scrollTo(index: number): void;
}

export interface TableElement extends Element {
  readonly rows: ListElement;
  readonly options: { columnWidth: number[] };
  setData(data: { headers: string[]; data: string[][] }): void;
}

export interface LineElement extends Element {
  readonly options: { maxY?: number };
  setData(data: { title: string; x: string[]; y: number[]; style: { line: string } }[]): void;
}

export interface BarElement extends Element {
  setData(data: { titles: string[]; data: number[] }): void;
}

export interface KeyEvent {
  readonly name?: string;
  readonly ctrl?: boolean;
  readonly meta?: boolean;
  readonly sequence?: string;
}

export interface Screen {
  readonly width: number;
  readonly height: number;
  readonly children: Element[];
  append(element: Element): void;
  render(): void;
  destroy(): void;
  on(event: 'keypress', listener: (ch: string | undefined, key: KeyEvent | undefined) => void): void;
  on(event: 'resize', listener: () => void): void;
}

export interface Position {
  readonly top: number;
  readonly left: number;
  readonly width: number;
  readonly height: number;
}

interface Blessed {
  /** The Screen class: its statics hold the process handlers blessed installs. */
  readonly Screen: Readonly<Record<string, unknown>>;
  screen(options: Record<string, unknown>): Screen;
  box(options: Record<string, unknown>): Element;
  escape(text: string): string;
}

type Factory<T> = (options: Record<string, unknown>) => T;

const blessed = require('blessed') as Blessed;
const contribTable = require('blessed-contrib/lib/widget/table.js') as Factory<TableElement>;
const contribLog = require('blessed-contrib/lib/widget/log.js') as Factory<ListElement>;
const contribLine = require('blessed-contrib/lib/widget/charts/line.js') as Factory<LineElement>;
const contribBar = require('blessed-contrib/lib/widget/charts/bar.js') as Factory<BarElement>;

/** Text for an element that parses blessed tags: `{` and `}` shown as themselves, never as markup. */
export function toMarkupText(text: string): string {
  return blessed.escape(text);
}

/** The process handlers blessed installs with its first screen, by the static it keeps each under. */
const BLESSED_PROCESS_HANDLERS = [
  ['SIGTERM', '_sigtermHandler'],
  ['SIGINT', '_sigintHandler'],
  ['SIGQUIT', '_sigquitHandler'],
  ['uncaughtException', '_exceptionHandler'],
] as const;

/**
 * A blessed screen on `input` and `output`, without blessed's own signal and uncaught-error handlers: those exit
 * with code 0 on SIGTERM or print a stack trace, and the dashboard session handles all of them itself.
 */
export function createScreen(input: Readable, output: TerminalOutput): Screen {
  const screen = blessed.screen({
    input,
    output,
    smartCSR: true,
    autoPadding: true,
    warnings: false,
    // The charts draw with Braille characters anyway; without this blessed swaps box lines for the DEC graphics set.
    forceUnicode: true,
    // Resizes come in bursts while a window is dragged: redraw once it settles.
    resizeTimeout: 100,
    // The title is the user's: a log line must not change it, and neither does lambdatop.
    title: undefined,
  });
  for (const [event, key] of BLESSED_PROCESS_HANDLERS) {
    const handler = blessed.Screen[key];
    if (typeof handler === 'function') process.removeListener(event, handler as (...args: unknown[]) => void);
  }
  return screen;
}

const BORDER = { type: 'line' } as const;

/**
 * Adds a widget to the screen after it is built: blessed-contrib widgets set up their drawing surface on 'attach',
 * which a `parent` option would fire before they listen for it.
 */
function attach<T extends Element>(screen: Screen, element: T): T {
  screen.append(element);
  return element;
}

export function createBox(screen: Screen, at: Position, options: Record<string, unknown> = {}): Element {
  return attach(
    screen,
    blessed.box({ ...at, tags: true, border: BORDER, style: { border: { fg: 'cyan' } }, ...options }),
  );
}

export function createTable(screen: Screen, at: Position): TableElement {
  return attach(
    screen,
    contribTable({
      ...at,
      tags: true,
      border: BORDER,
      keys: false,
      mouse: false,
      interactive: true,
      fg: 'white',
      selectedFg: 'black',
      selectedBg: 'cyan',
      // Rows come formatted to the pane's width: one column, no padding added.
      columnWidth: [Math.max(1, at.width - 3)],
      columnSpacing: 0,
      style: { border: { fg: 'cyan' } },
    }),
  );
}

export function createLog(screen: Screen, at: Position): ListElement {
  return attach(
    screen,
    contribLog({
      ...at,
      tags: true,
      border: BORDER,
      bufferLength: Math.max(1, at.height),
      style: { border: { fg: 'cyan' } },
    }),
  );
}

export function createLine(screen: Screen, at: Position): LineElement {
  return attach(
    screen,
    contribLine({
      ...at,
      border: BORDER,
      showLegend: true,
      legend: { width: 14 },
      wholeNumbersOnly: false,
      style: { line: 'cyan', text: 'white', baseline: 'white', border: { fg: 'cyan' } },
    }),
  );
}

export function createBar(screen: Screen, at: Position, barWidth: number): BarElement {
  return attach(
    screen,
    contribBar({
      ...at,
      border: BORDER,
      barWidth,
      barSpacing: barWidth + 3,
      xOffset: 1,
      maxHeight: 1,
      barBgColor: 'cyan',
      style: { border: { fg: 'cyan' } },
    }),
  );
}
