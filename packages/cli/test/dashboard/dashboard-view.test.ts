import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/core/log-event.js';
import { createDashboardModel, type DashboardSnapshot } from '../../src/dashboard/dashboard-model.js';
import { toDashboardView } from '../../src/dashboard/dashboard-view.js';
import { reduceKey } from '../../src/dashboard/key-reducer.js';
import { createUiState, type UiState } from '../../src/dashboard/ui-state.js';
import type { FunctionScreenView, FunctionsScreenView, InvocationScreenView } from '../../src/dashboard/view-types.js';
import { invocationEvents, requestIdOf, toTimeOrder } from './support/lambda-lines.js';

const T0 = Date.UTC(2026, 6, 22, 3, 0, 0);
const VIEWPORT = { columns: 140, rows: 45 };
const TRACE = '1-6b02a5b8-935a8610b02fac6f15396f07';
const HOSTILE = '\x1b]0;title\x07 \x1b[2J \x1b[31mRED\x1b[0m {red-fg}tag{/red-fg} \x9b1m';

/** Three functions: a fast busy API, a slow failing one, a quiet one; one error line carries escape sequences. */
function fixtureEvents(): LogEvent[] {
  const api = Array.from({ length: 90 }, (_, index) =>
    invocationEvents({
      functionName: 'orders-api',
      environment: (index % 3).toString().repeat(32),
      requestId: requestIdOf(index),
      startMs: T0 + index * 1_000,
      durationMs: 8 + (index % 9),
      memorySizeMb: 256,
      maxMemoryUsedMb: 70,
      ...(index < 3 ? { initDurationMs: 200 } : {}),
    }),
  );
  const payments = Array.from({ length: 20 }, (_, index) =>
    invocationEvents({
      functionName: 'payments',
      environment: '7'.repeat(32),
      requestId: requestIdOf(index, 5),
      startMs: T0 + 300 + index * 4_000,
      durationMs: index === 13 ? 2_000 : 300 + index * 10,
      memorySizeMb: 128,
      maxMemoryUsedMb: 90,
      xrayTraceId: TRACE,
      ...(index === 13 ? { timeoutSeconds: 2 } : {}),
      ...(index === 7 ? { appLines: [{ level: 'ERROR' as const, message: `charge failed ${HOSTILE}` }] } : {}),
    }),
  );
  const quiet = [
    invocationEvents({
      functionName: 'reports',
      environment: '9'.repeat(32),
      requestId: requestIdOf(1, 9),
      startMs: T0 + 50_000,
      durationMs: 1_500,
      memorySizeMb: 1024,
      maxMemoryUsedMb: 200,
      initDurationMs: 400,
    }),
  ];
  return toTimeOrder([...api, ...payments, ...quiet]);
}

function snapshotOf(events: readonly LogEvent[], focus?: string): DashboardSnapshot {
  const model = createDashboardModel({ sourceLabel: 'replay fixture', bucketMs: 5_000, windowMs: 300_000 });
  model.ingest({ events });
  model.end();
  return model.snapshot({ focus });
}

function press(state: UiState, keys: readonly string[], snapshot: DashboardSnapshot): UiState {
  let current = state;
  for (const key of keys) current = reduceKey(current, key, toDashboardView(snapshot, current, VIEWPORT).keys);
  return current;
}

function functionsScreen(snapshot: DashboardSnapshot, ui: UiState): FunctionsScreenView {
  const { screen } = toDashboardView(snapshot, ui, VIEWPORT).view;
  if (screen.kind !== 'functions') throw new Error(`expected the functions screen, got ${screen.kind}`);
  return screen;
}

function namesOf(screen: FunctionsScreenView): string[] {
  return screen.table.rows.map((row) => row.trim().split(/\s+/)[0] ?? '');
}

