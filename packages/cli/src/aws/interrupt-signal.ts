/**
 * Runs `work` with a signal that aborts on Ctrl-C (SIGINT) or SIGTERM, so a command can stop its requests (a Logs
 * Insights query is stopped, not left running and billed) and end on its own terms. The handlers are removed
 * afterwards; a second Ctrl-C while stopping falls through to Node's default and ends the process at once.
 */
export async function withInterruptSignal<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals): void => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    controller.abort(new InterruptError(name));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** The reason an interrupted signal carries: the user asked to stop. */
export class InterruptError extends Error {
  override readonly name = 'AbortError';
  constructor(readonly signalName: NodeJS.Signals) {
    super(`interrupted by ${signalName}`);
  }
}

export function isInterrupt(error: unknown, signal: AbortSignal): boolean {
  return signal.aborted && (error instanceof InterruptError || (error as { name?: unknown })?.name === 'AbortError');
}
