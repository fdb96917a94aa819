import type { ChildProcess } from 'node:child_process';

/**
 * Makes sure no worker outlives the harness's process: on exit every live worker is killed, and on a
 * terminating signal nobody else handles the workers are killed before the signal takes its default course.
 * Workers also exit when their IPC channel closes, but a worker stuck in a busy handler never sees that.
 */

const TERMINATING_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;
type TerminatingSignal = (typeof TERMINATING_SIGNALS)[number];

const liveWorkers = new Set<ChildProcess>();
const signalListeners = new Map<TerminatingSignal, () => void>();
let shuttingDown = false;

function killAll(): void {
  shuttingDown = true;
  for (const worker of liveWorkers) {
    try {
      worker.kill('SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

function uninstall(): void {
  process.removeListener('exit', killAll);
  for (const [signal, listener] of signalListeners) process.removeListener(signal, listener);
  signalListeners.clear();
}

function onSignal(signal: TerminatingSignal): void {
  const alone = process.listenerCount(signal) === 1;
  // SIGTERM means the process must go, so the workers go now; for the others, an application that
  // listens for them owns its shutdown and ends the harness itself.
  if (signal === 'SIGTERM' || alone) killAll();
  if (alone) {
    uninstall();
    process.kill(process.pid, signal);
  }
}

function install(): void {
  if (signalListeners.size > 0) return;
  process.on('exit', killAll);
  for (const signal of TERMINATING_SIGNALS) {
    const listener = (): void => onSignal(signal);
    signalListeners.set(signal, listener);
    process.on(signal, listener);
  }
}

/** Tracks a worker until it exits. */
export function guardWorker(worker: ChildProcess): void {
  liveWorkers.add(worker);
  install();
  worker.once('exit', () => {
    liveWorkers.delete(worker);
    if (liveWorkers.size === 0) uninstall();
  });
}

/** True once the guard has killed the workers: their deaths are the shutdown, not crashes to report. */
export function isShuttingDown(): boolean {
  return shuttingDown;
}
