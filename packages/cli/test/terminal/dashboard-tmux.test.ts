import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAMBDATOP_BIN } from '../../../../test/support/run-bin.js';
import { HOSTILE_REQUEST_ID, TRACE_ID, writeReplayFixture } from './support/replay-fixture.js';
import { tableRow, useBinInTmux } from './support/tmux.js';

const SIZE = { columns: 140, rows: 45 };
/** The table's column header, whatever the sort: its presence means the main screen is drawn. */
const TABLE_HEADER = /FUNCTION +INV\/MIN/;

let work = '';
let fixture = '';

const start = useBinInTmux(SIZE);

/** The parameters of every SGR sequence (ESC [ … m) in a line captured with `capture-pane -e`. */
function sgrParameters(line: string): string[] {
  return line
    .split('\u001b[')
    .slice(1)
    .flatMap((part) => {
      const end = part.search(/[A-Za-z]/);
      return end >= 0 && part[end] === 'm' ? [part.slice(0, end)] : [];
    });
}

/** Function names in table order, read off the screen. */
function tableOrder(screen: string): string[] {
  const names = ['orders-api', 'payments', 'thumbs', 'tags{bold}x'];
  return names
    .map((name) => ({ name, at: screen.split('\n').findIndex((line) => tableRow(line, name) !== undefined) }))
    .filter((entry) => entry.at >= 0)
    .sort((left, right) => left.at - right.at)
    .map((entry) => entry.name);
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'lambdatop-dashboard-'));
  fixture = join(work, 'recorded.jsonl');
  writeReplayFixture(fixture);
});

