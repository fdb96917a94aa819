/**
 * A double-quoted term of a filter pattern (plain or JSON) from its opening quote: a backslash takes the next
 * character as it is. The text and the index after the closing quote; undefined when the quote is never closed.
 */
export function readQuoted(pattern: string, openIndex: number): { text: string; end: number } | undefined {
  let text = '';
  for (let index = openIndex + 1; index < pattern.length; index += 1) {
    const char = pattern[index];
    if (char === '\\' && index + 1 < pattern.length) {
      text += pattern[index + 1];
      index += 1;
    } else if (char === '"') {
      return { text, end: index + 1 };
    } else {
      text += char;
    }
  }
  return undefined;
}
