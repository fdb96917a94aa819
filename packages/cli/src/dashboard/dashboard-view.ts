import type { DashboardSnapshot } from './dashboard-model.js';
import { toFunctionRows } from './function-rows.js';
import { toFunctionScreen } from './function-view.js';
import { toFunctionsScreen } from './functions-view.js';
import { toHelpView } from './help-view.js';
import { toInvocationScreen } from './invocation-view.js';
import type { KeyContext } from './key-reducer.js';
import { isTooSmall, MIN_VIEWPORT, tableRows, toScreenLayout, type Viewport } from './screen-layout.js';
import { filterRows, sortRows } from './sort-columns.js';
import { toStatusLine } from './status-line.js';
import type { UiState } from './ui-state.js';
import type { DashboardView } from './view-types.js';

/** A frame and what the keys can move over in it. */
export interface DashboardFrame {
  readonly view: DashboardView;
  readonly keys: KeyContext;
}

/**
 * The whole screen as a pure function of the data, the user's state and the terminal's size. Two calls with equal
 * arguments give equal frames, so the renderer can skip a frame identical to the last.
 */
export function toDashboardView(snapshot: DashboardSnapshot, ui: UiState, viewport: Viewport): DashboardFrame {
  const layout = toScreenLayout(viewport);
  const rows = sortRows(filterRows(toFunctionRows(snapshot), ui.filter), ui.sort.column, ui.sort.descending);
  const functionNames = rows.map((row) => row.name);
  const status = toStatusLine(snapshot, ui, layout.status.width);
  const help = ui.help ? toHelpView() : undefined;
  const tooSmall = isTooSmall(viewport)
    ? `Make the terminal at least ${MIN_VIEWPORT.columns}×${MIN_VIEWPORT.rows} (it is ${viewport.columns}×${viewport.rows}); q quits.`
    : undefined;
  const base = { functionNames, invocations: [], lineCount: 0 };
  if (ui.screen === 'invocation' && ui.openInvocation !== undefined) {
    const screen = toInvocationScreen(ui.openInvocation, ui.lineOffset, layout.invocation);
    return {
      view: { screen: screen.view, status, help, tooSmall },
      keys: { ...base, lineCount: screen.lineCount, pageRows: Math.max(1, layout.invocation.height - 3) },
    };
  }
  if ((ui.screen === 'function' || ui.screen === 'invocation') && ui.openFunction !== undefined) {
    const entry = snapshot.functions.find((candidate) => candidate.name === ui.openFunction);
    const screen = toFunctionScreen(entry, ui.openFunction, ui.selectedInvocation, layout.function);
    return {
      view: { screen: screen.view, status, help, tooSmall },
      keys: { ...base, invocations: screen.invocations, pageRows: Math.max(1, tableRows(layout.function.invocations)) },
    };
  }
  const selected =
    ui.selectedFunction !== undefined && functionNames.includes(ui.selectedFunction) ? ui.selectedFunction : undefined;
  return {
    view: {
      screen: toFunctionsScreen(snapshot, rows, layout.functions, {
        sort: ui.sort,
        selected,
        filter: ui.filter,
      }),
      status,
      help,
      tooSmall,
    },
    keys: { ...base, pageRows: Math.max(1, tableRows(layout.functions.table)) },
  };
}
