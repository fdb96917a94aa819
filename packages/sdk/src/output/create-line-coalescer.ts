import type { LineWriter } from './create-fd-writer.js';

export interface LineCoalescer {
  /** Writes one complete line (or several, each ending in a newline): at once, or queued while held. */
  readonly write: LineWriter;
  /** Queues the lines written from now until `flush`, so they leave with one call of the underlying writer. */
  readonly hold: () => void;
  /** Writes everything queued, in order, with one call, and stops holding. */
  readonly flush: () => void;
}

/** A hold that queues more than this is written out as it goes: the queue is a batch, never a buffer that grows. */
export const MAX_PENDING_CHARS = 65_536;

/**
 * Joins the lines of the wrapper's epilogue (a thrown error's log line, the EMF document, the timeout warning) into
 * one write. Lines written while the handler runs go out at once: a handler that then spins until Lambda kills it,
 * runs out of memory or crashes natively must not take its last log lines with it. The epilogue is synchronous and
 * always ends with `flush`, so a held line never waits on the handler. Only whole lines are joined: every line stays
 * exactly one JSON object.
 */
export function createLineCoalescer(write: LineWriter): LineCoalescer {
  let pending = '';
  let holding = false;
  const flush = (): void => {
    holding = false;
    if (pending === '') return;
    const text = pending;
    pending = '';
    write(text);
  };
  return {
    write(line) {
      if (!holding) {
        write(line);
        return;
      }
      pending += line;
      if (pending.length > MAX_PENDING_CHARS) {
        const text = pending;
        pending = '';
        write(text);
      }
    },
    hold() {
      holding = true;
    },
    flush,
  };
}
