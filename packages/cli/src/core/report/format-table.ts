import { toReportBlocks } from './report-blocks.js';
import type { Report } from './report-model.js';
import { renderTextTable } from './text-table.js';

/** Wraps prose at `width` columns, continuation lines indented by `indent`. */
function wrap(text: string, width: number, indent: string, firstIndent = indent): string[] {
  const lines: string[] = [];
  let line = firstIndent;
  let empty = true;
  for (const word of text.split(' ')) {
    if (!empty && line.length + 1 + word.length > width) {
      lines.push(line.trimEnd());
      line = indent;
      empty = true;
    }
    line += empty ? word : ` ${word}`;
    empty = false;
  }
  if (!empty) lines.push(line.trimEnd());
  return lines;
}

export interface TableFormatOptions {
  /** Wrap prose at this many columns (the terminal's width); tables are never wrapped. */
  readonly width?: number;
}

/** The report as plain text for a terminal: no colour, no control characters, prose wrapped. */
export function formatReportTable(report: Report, options: TableFormatOptions = {}): string {
  const width = Math.max(60, options.width ?? 120);
  const out: string[] = [];
  let previous: string | undefined;
  for (const block of toReportBlocks(report)) {
    switch (block.kind) {
      case 'heading':
        if (block.level === 1) out.push(block.text, '═'.repeat(Math.min(width, [...block.text].length)));
        else if (block.level === 2) out.push('', block.text, '─'.repeat(Math.min(width, [...block.text].length)));
        else out.push('', `  ${block.text}`);
        break;
      case 'paragraph':
        if (out.at(-1) !== '' && previous !== 'heading') out.push('');
        out.push(...wrap(block.text, width, '  '));
        break;
      case 'fields': {
        const labelWidth = Math.max(...block.rows.map(([label]) => label.length));
        for (const [label, value] of block.rows) {
          out.push(...wrap(value, width, ' '.repeat(labelWidth + 4), `  ${label.padEnd(labelWidth)}  `));
        }
        break;
      }
      case 'table':
        if (out.at(-1) !== '' && previous !== 'heading') out.push('');
        out.push(...renderTextTable(block.headers, block.rows, block.alignments, '  '));
        break;
      case 'list':
        for (const item of block.items) out.push(...wrap(item, width, '    ', '  • '));
        break;
    }
    previous = block.kind;
  }
  return `${out.join('\n')}\n`;
}
