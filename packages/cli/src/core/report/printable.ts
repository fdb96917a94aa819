function isControl(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

/** `text` with every character `isUnsafe` picks written as a visible `\xNN`: the same string when there is none. */
export function escapeControls(text: string, isUnsafe: (code: number) => boolean): string {
  let index = 0;
  while (index < text.length && !isUnsafe(text.charCodeAt(index))) index += 1;
  if (index === text.length) return text;
  let out = text.slice(0, index);
  for (; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    out += isUnsafe(code) ? `\\x${code.toString(16).padStart(2, '0')}` : text[index];
  }
  return out;
}

/**
 * Text from the logs made safe to print on a terminal: every C0/C1 control character and DEL (the ESC of an escape
 * sequence, BEL, carriage return, TAB, newline) becomes a visible `\xNN`, so a log line can never drive the terminal
 * and a table cell stays on one line.
 */
export function toPrintable(text: string): string {
  return escapeControls(text, isControl);
}
