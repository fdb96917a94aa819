/**
 * Character classes and scans shared by the line parsers. Two kinds of gap: a blank (space, tab, CR) separates the
 * fields of an application or START/END line, whose message keeps its own newlines; whitespace (a blank or a newline)
 * ends the words of a REPORT, whose figures may continue on the next line.
 */
export function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 13;
}

export function isWhitespace(code: number): boolean {
  return code === 32 || code === 9 || code === 13 || code === 10;
}

/** The first index at or after `position` that is not blank. */
export function skipBlanks(line: string, position: number): number {
  let index = position;
  while (index < line.length && isBlank(line.charCodeAt(index))) index += 1;
  return index;
}

/** The end of the field at `position`: the first blank (or the end of the line). */
export function fieldEnd(line: string, position: number): number {
  let index = position;
  while (index < line.length && !isBlank(line.charCodeAt(index))) index += 1;
  return index;
}

/** The first index at or after `position` that is not whitespace. */
export function skipWhitespace(line: string, position: number): number {
  let index = position;
  while (index < line.length && isWhitespace(line.charCodeAt(index))) index += 1;
  return index;
}

/** The end of the word at `position`: the first whitespace (or the end of the line). */
export function wordEnd(line: string, position: number): number {
  let index = position;
  while (index < line.length && !isWhitespace(line.charCodeAt(index))) index += 1;
  return index;
}
