/**
 * A 30-bit hash of a request id: the pending table's key. Read four characters to a word, so a UUID takes nine steps;
 * an ASCII id hashes the same from its bytes (`hashRequestIdBytes`), which the byte lane reads in place.
 */
export function hashRequestId(text: string): number {
  const length = text.length;
  let hash = length;
  let index = 0;
  for (; index + 4 <= length; index += 4) {
    const word =
      text.charCodeAt(index) |
      (text.charCodeAt(index + 1) << 8) |
      (text.charCodeAt(index + 2) << 16) |
      (text.charCodeAt(index + 3) << 24);
    hash = mixWord(hash, word);
  }
  if (index < length) {
    let word = 0;
    for (let shift = 0; index < length; index += 1, shift += 8) word |= text.charCodeAt(index) << shift;
    hash = mixWord(hash, word);
  }
  return finish(hash);
}

/** `hashRequestId` of the ASCII text `bytes[from, to)`, read in place. */
export function hashRequestIdBytes(bytes: Uint8Array, from: number, to: number): number {
  const length = to - from;
  let hash = length;
  let index = from;
  for (; index + 4 <= to; index += 4) {
    const word =
      (bytes[index] as number) |
      ((bytes[index + 1] as number) << 8) |
      ((bytes[index + 2] as number) << 16) |
      ((bytes[index + 3] as number) << 24);
    hash = mixWord(hash, word);
  }
  if (index < to) {
    let word = 0;
    for (let shift = 0; index < to; index += 1, shift += 8) word |= (bytes[index] as number) << shift;
    hash = mixWord(hash, word);
  }
  return finish(hash);
}

function mixWord(hash: number, word: number): number {
  const mixed = Math.imul(hash ^ word, 0x9e3779b1);
  return mixed ^ (mixed >>> 15);
}

/**
 * MurmurHash3's finaliser (every input bit reaches the low bits the table indexes by), kept to 30 bits: a small
 * integer V8 passes and stores without allocating a number object.
 */
function finish(hash: number): number {
  let mixed = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  mixed = Math.imul(mixed ^ (mixed >>> 13), 0xc2b2ae35);
  return (mixed ^ (mixed >>> 16)) & 0x3fffffff;
}
