import type { LineTape } from '../core/join/line-tape.js';
import type { LineFormat } from '../core/join/log-frames.js';

/** Main thread to tape worker: take over reading (once), then chunks, then the end of input. */
export type TapeRequest =
  | {
      readonly kind: 'take-over';
      readonly format: LineFormat;
      readonly firstStreamNumber: number;
      readonly firstLine: number;
      readonly carry: readonly Uint8Array[];
    }
  | { readonly kind: 'chunk'; readonly chunk: Uint8Array }
  | { readonly kind: 'recycle'; readonly storage: ArrayBuffer }
  | { readonly kind: 'end' };

/** Tape worker to main thread: the tape of the next chunk (in order). */
export interface TapeReply {
  readonly tape: LineTape;
}

/** A Buffer over the bytes of `array` (typed arrays cross threads as plain Uint8Arrays). */
export function toBuffer(array: Uint8Array): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

/** The buffers a tape hands over without copying: its storage, and its chunk when the chunk owns its memory whole. */
export function transferablesOf(tape: LineTape): ArrayBuffer[] {
  const bytes = tape.bytes;
  const owned =
    bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.byteLength;
  return owned && bytes.buffer !== tape.storage ? [tape.storage, bytes.buffer as ArrayBuffer] : [tape.storage];
}
