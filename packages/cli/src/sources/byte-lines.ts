import { isAscii } from 'node:buffer';

/**
 * Receives one line as `bytes[from, to)`: no `\n`, no trailing `\r`. `ascii` says the bytes hold no byte above 0x7f,
 * so byte offsets are character offsets and latin1 decoding is UTF-8 decoding.
 */
export type ByteLineHandler = (bytes: Buffer, from: number, to: number, ascii: boolean) => void;

const NEWLINE = 10;
const CARRIAGE_RETURN = 13;

/**
 * Cuts a byte stream into lines across chunk boundaries, in place: a chunk is never decoded or copied, only the line
 * a chunk boundary cuts is joined into a buffer of its own. Lines are assembled before any decoding, so a character
 * split across chunks decodes whole and the result never depends on where the chunks were cut.
 */
export class ByteLineSplitter {
  readonly #onLine: ByteLineHandler;
  #carry: Buffer[] = [];

  constructor(onLine: ByteLineHandler) {
    this.#onLine = onLine;
  }

  push(chunk: Buffer): void {
    let newline = chunk.indexOf(NEWLINE);
    if (newline === -1) {
      if (chunk.length > 0) this.#carry.push(chunk);
      return;
    }
    let from = 0;
    if (this.#carry.length > 0) {
      this.#carry.push(chunk.subarray(0, newline));
      const first = Buffer.concat(this.#carry);
      this.#carry = [];
      this.#emit(first, 0, first.length, isAscii(first));
      from = newline + 1;
      newline = chunk.indexOf(NEWLINE, from);
    }
    const ascii = isAscii(chunk);
    const onLine = this.#onLine;
    while (newline !== -1) {
      const to = newline > from && chunk[newline - 1] === CARRIAGE_RETURN ? newline - 1 : newline;
      onLine(chunk, from, to, ascii);
      from = newline + 1;
      newline = chunk.indexOf(NEWLINE, from);
    }
    if (from < chunk.length) this.#carry.push(chunk.subarray(from));
  }

  /** The last line, when the input does not end with a newline. */
  end(): void {
    if (this.#carry.length === 0) return;
    const last = Buffer.concat(this.#carry);
    this.#carry = [];
    this.#emit(last, 0, last.length, isAscii(last));
  }

  #emit(bytes: Buffer, from: number, newline: number, ascii: boolean): void {
    this.#onLine(bytes, from, newline > from && bytes[newline - 1] === CARRIAGE_RETURN ? newline - 1 : newline, ascii);
  }
}
