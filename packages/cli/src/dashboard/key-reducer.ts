import { defaultDescending, toSortColumn } from './sort-columns.js';
import type { InvocationEntry, UiState } from './ui-state.js';

/**
 * A key as the dashboard understands it: `up`, `down`, `pageup`, `pagedown`, `home`, `end`, `enter`, `escape`,
 * `backspace`, `ctrl-c`, or one printable character.
 */
export type KeyName = string;

/** What is on screen when the key arrives: what the cursor can move over. */
export interface KeyContext {
  /** The functions table's rows, in display order (sorted and filtered). */
  readonly functionNames: readonly string[];
  /** The drill-down's invocation list, in display order. */
  readonly invocations: readonly InvocationEntry[];
  /** Lines of the open invocation. */
  readonly lineCount: number;
  /** Rows one page key moves. */
  readonly pageRows: number;
}

const MAX_FILTER_CHARS = 64;

function isPrintable(key: KeyName): boolean {
  return [...key].length === 1 && key >= ' ' && key !== '\x7f';
}

/** How far a movement key moves, or undefined for other keys. */
function movement(key: KeyName, pageRows: number): number | 'home' | 'end' | undefined {
  switch (key) {
    case 'up':
    case 'k':
      return -1;
    case 'down':
    case 'j':
      return 1;
    case 'pageup':
      return -Math.max(1, pageRows);
    case 'pagedown':
      return Math.max(1, pageRows);
    case 'home':
    case 'g':
      return 'home';
    case 'end':
    case 'G':
      return 'end';
    default:
      return undefined;
  }
}

/** The item `step` away from `current` (the first item when none is highlighted: that is where the highlight shows). */
function moveIn<T>(items: readonly T[], current: T | undefined, step: number | 'home' | 'end'): T | undefined {
  if (items.length === 0) return current;
  const at = current === undefined ? 0 : Math.max(0, items.indexOf(current));
  const to =
    step === 'home' ? 0 : step === 'end' ? items.length - 1 : Math.min(items.length - 1, Math.max(0, at + step));
  return items[to];
}

function editFilter(state: UiState, draft: string, key: KeyName): UiState {
  switch (key) {
    case 'enter':
      return { ...state, filter: draft.trim(), filterDraft: undefined, selectedFunction: undefined };
    case 'escape':
      return { ...state, filterDraft: undefined };
    case 'backspace':
      return { ...state, filterDraft: [...draft].slice(0, -1).join('') };
    default:
      if (!isPrintable(key) || [...draft].length >= MAX_FILTER_CHARS) return state;
      return { ...state, filterDraft: draft + key };
  }
}

function onFunctions(state: UiState, key: KeyName, context: KeyContext): UiState {
  const step = movement(key, context.pageRows);
  if (step !== undefined) {
    return { ...state, selectedFunction: moveIn(context.functionNames, state.selectedFunction, step) };
  }
  if (key === 'enter') {
    const selected =
      state.selectedFunction !== undefined && context.functionNames.includes(state.selectedFunction)
        ? state.selectedFunction
        : context.functionNames[0];
    if (selected === undefined) return state;
    return {
      ...state,
      screen: 'function',
      selectedFunction: selected,
      openFunction: selected,
      selectedInvocation: undefined,
    };
  }
  if (key === '/') return { ...state, filterDraft: state.filter };
  if (key === 'escape') return state.filter === '' ? state : { ...state, filter: '', selectedFunction: undefined };
  const column = toSortColumn(key);
  if (column === undefined) return state;
  const descending = state.sort.column === column ? !state.sort.descending : defaultDescending(column);
  return { ...state, sort: { column, descending } };
}

function onFunction(state: UiState, key: KeyName, context: KeyContext): UiState {
  const step = movement(key, context.pageRows);
  const keys = context.invocations.map((entry) => entry.key);
  if (step !== undefined) return { ...state, selectedInvocation: moveIn(keys, state.selectedInvocation, step) };
  if (key === 'escape')
    return { ...state, screen: 'functions', openFunction: undefined, selectedInvocation: undefined };
  if (key === 'enter') {
    const entry =
      context.invocations.find((candidate) => candidate.key === state.selectedInvocation) ?? context.invocations[0];
    if (entry === undefined) return state;
    return { ...state, screen: 'invocation', selectedInvocation: entry.key, openInvocation: entry, lineOffset: 0 };
  }
  return state;
}

function onInvocation(state: UiState, key: KeyName, context: KeyContext): UiState {
  if (key === 'escape') return { ...state, screen: 'function', openInvocation: undefined, lineOffset: 0 };
  const step = movement(key, context.pageRows);
  if (step === undefined) return state;
  const last = Math.max(0, context.lineCount - context.pageRows);
  const offset = step === 'home' ? 0 : step === 'end' ? last : state.lineOffset + step;
  return { ...state, lineOffset: Math.min(last, Math.max(0, offset)) };
}

/**
 * The dashboard's keys as a pure state machine: the state after `key`, given what is on screen. `q` and Ctrl-C
 * quit (Ctrl-C even while typing a filter), `?` toggles help, `p` pauses, `Esc` goes back one level.
 */
export function reduceKey(state: UiState, key: KeyName, context: KeyContext): UiState {
  if (key === 'ctrl-c') return { ...state, quit: true };
  if (state.filterDraft !== undefined) return editFilter(state, state.filterDraft, key);
  if (key === 'q') return { ...state, quit: true };
  if (state.help) return key === '?' || key === 'escape' || key === 'enter' ? { ...state, help: false } : state;
  if (key === '?') return { ...state, help: true };
  if (key === 'p') return { ...state, paused: !state.paused };
  switch (state.screen) {
    case 'functions':
      return onFunctions(state, key, context);
    case 'function':
      return onFunction(state, key, context);
    case 'invocation':
      return onInvocation(state, key, context);
  }
}
