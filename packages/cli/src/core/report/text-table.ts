export type Alignment = 'left' | 'right';

/** Column widths for `rows` under `headers`, each the widest cell (by code points). */
function widths(headers: readonly string[], rows: readonly (readonly string[])[]): number[] {
  return headers.map((header, column) =>
    Math.max([...header].length, ...rows.map((row) => [...(row[column] ?? '')].length)),
  );
}

function pad(text: string, width: number, alignment: Alignment): string {
  const fill = ' '.repeat(Math.max(0, width - [...text].length));
  return alignment === 'right' ? fill + text : text + fill;
}

/** A plain-text table: a header, a rule, rows; two spaces between columns; trailing spaces trimmed. */
export function renderTextTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  alignments: readonly Alignment[],
  indent = '',
): string[] {
  const columnWidths = widths(headers, rows);
  const line = (cells: readonly string[]): string =>
    indent +
    cells
      .map((cell, column) => pad(cell, columnWidths[column] ?? 0, alignments[column] ?? 'left'))
      .join('  ')
      .trimEnd();
  return [line(headers), indent + columnWidths.map((width) => '─'.repeat(width)).join('  '), ...rows.map(line)];
}

/** A GitHub-flavoured markdown table; `|` inside cells is escaped. */
export function renderMarkdownTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  alignments: readonly Alignment[],
): string[] {
  const escapeCell = (cell: string): string => cell.replaceAll('|', '\\|');
  const rule = alignments.map((alignment) => (alignment === 'right' ? '---:' : '---'));
  return [
    `| ${headers.map(escapeCell).join(' | ')} |`,
    `| ${rule.join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(escapeCell).join(' | ')} |`),
  ];
}
