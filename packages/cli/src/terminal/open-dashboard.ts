import type { CommandIo } from '../commands/command.js';
import type { DashboardModelOptions } from '../dashboard/dashboard-model.js';
import type { DashboardSource } from '../dashboard/dashboard-source.js';
import { UsageError } from '../errors.js';
import type { CapturableStream } from './output-capture.js';
import { runDashboard } from './run-dashboard.js';

/** After the terminal is restored, a process that still has not exited within this long is ended with its code. */
const EXIT_WATCHDOG_MS = 3_000;

/** Fails early, before anything is started, when there is no terminal to draw on. */
export function assertTerminal(io: CommandIo, alternative: string): void {
  if (!io.stdoutIsTty || io.stdin.isTTY !== true) {
    throw new UsageError(`the dashboard needs a terminal (stdin and stdout); ${alternative}`);
  }
}

/**
 * Shows the dashboard on `source` until the user quits (or a signal or error ends it) and returns the exit code.
 * With the real process streams, a watchdog ends a process that something (a stuck socket, a library timer) keeps
 * alive after the terminal was restored: the exit code stays the one returned here.
 */
export async function openDashboard(
  source: DashboardSource,
  io: CommandIo,
  options: Omit<DashboardModelOptions, 'sourceLabel'>,
): Promise<number> {
  const captured = [...new Set<unknown>([io.stdout, io.stderr, process.stdout, process.stderr])] as CapturableStream[];
  const exit = await runDashboard({
    source,
    model: options,
    input: io.stdin,
    output: io.stdout,
    errorOutput: io.stderr,
    captured,
    now: io.now,
  });
  if (io.stdout === process.stdout) {
    setTimeout(() => process.exit(exit.exitCode), EXIT_WATCHDOG_MS).unref();
  }
  return exit.exitCode;
}
