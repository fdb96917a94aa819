import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InvocationSummary } from '../../src/core/report/report-model.js';
import { type KeyContext, reduceKey } from '../../src/dashboard/key-reducer.js';
import { SORT_COLUMNS, SORT_KEYS } from '../../src/dashboard/sort-columns.js';
import { createUiState, type InvocationEntry, type UiState } from '../../src/dashboard/ui-state.js';

function summary(requestId: string): InvocationSummary {
  return {
    requestId,
    logStream: null,
    xrayTraceId: null,
    startTime: null,
    endTime: null,
    durationMs: 10,
    billedDurationMs: 10,
    memorySizeMB: 128,
    maxMemoryUsedMB: 64,
    initDurationMs: null,
    coldStart: null,
    outcome: 'success',
    errorType: null,
    errorLogged: false,
    lines: ['START', 'END'],
  };
}

const INVOCATIONS: InvocationEntry[] = ['a', 'b', 'c'].map((id) => ({
  key: `slow:${id}`,
  functionName: 'orders',
  summary: summary(id),
}));

const CONTEXT: KeyContext = {
  functionNames: ['orders', 'payments', 'thumbs'],
  invocations: INVOCATIONS,
  lineCount: 30,
  pageRows: 10,
};

function run(keys: readonly string[], context: KeyContext = CONTEXT, from: UiState = createUiState()): UiState {
  return keys.reduce((state, key) => reduceKey(state, key, context), from);
}

describe('keys as a pure state machine', () => {
  it.each([
    { keys: [], expected: { screen: 'functions', sort: { column: 'rate', descending: true } } },
    { keys: ['e'], expected: { sort: { column: 'errors', descending: true } } },
    { keys: ['e', 'e'], expected: { sort: { column: 'errors', descending: false } } },
    { keys: ['e', 'e', 'e'], expected: { sort: { column: 'errors', descending: true } } },
    { keys: ['n'], expected: { sort: { column: 'name', descending: false } } },
    { keys: ['i'], expected: { sort: { column: 'rate', descending: false } } },
    { keys: ['down'], expected: { selectedFunction: 'payments' } },
    { keys: ['down', 'down', 'down', 'down'], expected: { selectedFunction: 'thumbs' } },
    { keys: ['down', 'up', 'up'], expected: { selectedFunction: 'orders' } },
    { keys: ['end'], expected: { selectedFunction: 'thumbs' } },
    { keys: ['j', 'k', 'j'], expected: { selectedFunction: 'payments' } },
    { keys: ['pagedown'], expected: { selectedFunction: 'thumbs' } },
    { keys: ['enter'], expected: { screen: 'function', openFunction: 'orders' } },
    { keys: ['down', 'enter'], expected: { screen: 'function', openFunction: 'payments' } },
    { keys: ['enter', 'down', 'enter'], expected: { screen: 'invocation', selectedInvocation: 'slow:b' } },
    { keys: ['enter', 'enter', 'escape'], expected: { screen: 'function', openInvocation: undefined } },
    { keys: ['enter', 'escape'], expected: { screen: 'functions', openFunction: undefined } },
    { keys: ['enter', 'enter', 'pagedown'], expected: { lineOffset: 10 } },
    { keys: ['enter', 'enter', 'end'], expected: { lineOffset: 20 } },
    { keys: ['enter', 'enter', 'end', 'down', 'home'], expected: { lineOffset: 0 } },
    { keys: ['/', 'p', 'a', 'y'], expected: { filterDraft: 'pay', filter: '', paused: false } },
    { keys: ['/', 'p', 'a', 'y', 'backspace', 'enter'], expected: { filterDraft: undefined, filter: 'pa' } },
    { keys: ['/', 'x', 'escape'], expected: { filterDraft: undefined, filter: '' } },
    { keys: ['/', 'q'], expected: { filterDraft: 'q', quit: false } },
    { keys: ['/', 'q', 'ctrl-c'], expected: { quit: true } },
    { keys: ['/', 'o', 'enter', 'escape'], expected: { filter: '' } },
    { keys: ['p'], expected: { paused: true } },
    { keys: ['p', 'p'], expected: { paused: false } },
    { keys: ['?'], expected: { help: true } },
    {
      keys: ['?', 'e', 'down'],
      expected: { help: true, sort: { column: 'rate', descending: true }, selectedFunction: undefined },
    },
    { keys: ['?', 'escape'], expected: { help: false } },
    { keys: ['?', 'q'], expected: { quit: true } },
    { keys: ['q'], expected: { quit: true } },
    { keys: ['ctrl-c'], expected: { quit: true } },
  ] as const)('$keys', ({ keys, expected }) => {
    expect(run(keys)).toMatchObject(expected);
  });

  it('keeps the open invocation readable after the drill-down list changes', () => {
    const opened = run(['enter', 'down', 'enter']);
    const afterwards = reduceKey(opened, 'down', { ...CONTEXT, invocations: [] });
    expect(afterwards.openInvocation?.summary.requestId).toBe('b');
    expect(afterwards.screen).toBe('invocation');
  });

  it('does nothing where there is nothing to act on', () => {
    const empty: KeyContext = { functionNames: [], invocations: [], lineCount: 0, pageRows: 5 };
    expect(run(['enter', 'down', 'enter'], empty)).toEqual(createUiState());
    const drilled = run(['enter'], CONTEXT);
    expect(reduceKey(drilled, 'enter', empty)).toEqual(drilled);
  });

  it('every sort key sorts by its own column', () => {
    for (const column of SORT_COLUMNS) expect(run([SORT_KEYS[column]]).sort.column).toBe(column);
    expect(new Set(Object.values(SORT_KEYS)).size).toBe(SORT_COLUMNS.length);
  });

  it('whatever is pressed: no throw, the highlight is a visible row, quitting is final, the input is untouched', () => {
    const key = fc.constantFrom(
      'up',
      'down',
      'pageup',
      'pagedown',
      'home',
      'end',
      'enter',
      'escape',
      'backspace',
      '/',
      '?',
      'p',
      'e',
      'n',
      'x',
      'j',
      'G',
      'é',
      'ctrl-c',
      'q',
    );
    fc.assert(
      fc.property(
        fc.array(key, { maxLength: 40 }),
        fc.subarray(['orders', 'payments', 'thumbs', 'api']),
        (keys, names) => {
          const context = { ...CONTEXT, functionNames: names };
          let state = createUiState();
          let quit = false;
          for (const pressed of keys) {
            const before = JSON.stringify(state);
            const next = reduceKey(state, pressed, context);
            expect(JSON.stringify(state)).toBe(before);
            quit ||= next.quit;
            expect(next.quit).toBe(quit);
            if (next.selectedFunction !== undefined) expect(names).toContain(next.selectedFunction);
            expect(next.lineOffset).toBeGreaterThanOrEqual(0);
            expect(next.lineOffset).toBeLessThanOrEqual(Math.max(0, context.lineCount - context.pageRows));
            if (next.screen === 'invocation') expect(next.openInvocation).toBeDefined();
            state = next;
          }
        },
      ),
    );
  });
});