/** Every string anywhere in the view. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(stringsIn);
  return [];
}

describe('dashboard view: the screen as a pure function of data, user state and size', () => {
  const snapshot = snapshotOf(fixtureEvents());

  it('lays the functions table out as rows of figures, busiest first, with the sorted column marked', () => {
    const screen = functionsScreen(snapshot, createUiState());
    expect(screen.table.header).toMatch(
      /^FUNCTION +INV\/MIN▼ +ERR +TMO +THR +COLD +P50 ms +P99 ms +MAX ms +MEM MB +\$\/HOUR +ADVICE$/,
    );
    expect(namesOf(screen)).toEqual(['orders-api', 'payments', 'reports']);
    const [api, payments] = screen.table.rows;
    // 90 invocations in 89 s of data; no throttle source: '–'; 3 cold starts of 90; p50 within 1 % of 12 ms.
    expect(api).toMatch(/^orders-api +60\.7 +0 +0 +– +3\.3% +1[12]\.\d +16\.0 +16\.0 +70\/256 +\$0\.\d+ +decrease$/);
    // Too few invocations for memory advice: '–', not a guess.
    expect(payments).toMatch(/^payments +13\.5 +2 +1 +– +0% +\d{3}\.\d +2,000 +2,000 +90\/128 +\$0\.\d+ +– *$/);
    expect(screen.table.rows.every((row) => row.length === screen.table.header.length)).toBe(true);
    expect(screen.table.selected).toBe(0);
  });

  it('sorts by a key per column, reverses on a second press, and filters by name', () => {
    const byErrors = press(createUiState(), ['e'], snapshot);
    expect(namesOf(functionsScreen(snapshot, byErrors))).toEqual(['payments', 'orders-api', 'reports']);
    expect(functionsScreen(snapshot, byErrors).table.header).toContain('ERR▼');
    const reversed = press(byErrors, ['e'], snapshot);
    expect(namesOf(functionsScreen(snapshot, reversed))).toEqual(['orders-api', 'reports', 'payments']);
    expect(functionsScreen(snapshot, reversed).table.header).toContain('ERR▲');
    const byName = press(createUiState(), ['n'], snapshot);
    expect(namesOf(functionsScreen(snapshot, byName))).toEqual(['orders-api', 'payments', 'reports']);
    const byP99 = press(createUiState(), ['9'], snapshot);
    expect(namesOf(functionsScreen(snapshot, byP99))).toEqual(['payments', 'reports', 'orders-api']);

    const typing = press(createUiState(), ['/', 'p', 'a', 'y'], snapshot);
    expect(toDashboardView(snapshot, typing, VIEWPORT).view.status).toMatch(/^\/ filter functions: pay█/);
    // While typing, the table is not filtered yet, and `p` is text, not pause.
    expect(typing.paused).toBe(false);
    expect(namesOf(functionsScreen(snapshot, typing))).toHaveLength(3);
    const filtered = press(typing, ['enter'], snapshot);
    expect(namesOf(functionsScreen(snapshot, filtered))).toEqual(['payments']);
    expect(functionsScreen(snapshot, filtered).table.label).toBe(' functions (1 matching "pay") ');
    // The events pane follows the filter (warnings excepted).
    expect(functionsScreen(snapshot, filtered).events.lines.every((line) => line.includes('payments'))).toBe(true);
    const cleared = press(filtered, ['escape'], snapshot);
    expect(namesOf(functionsScreen(snapshot, cleared))).toHaveLength(3);
  });

  it('keeps the highlight on the same function when the rows re-sort, and charts the highlighted one', () => {
    const onPayments = press(createUiState(), ['down'], snapshot);
    expect(onPayments.selectedFunction).toBe('payments');
    const resorted = press(onPayments, ['n', 'n'], snapshot);
    const screen = functionsScreen(snapshot, resorted);
    expect(namesOf(screen)[screen.table.selected ?? -1]).toBe('payments');
    expect(screen.charts.map((chart) => chart.label)).toEqual([
      ' payments: invocations & errors / 5 s ',
      ' payments: duration ms ',
      ' payments: memory MB, used vs size ',
    ]);
    const [invocations, duration, memory] = screen.charts;
    expect(invocations.series[0]?.values.reduce<number>((sum, value) => sum + (value ?? 0), 0)).toBe(20);
    expect(invocations.series[1]?.values.reduce<number>((sum, value) => sum + (value ?? 0), 0)).toBe(2);
    // A bucket without invocations has no duration: null, not zero.
    expect(duration.series[0]?.values).toContain(null);
    expect(memory.series[1]?.values.filter((value) => value !== null)).toSatisfy((values: unknown[]) =>
      values.every((value) => value === 128),
    );
    expect(invocations.xLabels).toHaveLength(60);
  });

  it('drills down: histogram, memory sizes with advice, environments, slowest and failed with trace ids', () => {
    const ui = press(createUiState(), ['down', 'enter'], snapshot);
    expect(ui.screen).toBe('function');
    const focused = snapshotOf(fixtureEvents(), 'payments');
    const frame = toDashboardView(focused, ui, VIEWPORT);
    const screen = frame.view.screen as FunctionScreenView;
    expect(screen.kind).toBe('function');
    expect(screen.histogram.counts.reduce((sum, count) => sum + count, 0)).toBe(20);
    expect(screen.histogram.labels[0]).toBe('300');
    expect(screen.configs.label).toBe(' payments: 20 invocations, 2 errors, 1 timeouts in the window ');
    expect(screen.configs.lines[1]).toMatch(/^128 MB +20 +2 +1 +0 /);
    expect(screen.configs.lines.join(' ')).toContain('memory advice (none): No advice: only 20 invocations');
    expect(screen.environments.lines[1]).toMatch(/^77777777 +20 /);
    // Failures first, newest on top, then the slowest, slowest on top.
    const rows = screen.invocations.rows;
    expect(rows.map((row) => row.slice(0, 4))).toEqual(['fail', 'fail', ...Array.from({ length: 10 }, () => 'slow')]);
    expect(rows[0]).toMatch(new RegExp(`^fail .* ${requestIdOf(13, 5)} +2,000 +90/128 timeout .*${TRACE}`));
    expect(rows[1]).toMatch(new RegExp(`^fail .* ${requestIdOf(7, 5)} .* error logged .*${TRACE}`));
    expect(rows[2]).toMatch(new RegExp(`^slow .* ${requestIdOf(13, 5)} +2,000 `));
    expect(frame.keys.invocations.map((entry) => entry.key)).toContain(`fail:${requestIdOf(7, 5)}`);
  });

  it('shows an invocation: its facts and its log lines, neutralised; Esc walks back up', () => {
    const focused = snapshotOf(fixtureEvents(), 'payments');
    const failedKey = `fail:${requestIdOf(7, 5)}`;
    let ui = press(createUiState(), ['down', 'enter'], focused);
    const entries = toDashboardView(focused, ui, VIEWPORT).keys.invocations;
    const steps = entries.findIndex((entry) => entry.key === failedKey);
    ui = press(ui, [...Array.from({ length: steps }, () => 'down'), 'enter'], focused);
    expect(ui.screen).toBe('invocation');
    const screen = toDashboardView(focused, ui, VIEWPORT).view.screen as InvocationScreenView;
    const text = screen.body.lines.join('\n');
    // Long lines are wrapped at the pane's width: joined without breaks they read as written.
    const unwrapped = screen.body.lines.join('');
    expect(text).toContain(`request id  ${requestIdOf(7, 5)}`);
    expect(text).toContain(`trace id    ${TRACE}`);
    expect(unwrapped).toContain(
      'charge failed \\x1b]0;title\\x07 \\x1b[2J \\x1b[31mRED\\x1b[0m {red-fg}tag{/red-fg} \\x9b1m',
    );
    ui = press(ui, ['escape'], focused);
    expect(ui.screen).toBe('function');
    ui = press(ui, ['escape'], focused);
    expect(ui.screen).toBe('functions');
  });

  it('never lets log text drive the terminal: no control character anywhere in any view', () => {
    const hostileName: LogEvent[] = invocationEvents({
      functionName: 'ok',
      environment: '5'.repeat(32),
      requestId: requestIdOf(99),
      startMs: T0,
      durationMs: 3,
      memorySizeMb: 128,
      maxMemoryUsedMb: 20,
    }).map((event) => ({ ...event, logGroup: `/aws/lambda/evil\x1b[2J${HOSTILE}` }));
    const events = [...fixtureEvents(), ...hostileName];
    const screens: UiState[] = [];
    let ui = createUiState();
    const base = snapshotOf(events);
    screens.push(ui);
    for (const key of ['e', 'down', 'enter', 'down', 'down', 'enter', 'escape', 'escape', '?']) {
      ui = reduceKey(ui, key, toDashboardView(snapshotOf(events, ui.openFunction), ui, VIEWPORT).keys);
      screens.push(ui);
    }
    const views = screens.map((state) => toDashboardView(snapshotOf(events, state.openFunction), state, VIEWPORT).view);
    expect(views.map((view) => view.screen.kind)).toEqual(
      expect.arrayContaining(['functions', 'function', 'invocation']),
    );
    expect(namesOf(functionsScreen(base, createUiState()))).toContain('evil\\x1b[2J\\x1b]0;title\\x07');
    const isControl = (code: number): boolean => code < 0x20 || (code >= 0x7f && code <= 0x9f);
    for (const text of views.flatMap(stringsIn)) {
      expect([...text].filter((char) => isControl(char.charCodeAt(0)))).toEqual([]);
    }
  });

  it('says what the status is: source, window, exactness, skipped lines, paused, ended; equal inputs, equal frames', () => {
    const withJunk = createDashboardModel({ sourceLabel: 'replay fixture', bucketMs: 5_000, windowMs: 300_000 });
    withJunk.ingest({ events: [...fixtureEvents(), { message: 'START RequestId:' }, { message: 'plain words' }] });
    withJunk.end();
    const junkSnapshot = withJunk.snapshot();
    const paused = press(createUiState(), ['p'], junkSnapshot);
    const status = toDashboardView(junkSnapshot, paused, VIEWPORT).view.status;
    expect(status).toContain('replay fixture');
    expect(status).toContain('window 5 min');
    expect(status).toContain('counts exact, percentiles within 1%');
    expect(status).toContain('111 invocations');
    expect(status).toContain('2 lines skipped');
    expect(status).toContain('PAUSED');
    expect(status).toContain('ENDED (q quits)');
    expect(status).toHaveLength(VIEWPORT.columns);
    const again = toDashboardView(junkSnapshot, paused, VIEWPORT).view;
    expect(JSON.stringify(again)).toBe(JSON.stringify(toDashboardView(junkSnapshot, paused, VIEWPORT).view));
    const sampled = { ...junkSnapshot, source: { ...junkSnapshot.source, figures: 'sampled' as const } };
    expect(toDashboardView(sampled, createUiState(), VIEWPORT).view.status).toContain('SAMPLED');
  });

  it('fits narrow terminals by dropping columns, and says when the terminal is too small', () => {
    const narrow = toDashboardView(snapshot, createUiState(), { columns: 80, rows: 24 }).view;
    const table = (narrow.screen as FunctionsScreenView).table;
    expect(table.header).not.toContain('MAX ms');
    expect(table.header).toContain('P99 ms');
    expect(table.rows.every((row) => row.length <= 76)).toBe(true);
    expect(toDashboardView(snapshot, createUiState(), { columns: 40, rows: 10 }).view.tooSmall).toBe(
      'Make the terminal at least 60×16 (it is 40×10); q quits.',
    );
  });
});
