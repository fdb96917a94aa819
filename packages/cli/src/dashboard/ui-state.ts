import type { InvocationSummary } from '../core/report/report-model.js';
import { defaultDescending, type SortColumn } from './sort-columns.js';

export type ScreenName = 'functions' | 'function' | 'invocation';

/** An invocation the drill-down lists: `key` is unique within the list (one may be both slow and failed). */
export interface InvocationEntry {
  readonly key: string;
  readonly functionName: string;
  readonly summary: InvocationSummary;
}

/** Where the user is and what they asked for. Changed only by `reduceKey`. */
export interface UiState {
  readonly screen: ScreenName;
  readonly sort: { readonly column: SortColumn; readonly descending: boolean };
  readonly filter: string;
  /** The filter being typed after `/`; undefined when not editing. */
  readonly filterDraft: string | undefined;
  /** The highlighted function (by name, so it stays put when the rows re-sort); undefined: the first row. */
  readonly selectedFunction: string | undefined;
  /** The function drilled into. */
  readonly openFunction: string | undefined;
  /** The highlighted invocation of the drill-down list, by key. */
  readonly selectedInvocation: string | undefined;
  /** The invocation whose lines are shown: a copy, so it stays readable after it leaves the window. */
  readonly openInvocation: InvocationEntry | undefined;
  /** First line shown of the open invocation. */
  readonly lineOffset: number;
  readonly paused: boolean;
  readonly help: boolean;
  readonly quit: boolean;
}

export const DEFAULT_SORT_COLUMN: SortColumn = 'rate';

export function createUiState(): UiState {
  return {
    screen: 'functions',
    sort: { column: DEFAULT_SORT_COLUMN, descending: defaultDescending(DEFAULT_SORT_COLUMN) },
    filter: '',
    filterDraft: undefined,
    selectedFunction: undefined,
    openFunction: undefined,
    selectedInvocation: undefined,
    openInvocation: undefined,
    lineOffset: 0,
    paused: false,
    help: false,
    quit: false,
  };
}
