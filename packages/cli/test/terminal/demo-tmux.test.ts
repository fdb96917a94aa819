import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tableRow, useBinInTmux } from './support/tmux.js';

const SIZE = { columns: 140, rows: 45 };
const WORKLOAD_FUNCTIONS = ['orders-api', 'checksums', 'sessions', 'payments'];

const start = useBinInTmux(SIZE);

/** The INV/MIN figure of a function's row, or undefined when the row is not on screen. */
function rateOf(screen: string, name: string): number | undefined {
  const row = tableRow(screen, name);
  const figure = row
    ?.replace(/^[│x]\s?/, '')
    .slice(name.length)
    .trim()
    .split(/\s+/)[0];
  return figure === undefined ? undefined : Number(figure.replace(/k$/, 'e3'));
}

describe('the live local dashboards in a real terminal (tmux)', () => {
  it('lambdatop demo shows the four workload functions invoked, then quits cleanly', async () => {
    const session = start(['demo'], 'demo');
    // The workload forks its environments on demand: how fast depends on the machine, so wait, but do not time it.
    const screen = await session.waitFor(
      (text) => WORKLOAD_FUNCTIONS.every((name) => (rateOf(text, name) ?? 0) > 0),
      90_000,
      'all four functions with invocations',
    );
    expect(screen).toContain('demo: local workload of 4 functions');
    // Throttles are known for the local workload: a figure, not '–'.
    expect(tableRow(screen, 'payments')).toMatch(/payments +[\d.k]+ +\d+ +\d+ +\d+ /);
    session.send(['q']);
    const state = await session.waitForExit(20_000);
    expect(state.exitStatus).toBe(0);
    expect(state.alternateScreen).toBe(false);
    expect(state.cursorVisible).toBe(true);
  });

  it('lambdatop local shows one handler until its run ends, then stays on the final state marked ENDED', async () => {
    const work = mkdtempSync(join(tmpdir(), 'lambdatop-local-'));
    const handler = join(work, 'greet.mjs');
    writeFileSync(
      handler,
      "export const handler = async (event) => ({ statusCode: 200, body: 'hello ' + event.name });\n",
    );
    writeFileSync(join(work, 'event.json'), '{"name":"tmux"}');
    const session = start(
      ['local', handler, '--event', join(work, 'event.json'), '--rate', '20/s', '--duration', '3s', '--memory', '256'],
      'local',
    );
    const screen = await session.waitFor((text) => text.includes('ENDED'), 60_000, 'the run to end');
    expect(screen).toContain('local greet');
    expect(tableRow(screen, 'greet')).toMatch(/greet +[\d.]+ +0 +0 +– /);
    // The harness's own summary line is in the events pane, not on the terminal behind the screen.
    expect(screen).toMatch(/lambdatop local: greet: \d+ invocations in/);
    session.send(['q']);
    const state = await session.waitForExit(20_000);
    expect(state.exitStatus).toBe(0);
    expect(state.alternateScreen).toBe(false);
    // Printed again once the terminal is back.
    expect(session.capture({ history: true })).toMatch(/^lambdatop local: greet: \d+ invocations in/m);
  });
});
