import { writeSync } from '../util/node-fs.js';

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

// One UTF-8 encoding into a reused buffer: writing the string directly would measure its byte length first (to
// detect a partial write) and encode it a second time inside writeSync.
const POOL_BYTES = 64 * 1024;
const MAX_UTF8_BYTES_PER_UNIT = 3;

/**
 * A synchronous writer straight to a file descriptor (1 for stdout): no stream buffering, nothing queued when the
 * process is frozen, never through the global console that Lambda rewrites. Each call writes `text` whole, retrying
 * partial writes and full pipes; a failure goes to `onFailure` and the text is lost, never thrown.
 */
export function createFdWriter(fd: number, onFailure: (error: unknown) => void): LineWriter {
  const pool = Buffer.allocUnsafe(POOL_BYTES);
  return (text: string): void => {
    // A string that could need more bytes than the pool holds gets its own buffer.
    const bytes = text.length * MAX_UTF8_BYTES_PER_UNIT <= POOL_BYTES ? pool : Buffer.from(text);
    const length = bytes === pool ? pool.write(text, 0) : bytes.length;
    try {
      const written = writeSync(fd, bytes, 0, length);
      if (written < length) writeRest(fd, bytes.subarray(written, length));
    } catch (error) {
      if (isWouldBlock(error)) {
        try {
          writeRest(fd, bytes.subarray(0, length));
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
