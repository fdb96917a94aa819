import { type FileHandle, open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { InputError } from '../errors.js';
import type { ChunkPool } from './chunk-pool.js';

/** Read in large chunks: fewer, bigger batches through the parser. */
export const CHUNK_BYTES = 1 << 19;

const GZIP_MAGIC = [0x1f, 0x8b] as const;

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** The file under each stream openInput made: readBytes reads a file itself, into reused buffers. */
const fileHandles = new WeakMap<Readable, FileHandle>();

/** Opens a file (or `-` for `stdin`) for reading; a missing or unreadable file is an InputError naming it. */
export async function openInput(path: string, stdin: Readable): Promise<Readable> {
  if (path === '-') return stdin;
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
    const stats = await handle.stat();
    if (stats.isDirectory()) {
      await handle.close();
      throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    }
  } catch (error) {
    throw new InputError(`cannot read ${path}: ${describe(error)}`, { cause: error });
  }
  const stream = handle.createReadStream({ highWaterMark: CHUNK_BYTES });
  fileHandles.set(stream, handle);
  return stream;
}

/**
 * The chunks of a file openInput opened, read into `pool`'s buffers, one read ahead (so the disk works while the
 * chunk before is parsed, as a stream's buffering would have it); the stream over the file is never started.
 */
async function* readFileChunks(input: Readable, handle: FileHandle, pool: ChunkPool): AsyncGenerator<Buffer> {
  const readNext = async (): Promise<Buffer> => {
    const buffer = pool.take();
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
    return bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead);
  };
  const readAhead = (): Promise<Buffer> => {
    const read = readNext();
    // Handled here as well, so a failed read is no unhandled rejection while the chunk before is being parsed; the
    // reader still gets the error when it asks for the chunk.
    read.catch(() => undefined);
    return read;
  };
  let ahead = readAhead();
  try {
    for (;;) {
      const chunk = await ahead;
      if (chunk.length === 0) {
        pool.give(chunk);
        return;
      }
      ahead = readAhead();
      yield chunk;
    }
  } finally {
    // No read may be left running on a closed file; its error, if any, was or will be the reader's own.
    await ahead.catch(() => undefined);
    // Closed here, so the file is closed when the reader's loop ends; the unread stream over it goes too (its own
    // close of the handle then finds it closed).
    await handle.close();
    input.destroy();
  }
}

/**
 * The bytes of `input`, gunzipped when they start with gzip's magic number (whatever the file is called).
 * A corrupt gzip stream or a read error becomes an InputError naming `label`. With `pool`, a file openInput opened is
 * read into the pool's buffers: a chunk may then be given back to the pool once nothing reads it any more.
 */
export async function* readBytes(input: Readable, label: string, pool?: ChunkPool): AsyncGenerator<Buffer> {
  const handle = pool === undefined || input.readableFlowing !== null ? undefined : fileHandles.get(input);
  const iterator = (
    handle === undefined || pool === undefined
      ? input[Symbol.asyncIterator]()
      : readFileChunks(input, handle, pool)[Symbol.asyncIterator]()
  ) as AsyncIterator<Buffer | string>;
  let first: IteratorResult<Buffer | string>;
  try {
    first = await iterator.next();
  } catch (error) {
    throw new InputError(`cannot read ${label}: ${describe(error)}`, { cause: error });
  }
  if (first.done === true) return;
  const head = typeof first.value === 'string' ? Buffer.from(first.value) : first.value;
  const rest = async function* (): AsyncGenerator<Buffer> {
    try {
      yield head;
      for (;;) {
        const next = await iterator.next();
        if (next.done === true) return;
        yield typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
      }
    } finally {
      // A reader that stops early still closes the input (a stream's iterator destroys it, the file reader closes it).
      await iterator.return?.();
    }
  };
  try {
    if (head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1]) {
      const gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
      const feed = (async () => {
        try {
          for await (const chunk of rest()) {
            if (!gunzip.write(chunk)) await new Promise((resolve) => gunzip.once('drain', resolve));
          }
          gunzip.end();
        } catch (error) {
          gunzip.destroy(error as Error);
        }
      })();
      for await (const chunk of gunzip) yield chunk as Buffer;
      await feed;
      return;
    }
    yield* rest();
  } catch (error) {
    if (error instanceof InputError) throw error;
    const reason = (error as NodeJS.ErrnoException).code === 'Z_DATA_ERROR' ? 'corrupt gzip data' : describe(error);
    throw new InputError(`cannot read ${label}: ${reason}`, { cause: error });
  }
}
