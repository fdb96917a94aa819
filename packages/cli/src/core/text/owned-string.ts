/**
 * A copy of `text` that shares no memory with the string it was sliced from.
 * V8 keeps a whole input chunk alive while any slice of it lives, so every string the report keeps past
 * the current chunk (request ids of failures, stream names, kept log lines) goes through here first.
 */
export function toOwnedString(text: string): string {
  // Concatenation flattens into a fresh buffer; the slice then points into that buffer, not the chunk.
  return ` ${text}`.slice(1);
}
