import { toReportBlocks } from './report-blocks.js';
import type { Report } from './report-model.js';
import { renderMarkdownTable } from './text-table.js';

/** Markdown's inline specials, so that names and log text stay literal in a ticket. */
function escapeInline(text: string): string {
  return text.replace(/([\\`*_[\]<>])/g, '\\$1');
}

/** The report as GitHub-flavoured markdown, for tickets and pull requests. */
export function formatReportMarkdown(report: Report): string {
  const out: string[] = [];
  for (const block of toReportBlocks(report)) {
    switch (block.kind) {
      case 'heading':
        out.push('', `${'#'.repeat(block.level)} ${escapeInline(block.text)}`, '');
        break;
      case 'paragraph':
        out.push(escapeInline(block.text), '');
        break;
      case 'fields':
        for (const [label, value] of block.rows) out.push(`- **${escapeInline(label)}**: ${escapeInline(value)}`);
        out.push('');
        break;
      case 'table':
        out.push(
          ...renderMarkdownTable(
            block.headers,
            block.rows.map((row) => row.map(escapeInline)),
            block.alignments,
          ),
          '',
        );
        break;
      case 'list':
        for (const item of block.items) out.push(`- ${escapeInline(item)}`);
        out.push('');
        break;
    }
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}
