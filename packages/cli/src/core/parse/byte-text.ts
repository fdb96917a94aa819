/**
 * Text read straight from bytes. Inputs are UTF-8; a range that is ASCII (`ascii`) has one character per byte, so its
 * byte offsets are character offsets and latin1 decoding (a plain copy) gives the same string as UTF-8 decoding.
 */

/** Buffer's own decoders, which `toString` picks by name on every call (a measurable share for one id per START). */
interface SlicingBuffer extends Buffer {
  latin1Slice(from: number, to: number): string;
  utf8Slice(from: number, to: number): string;
}

/** The text of `bytes[from, to)`. */
export function decodeBytes(bytes: Buffer, from: number, to: number, ascii: boolean): string {
  const slicing = bytes as SlicingBuffer;
  return ascii ? slicing.latin1Slice(from, to) : slicing.utf8Slice(from, to);
}

/** Whether `bytes[from, to)` holds only ASCII, looked at in place. */
export function isAsciiRange(bytes: Uint8Array, from: number, to: number): boolean {
  let any = 0;
  for (let index = from; index < to; index += 1) any |= bytes[index] ?? 0;
  return any < 0x80;
}

let viewedBytes: Uint8Array | undefined;
let view: DataView = new DataView(new ArrayBuffer(0));

/**
 * A DataView of `bytes`, kept for the next call: readers look at one chunk many times in a row, and comparing four
 * bytes per read is several times cheaper than one at a time.
 */
export function viewOf(bytes: Uint8Array): DataView {
  if (bytes !== viewedBytes) {
    viewedBytes = bytes;
    view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  return view;
}

/** Bytes to look for, with a view of them for comparing four at a time. */
export interface ByteString {
  readonly bytes: Uint8Array;
  readonly view: DataView;
}

export function toByteString(bytes: Uint8Array): ByteString {
  return { bytes, view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}

/** The bytes of an ASCII literal, for `matchesBytesAt`. */
export function toAsciiBytes(literal: string): ByteString {
  return toByteString(Uint8Array.from(literal, (character) => character.charCodeAt(0)));
}

/** Whether `bytes[start, start + expected.length)` equals `expected`, compared four bytes at a time. */
export function equalsBytesAt(bytes: Uint8Array, start: number, expected: ByteString): boolean {
  const wanted = expected.bytes;
  const length = wanted.length;
  if (start < 0 || start + length > bytes.length) return false;
  if (length < 4) {
    for (let index = 0; index < length; index += 1) if (bytes[start + index] !== wanted[index]) return false;
    return true;
  }
  const actual = viewOf(bytes);
  const wantedView = expected.view;
  // From the end (names of one function differ in their last bytes); the first word may overlap the second.
  for (let index = length - 4; index > 0; index -= 4) {
    if (actual.getInt32(start + index, true) !== wantedView.getInt32(index, true)) return false;
  }
  return actual.getInt32(start, true) === wantedView.getInt32(0, true);
}

/** Whether `bytes[start, to)` begins with `literal`: the byte twin of `matchesAt`. */
export function matchesBytesAt(bytes: Uint8Array, start: number, literal: ByteString, to: number): boolean {
  return start + literal.bytes.length <= to && equalsBytesAt(bytes, start, literal);
}

/** Whether the ASCII bytes `bytes[from, to)` spell `text`, compared in place (no string made from the bytes). */
export function bytesEqualText(bytes: Uint8Array, from: number, to: number, text: string): boolean {
  if (to - from !== text.length) return false;
  for (let index = to - from - 1; index >= 0; index -= 1) {
    if (bytes[from + index] !== text.charCodeAt(index)) return false;
  }
  return true;
}
