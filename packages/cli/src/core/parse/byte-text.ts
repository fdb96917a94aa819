/**
 * Text read straight from bytes. Inputs are UTF-8; a range that is ASCII (`ascii`) has one character per byte, so its
 * byte offsets are character offsets and latin1 decoding (a plain copy) gives the same string as UTF-8 decoding.
 */

/** The text of `bytes[from, to)`. */
export function decodeBytes(bytes: Buffer, from: number, to: number, ascii: boolean): string {
  return bytes.toString(ascii ? 'latin1' : 'utf8', from, to);
}

/** Whether `bytes[from, to)` holds only ASCII, looked at in place. */
export function isAsciiRange(bytes: Uint8Array, from: number, to: number): boolean {
  let any = 0;
  for (let index = from; index < to; index += 1) any |= bytes[index] ?? 0;
  return any < 0x80;
}

/** The bytes of an ASCII literal, for `matchesBytesAt`. */
export function toAsciiBytes(literal: string): Uint8Array {
  return Uint8Array.from(literal, (character) => character.charCodeAt(0));
}

/** Whether `bytes[start, to)` begins with `literal`: the byte twin of `matchesAt`. */
export function matchesBytesAt(bytes: Uint8Array, start: number, literal: Uint8Array, to: number): boolean {
  if (start + literal.length > to) return false;
  for (let index = literal.length - 1; index >= 0; index -= 1) {
    if (bytes[start + index] !== literal[index]) return false;
  }
  return true;
}

/** Whether the ASCII bytes `bytes[from, to)` spell `text`, compared in place (no string made from the bytes). */
export function bytesEqualText(bytes: Uint8Array, from: number, to: number, text: string): boolean {
  if (to - from !== text.length) return false;
  for (let index = to - from - 1; index >= 0; index -= 1) {
    if (bytes[from + index] !== text.charCodeAt(index)) return false;
  }
  return true;
}
