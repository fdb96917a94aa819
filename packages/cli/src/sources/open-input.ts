import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { InputError } from '../errors.js';

/** Read in large chunks: fewer, bigger batches through the parser. */
const CHUNK_BYTES = 1 << 19;

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
  return handle.createReadStream({ highWaterMark: CHUNK_BYTES });
}

/**
 * The bytes of `input`, gunzipped when they start with gzip's magic number (whatever the file is called).
 * A corrupt gzip stream or a read error becomes an InputError naming `label`.
 */
export async function* readBytes(input: Readable, label: string): AsyncGenerator<Buffer> {
  const iterator = input[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  let first: IteratorResult<Buffer | string>;
  try {
    first = await iterator.next();
  } catch (error) {
    throw new InputError(`cannot read ${label}: ${describe(error)}`, { cause: error });
  }
  if (first.done === true) return;
  const head = typeof first.value === 'string' ? Buffer.from(first.value) : first.value;
  const rest = async function* (): AsyncGenerator<Buffer> {
    yield head;
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) return;
      yield typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
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
