import type { LineWriter } from './create-fd-writer.js';

export interface LineCoalescer {
  /** Queues one complete line (or several, each ending in a newline). */
  readonly write: LineWriter;
  /** Writes everything queued, in order, with one call of the underlying writer. */
  readonly flush: () => void;
}

/** A turn that logs more than this is written out as it goes: the queue is a batch, never a buffer that grows. */
export const MAX_PENDING_CHARS = 65_536;

/**
 * Joins the lines written during one turn of the event loop into one write: a log line and the invocation's EMF
 * document cost one system call instead of two. A line waits at most until the turn ends (`schedule`, setImmediate
 * by default) or the invocation flushes, whichever comes first. Every line stays exactly one JSON object: only whole
 * lines are joined. Looking at a line's level to write errors at once would copy every line (a cons string is
 * flattened to be read), so no line is special: what a crash inside the same turn takes with it is that turn's lines.
 */
export function createLineCoalescer(
  write: LineWriter,
  schedule: (task: () => void) => void = setImmediate,
): LineCoalescer {
  let pending = '';
  let scheduled = false;
  const flush = (): void => {
    if (pending === '') return;
    const text = pending;
    pending = '';
    write(text);
  };
  const scheduledFlush = (): void => {
    scheduled = false;
    flush();
  };
  return {
    write(line) {
      pending += line;
      if (pending.length > MAX_PENDING_CHARS) {
        flush();
        return;
      }
      // One scheduled flush serves every line of the turn; most turns end with the invocation's own flush first.
      if (!scheduled) {
        scheduled = true;
        schedule(scheduledFlush);
      }
    },
    flush,
  };
}
