import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach } from 'vitest';
import { LAMBDATOP_BIN } from '../../../../../test/support/run-bin.js';

/**
 * A private tmux server per test file (the random part keeps two files apart even if they shared a process): the tests
 * never touch the user's sessions or another file's, and one kill cleans up.
 */
const SOCKET = `lambdatop-test-${process.pid}-${randomBytes(4).toString('hex')}`;

/** tmux's complaints go into the thrown error's message, not to the test run's stderr. */
function tmux(args: readonly string[]): string {
  return execFileSync('tmux', ['-L', SOCKET, '-f', '/dev/null', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function quote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

export interface PaneState {
  /** Whether the program has exited (the shell around it then says so and waits). */
  readonly exited: boolean;
  readonly exitStatus: number | undefined;
  readonly alternateScreen: boolean;
  readonly cursorVisible: boolean;
  readonly title: string;
}

const EXIT_LINE = /\[program exited (\d+)\]/;

/**
 * A program running in a detached tmux session of a fixed size. A shell runs it and stays after it exits, printing
 * its exit status: the pane stays alive, so the terminal state the program left (alternate screen, cursor) is the
 * pane's own and can be read.
 */
export class TmuxSession {
  private constructor(readonly name: string) {}

  static start(
    name: string,
    argv: readonly string[],
    size: { columns: number; rows: number },
    env: Readonly<Record<string, string>> = {},
  ): TmuxSession {
    const exports = Object.entries(env)
      .map(([key, value]) => `${key}=${quote(value)}`)
      .join(' ');
    const command = `${exports.length > 0 ? `export ${exports}; ` : ''}${argv.map(quote).join(' ')}; echo "[program exited $?]"; exec sleep 3600`;
    tmux(['new-session', '-d', '-s', name, '-x', String(size.columns), '-y', String(size.rows), command]);
    tmux(['set-option', '-t', name, 'status', 'off']);
    return new TmuxSession(name);
  }

  /** The screen as text (with the lines scrolled off it); with `escapes`, with SGR attributes (`capture-pane -e`). */
  capture(options: { escapes?: boolean; history?: boolean } = {}): string {
    return tmux([
      'capture-pane',
      '-p',
      ...(options.escapes === true ? ['-e'] : []),
      ...(options.history === true ? ['-S', '-'] : []),
      '-t',
      this.name,
    ]);
  }

  /** Keys as tmux names them (`Enter`, `Escape`, `Down`, `C-c`) or literal text with `literal`. */
  send(keys: readonly string[], options: { literal?: boolean } = {}): void {
    tmux(['send-keys', '-t', this.name, ...(options.literal === true ? ['-l'] : []), ...keys]);
  }

  /** Resizes the window: the program gets SIGWINCH and the new size, as when a terminal window is dragged. */
  resize(size: { columns: number; rows: number }): void {
    tmux(['resize-window', '-t', this.name, '-x', String(size.columns), '-y', String(size.rows)]);
  }

  setTitle(title: string): void {
    tmux(['select-pane', '-t', this.name, '-T', title]);
  }

  /** The program's process id: the one child of the pane's shell. */
  programPid(): number {
    const shell = tmux(['display-message', '-p', '-t', this.name, '#{pane_pid}']).trim();
    const children = execFileSync('pgrep', ['-P', shell], { encoding: 'utf8' }).trim().split('\n');
    const pid = Number(children[0]);
    if (children.length !== 1 || !Number.isInteger(pid)) throw new Error(`expected one program under ${shell}`);
    return pid;
  }

  state(): PaneState {
    // The exit line first, then the flags: read the other way round, a program that restores the terminal and exits
    // between the two reads looks exited yet still on the alternate screen.
    const exit = EXIT_LINE.exec(this.capture({ history: true }));
    const [alternate, cursor, ...title] = tmux([
      'display-message',
      '-p',
      '-t',
      this.name,
      '#{alternate_on}\t#{cursor_flag}\t#{pane_title}',
    ])
      .replace(/\n$/, '')
      .split('\t');
    return {
      exited: exit !== null,
      exitStatus: exit === null ? undefined : Number(exit[1]),
      alternateScreen: alternate === '1',
      cursorVisible: cursor === '1',
      title: title.join('\t'),
    };
  }

  /** Polls the screen until `predicate` holds; fails with the last screen when `timeoutMs` passes. */
  async waitFor(predicate: (screen: string) => boolean, timeoutMs = 20_000, what = 'the screen'): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let screen = '';
    while (Date.now() < deadline) {
      screen = this.capture();
      if (predicate(screen)) return screen;
      await sleep(100);
    }
    throw new Error(`timed out waiting for ${what}; the screen was:\n${screen}`);
  }

  /** Polls until the program has exited. */
  async waitForExit(timeoutMs = 15_000): Promise<PaneState> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const state = this.state();
      if (state.exited) return state;
      await sleep(100);
    }
    throw new Error(`the program in ${this.name} did not exit; the screen was:\n${this.capture()}`);
  }

  kill(): void {
    try {
      tmux(['kill-session', '-t', this.name]);
    } catch {
      // Already gone with the server.
    }
  }
}

export function killTmuxServer(): void {
  try {
    tmux(['kill-server']);
  } catch {
    // Usually already gone: tmux ends its server with the last session, which each test's afterEach kills.
  }
}

/**
 * For a test file at its top level: returns `start`, which runs the real bin in a new session of `size` (UTF-8, plus
 * `env`), named `name` and a counter; every session is killed after its test, the server after the file.
 */
export function useBinInTmux(size: {
  columns: number;
  rows: number;
}): (args: readonly string[], name: string, env?: Readonly<Record<string, string>>) => TmuxSession {
  const sessions: TmuxSession[] = [];
  afterEach(() => {
    for (const session of sessions.splice(0)) session.kill();
  });
  afterAll(killTmuxServer);
  return (args, name, env = {}) => {
    const argv = [process.execPath, LAMBDATOP_BIN, ...args];
    const session = TmuxSession.start(`${name}-${sessions.length}`, argv, size, { LANG: 'C.UTF-8', ...env });
    sessions.push(session);
    return session;
  };
}

/** The screen's rows that hold a function of the table: the row starting with `name` inside the border. */
export function tableRow(screen: string, name: string): string | undefined {
  return screen.split('\n').find((line) => line.replace(/^[│x]\s?/, '').startsWith(`${name} `));
}
