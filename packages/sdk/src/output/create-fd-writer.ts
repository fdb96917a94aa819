import { writeSync } from 'node:fs';

/** Writes one complete line; never throws. */
export type LineWriter = (line: string) => void;

/** A non-blocking stdout pipe that stays full this long is treated as broken rather than stalling the handler. */
export const MAX_BLOCKED_WAIT_MS = 1000;
const RETRY_SLEEP_MS = 1;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

function isWouldBlock(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'EAGAIN';
}

function writeRest(fd: number, bytes: Buffer): void {
  let offset = 0;
  let waitedMs = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset, bytes.length - offset);
    } catch (error) {
      if (!isWouldBlock(error) || waitedMs >= MAX_BLOCKED_WAIT_MS) throw error;
      // Synchronous on purpose: an async retry would be lost when Lambda freezes the process after the handler.
      Atomics.wait(sleeper, 0, 0, RETRY_SLEEP_MS);
      waitedMs += RETRY_SLEEP_MS;
    }
  }
}

/**
 * A synchronous writer straight to a file descriptor (1 for stdout): no stream buffering, nothing queued when the
 * process is frozen, never through the global console that Lambda rewrites. Each call writes `text` whole, retrying
 * partial writes and full pipes; a failure goes to `onFailure` and the line is lost, never thrown.
 */
export function createFdWriter(fd: number, onFailure: (error: unknown) => void): LineWriter {
  return (text: string): void => {
    try {
      const written = writeSync(fd, text);
      const total = Buffer.byteLength(text);
      if (written < total) writeRest(fd, Buffer.from(text).subarray(written));
    } catch (error) {
      if (isWouldBlock(error)) {
        try {
          writeRest(fd, Buffer.from(text));
          return;
        } catch (retryError) {
          onFailure(retryError);
          return;
        }
      }
      onFailure(error);
    }
  };
}
