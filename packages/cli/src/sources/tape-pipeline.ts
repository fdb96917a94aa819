import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { LineTape } from '../core/join/line-tape.js';
import type { LineFormat } from '../core/join/log-frames.js';
import type { EventFramer } from './event-framer.js';
import { LineTapeWriter } from './line-tape-writer.js';
import { type TapeReply, type TapeRequest, toBuffer } from './tape-messages.js';

/** Chunks handed to the worker and not back yet: bounds the memory in flight and keeps both threads busy. */
const MAX_IN_FLIGHT = 4;

/** The compiled worker: next to this module in dist/, or dist's copy when this module runs from its TypeScript source. */
function tapeWorkerPath(): string | undefined {
  const modulePath = fileURLToPath(import.meta.url);
  const here = dirname(modulePath);
  const path = modulePath.endsWith('.ts')
    ? join(here, '..', '..', 'dist', 'sources', 'tape-worker.js')
    : join(here, 'tape-worker.js');
  return existsSync(path) ? path : undefined;
}

/** Whether `chunk` owns its memory whole, so it can move to another thread instead of being copied. */
function ownsItsBuffer(chunk: Buffer): boolean {
  const buffer = chunk.buffer;
  return buffer instanceof ArrayBuffer && chunk.byteOffset === 0 && buffer.byteLength === chunk.byteLength;
}

/** A tape as it arrives from the worker: its byte arrays came over as plain Uint8Arrays. */
function fromWorker(tape: LineTape): LineTape {
  return { ...tape, bytes: toBuffer(tape.bytes), carry: tape.carry === undefined ? undefined : toBuffer(tape.carry) };
}

export interface TapePipelineOptions {
  /** Let a worker thread write the tapes once the input is longer than one chunk. */
  readonly thread: boolean;
  /** The chunk from which the worker writes (default 1: a one-chunk input never starts a thread). */
  readonly handOverAtChunk?: number;
  /** Called with a chunk's bytes once every tape cut from them has been read: the caller may reuse the memory. */
  readonly onChunkRead?: (chunk: Buffer) => void;
}

/**
 * Feeds the chunks of a line-based input through a LineTapeWriter and the tapes, in order, to an EventFramer. With
 * `thread`, a worker thread takes over the writing from the second chunk on (the inline writer hands it its unfinished
 * line, its stream numbering and its line count), so splitting and reading lines runs on one core while the joiner
 * runs on the other; the worker queues what it is sent while it loads. The tapes, and so the results, are the same
 * either way.
 */
export class TapePipeline {
  readonly #framer: EventFramer;
  readonly #format: LineFormat;
  readonly #inline: LineTapeWriter;
  readonly #workerPath: string | undefined;
  readonly #handOverAt: number;
  readonly #onChunkRead: ((chunk: Buffer) => void) | undefined;
  #worker: Worker | undefined;
  #chunks = 0;
  #inFlight = 0;
  readonly #arrived: LineTape[] = [];
  #failure: Error | undefined;
  #wake: (() => void) | undefined;
  /** Tapes read and not yet given back for reuse (the framer may still hold a line of one). */
  readonly #read: LineTape[] = [];

  constructor(format: LineFormat, framer: EventFramer, options: TapePipelineOptions) {
    this.#format = format;
    this.#framer = framer;
    this.#inline = new LineTapeWriter(format);
    this.#workerPath = options.thread ? tapeWorkerPath() : undefined;
    this.#handOverAt = options.handOverAtChunk ?? 1;
    this.#onChunkRead = options.onChunkRead;
  }

  async push(chunk: Buffer): Promise<void> {
    if (this.#worker === undefined && this.#workerPath !== undefined && this.#chunks >= this.#handOverAt) {
      this.#handOver(this.#workerPath);
    }
    this.#chunks += 1;
    if (this.#worker === undefined) {
      this.#readTape(this.#inline.write(chunk));
      return;
    }
    const owned = ownsItsBuffer(chunk) ? chunk : Buffer.from(chunk);
    this.#post({ kind: 'chunk', chunk: owned }, ownsItsBuffer(owned) ? [owned.buffer as ArrayBuffer] : []);
    this.#inFlight += 1;
    this.#readArrived();
    while (this.#inFlight >= MAX_IN_FLIGHT) await this.#readNext();
  }

  async end(): Promise<void> {
    try {
      if (this.#worker !== undefined) {
        this.#post({ kind: 'end' }, []);
        this.#inFlight += 1;
        while (this.#inFlight > 0) await this.#readNext();
      } else {
        this.#readTape(this.#inline.end());
      }
      this.#framer.end();
    } finally {
      // Its memory is gone before the statistics are computed, where a report peaks.
      await this.close();
    }
  }

  /** Stops the worker (the input is done, or its reader gave up). */
  async close(): Promise<void> {
    const worker = this.#worker;
    if (worker === undefined) return;
    this.#worker = undefined;
    worker.removeAllListeners();
    await worker.terminate();
  }

  #handOver(path: string): void {
    const worker = new Worker(path);
    this.#worker = worker;
    worker.on('message', (reply: TapeReply) => {
      this.#arrived.push(fromWorker(reply.tape));
      this.#wake?.();
    });
    worker.on('error', (error) => {
      this.#failure = error;
      this.#wake?.();
    });
    worker.on('exit', () => {
      this.#failure ??= new Error('the tape worker stopped');
      this.#wake?.();
    });
    this.#post(
      {
        kind: 'take-over',
        format: this.#format,
        firstStreamNumber: this.#inline.nextStreamNumber,
        firstLine: this.#inline.nextLine,
        carry: this.#inline.takeCarry(),
      },
      [],
    );
  }

  #post(request: TapeRequest, transfer: ArrayBuffer[]): void {
    (this.#worker as Worker).postMessage(request, transfer);
  }

  #readArrived(): void {
    while (this.#arrived.length > 0) {
      this.#inFlight -= 1;
      this.#readTape(this.#arrived.shift() as LineTape);
    }
  }

  /** Reads a tape, then gives back the storage of every tape read that the framer holds nothing of. */
  #readTape(tape: LineTape): void {
    this.#framer.read(tape);
    this.#read.push(tape);
    for (let index = this.#read.length - 1; index >= 0; index -= 1) {
      const done = this.#read[index] as LineTape;
      if (this.#framer.holds(done)) continue;
      this.#read.splice(index, 1);
      // A tape's bytes are its chunk (a tape from the worker has its own copy, which no pool knows).
      if (done.bytes.length > 0) this.#onChunkRead?.(done.bytes);
      if (this.#worker === undefined) this.#inline.recycle(done.storage);
      else if (done.storage.byteLength > 0) this.#post({ kind: 'recycle', storage: done.storage }, [done.storage]);
    }
  }

  async #readNext(): Promise<void> {
    while (this.#arrived.length === 0) {
      if (this.#failure !== undefined) throw this.#failure;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
      this.#wake = undefined;
    }
    this.#readArrived();
  }
}