describe('lambdatop replay in a real terminal (tmux)', () => {
  it('shows the functions, sorts, filters, drills down to an invocation, walks back, pauses, helps, quits cleanly', async () => {
    const session = start(['replay', fixture, '--speed', 'max'], 'walk');
    let screen = await session.waitFor(
      (text) => text.includes('ENDED') && TABLE_HEADER.test(text),
      20_000,
      'the table',
    );
    expect(screen).toMatch(/replay recorded/);
    expect(tableOrder(screen)).toEqual(['orders-api', 'payments', 'thumbs', 'tags{bold}x']);
    // 240 invocations of orders-api over the 4 minutes recorded; 6 of 40 payments failed, 2 timed out.
    expect(tableRow(screen, 'orders-api')).toMatch(
      /orders-api +60\.\d +0 +0 +– +1\.7% +\d+\.\d +\d+\.\d +59\.0 +89\/256 /,
    );
    expect(tableRow(screen, 'payments')).toMatch(/payments +10\.\d +6 +2 +– +0% +\d+\.\d +2,000 +2,000 +90\/128 /);
    expect(tableRow(screen, 'thumbs')).toMatch(/thumbs +5\.\d +1 +0 +– +0% .* 1024\/1024 .* increase/);
    expect(tableRow(screen, 'orders-api')).toMatch(/decrease *[│x]?$/);

    session.send(['e']);
    screen = await session.waitFor((text) => text.includes('ERR▼'), 5_000, 'the sort by errors');
    expect(tableOrder(screen)).toEqual(['payments', 'thumbs', 'orders-api', 'tags{bold}x']);
    session.send(['e']);
    screen = await session.waitFor((text) => text.includes('ERR▲'), 5_000, 'the reversed sort');
    expect(tableOrder(screen)).toEqual(['orders-api', 'tags{bold}x', 'thumbs', 'payments']);

    session.send(['/', 'p', 'a', 'y'], { literal: true });
    await session.waitFor((text) => text.includes('/ filter functions: pay'), 5_000, 'the filter prompt');
    session.send(['Enter']);
    screen = await session.waitFor((text) => text.includes('matching "pay"'), 5_000, 'the filtered table');
    expect(tableOrder(screen)).toEqual(['payments']);

    session.send(['Enter']);
    screen = await session.waitFor((text) => text.includes('failed and slowest invocations'), 5_000, 'the drill-down');
    expect(screen).toContain('payments: 40 invocations, 6 errors, 2 timeouts in the window');
    expect(screen).toContain('duration histogram, ms (40 invocations');
    expect(screen).toMatch(/128 MB +40 +6 +2 +0 /);
    expect(screen).toContain('execution environments (1)');
    expect(screen).toMatch(new RegExp(`slow .* +2,000 +90/128 timeout +${TRACE_ID}`));
    // The failures first, newest on top: all six fit on the screen.
    const failRows = screen.split('\n').filter((line) => /[│x] fail /.test(line));
    expect(failRows).toHaveLength(6);

    // Down to the failed invocation that logged escape sequences, then Enter: its log lines.
    const rows = screen.split('\n').filter((line) => /[│x] (slow|fail) /.test(line));
    const target = rows.findIndex((line) => line.includes(HOSTILE_REQUEST_ID) && line.includes('fail'));
    expect(target).toBeGreaterThanOrEqual(0);
    session.send(Array.from({ length: target }, () => 'Down'));
    session.send(['Enter']);
    screen = await session.waitFor(
      (text) => text.includes(`request id  ${HOSTILE_REQUEST_ID}`),
      5_000,
      'the invocation',
    );
    expect(screen).toContain(`trace id    ${TRACE_ID}`);
    expect(screen.replaceAll('\n', '')).toMatch(/charge failed \\x1b\]0;pwned\\x07 \\x1b\[2J \\x1b\[31mRED/);

    session.send(['Escape']);
    await session.waitFor((text) => text.includes('failed and slowest invocations'), 5_000, 'back to the drill-down');
    session.send(['Escape']);
    screen = await session.waitFor((text) => TABLE_HEADER.test(text) && text.includes('matching "pay"'), 5_000, 'back');
    session.send(['Escape']);
    screen = await session.waitFor((text) => tableOrder(text).length === 4, 5_000, 'the filter cleared');

    session.send(['p']);
    await session.waitFor((text) => text.includes('PAUSED'), 5_000, 'paused');
    session.send(['p']);
    await session.waitFor((text) => !text.includes('PAUSED'), 5_000, 'resumed');
    session.send(['?']);
    screen = await session.waitFor((text) => text.includes('sort (press again to reverse)'), 5_000, 'the help');
    expect(screen).toContain('a  advice (leak, increase, decrease, keep)');
    session.send(['?']);
    await session.waitFor((text) => !text.includes('sort (press again to reverse)'), 5_000, 'the help closed');

    session.send(['q']);
    const state = await session.waitForExit();
    expect(state.exitStatus).toBe(0);
    expect(state.alternateScreen).toBe(false);
    expect(state.cursorVisible).toBe(true);
    expect(session.capture()).not.toMatch(TABLE_HEADER);
  });

  it('shows escape sequences and markup from the logs inert: title, screen and colours untouched', async () => {
    const session = start(['replay', fixture, '--speed', 'max'], 'inert');
    session.setTitle('lambdatop-test');
    const screen = await session.waitFor((text) => text.includes('ENDED') && text.includes('charge failed'), 20_000);
    const state = session.state();
    expect(state.title).toBe('lambdatop-test');
    // Not cleared: the table is still there beside the line that asked for a clear.
    expect(screen).toMatch(TABLE_HEADER);
    const eventLine = screen.split('\n').find((line) => line.includes('charge failed'));
    expect(eventLine).toContain('charge failed \\x1b]0;pwned\\x07 \\x1b[2J \\x1b[31mRED\\x1b[0m {red-fg}tag{/red-fg}');
    expect(tableRow(screen, 'tags{bold}x')).toBeDefined();
    const coloured = session.capture({ escapes: true });
    const attributedLine = coloured.split('\n').find((line) => line.includes('charge failed'));
    // capture-pane -e writes each cell's attributes as SGR: no red foreground on the logged "RED".
    expect(attributedLine).toBeDefined();
    const foregrounds = sgrParameters(attributedLine ?? '').filter((parameters) =>
      ['31', '91', '38;5;1', '38;5;9'].some((red) => `;${parameters};`.includes(`;${red};`)),
    );
    expect(foregrounds).toEqual([]);
    // The blessed markup did not turn into attributes either: the row of `tags{bold}x` has no bold (SGR 1).
    const markupRow = coloured.split('\n').find((line) => line.includes('tags{bold}x'));
    expect(sgrParameters(markupRow ?? '').filter((parameters) => parameters.split(';').includes('1'))).toEqual([]);
    session.send(['C-c']);
    const exit = await session.waitForExit();
    expect(exit.exitStatus).toBe(0);
    expect(exit.alternateScreen).toBe(false);
    expect(session.state().title).toBe('lambdatop-test');
  });

  it('follows the terminal when it is resized: narrower drops columns, wider brings them back', async () => {
    const session = start(['replay', fixture, '--speed', 'max'], 'resize');
    await session.waitFor((text) => TABLE_HEADER.test(text) && text.includes('MAX ms'), 20_000, 'the table');
    session.resize({ columns: 90, rows: 30 });
    let screen = await session.waitFor(
      (text) => TABLE_HEADER.test(text) && !text.includes('MAX ms') && tableOrder(text).length === 4,
      10_000,
      'the narrow layout',
    );
    expect(screen.split('\n').every((line) => [...line].length <= 90)).toBe(true);
    expect(tableRow(screen, 'payments')).toMatch(/payments +10\.\d +6 /);
    // Escaped markup takes no room of its own: the name with braces keeps its whole row.
    expect(tableRow(screen, 'tags{bold}x')).toMatch(/30\/128 /);
    session.resize({ columns: 40, rows: 12 });
    await session.waitFor((text) => text.includes('Make the terminal at least 60×16'), 10_000, 'the too-small notice');
    session.resize(SIZE);
    screen = await session.waitFor((text) => text.includes('MAX ms'), 10_000, 'the wide layout again');
    expect(tableOrder(screen)).toEqual(['orders-api', 'payments', 'thumbs', 'tags{bold}x']);
    session.send(['q']);
    expect((await session.waitForExit()).exitStatus).toBe(0);
  });

  it('replays raw lines (no time in them) at a steady pace, named after the file, and ends', async () => {
    const raw = join(work, 'checkout-raw.log');
    const lines = readFileSync(fixture, 'utf8')
      .split('\n')
      .filter((line) => line.includes('"/aws/lambda/thumbs"'))
      .map((line) => (JSON.parse(line) as { message: string }).message.replaceAll('\n', ' '));
    writeFileSync(raw, `${lines.join('\n')}\n`);
    // 20 invocations of 3 to 4 lines each at 200 lines a second × 10: well under a second.
    const session = start(['replay', raw, '--speed', '10'], 'raw');
    const screen = await session.waitFor((text) => text.includes('ENDED'), 20_000, 'the end of the replay');
    expect(tableRow(screen, 'checkout-raw')).toMatch(/checkout-raw +[\d.]+ +1 +0 +– /);
    expect(screen).toContain('20 invocations');
    session.send(['q']);
    expect((await session.waitForExit()).exitStatus).toBe(0);
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('restores the terminal on %s and exits %i', async (signal, code) => {
    // At its recorded pace the replay is still running when the signal comes.
    const session = start(['replay', fixture], signal.toLowerCase());
    await session.waitFor((text) => TABLE_HEADER.test(text), 20_000, 'the table');
    process.kill(session.programPid(), signal);
    const state = await session.waitForExit();
    expect(state.exitStatus).toBe(code);
    expect(state.alternateScreen).toBe(false);
    expect(state.cursorVisible).toBe(true);
    expect(session.capture()).not.toMatch(TABLE_HEADER);
  });

  it('restores the terminal and says why in one line when the source fails while the screen is up', async () => {
    const broken = join(work, 'broken.jsonl.gz');
    const whole = gzipSync(readFileSync(fixture));
    // A gzip stream cut short and then corrupted: the first chunk decodes, the rest is garbage.
    writeFileSync(broken, Buffer.concat([whole.subarray(0, Math.floor(whole.length / 2)), Buffer.alloc(4096, 0x55)]));
    const session = start(['replay', broken, '--speed', 'max'], 'broken');
    const state = await session.waitForExit(20_000);
    expect(state.exitStatus).toBe(1);
    expect(state.alternateScreen).toBe(false);
    expect(state.cursorVisible).toBe(true);
    const lines = session
      .capture({ history: true })
      .split('\n')
      .filter((line) => line.trim().length > 0);
    // One line, then the shell's note of the exit status: nothing else was printed.
    expect(lines).toEqual([
      expect.stringMatching(/^lambdatop: the source failed: cannot read .*broken\.jsonl\.gz: unexpected end of file$/),
      '[program exited 1]',
    ]);
    expect(lines.join('\n')).not.toMatch(/\n\s+at /);
  });

  it('refuses to start without a terminal, with one line', async () => {
    const { spawnSync } = await import('node:child_process');
    const result = spawnSync(process.execPath, [LAMBDATOP_BIN, 'replay', fixture], { encoding: 'utf8', stdio: 'pipe' });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'lambdatop: the dashboard needs a terminal (stdin and stdout); for figures on stdout use `lambdatop report FILE...`\n',
    );
    expect(result.stdout).toBe('');
  });
});
