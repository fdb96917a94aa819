import { formatMs } from '../core/report/format-figures.js';
import { toPrintable } from '../core/report/printable.js';
import { innerWidth, type Pane } from './screen-layout.js';
import { wrap } from './text-cells.js';
import type { InvocationEntry } from './ui-state.js';
import type { InvocationScreenView } from './view-types.js';

/** Every line of the invocation screen, wrapped to the pane: a header of facts, then the log lines as written. */
export function toInvocationLines(entry: InvocationEntry, width: number): string[] {
  const { summary } = entry;
  const facts = [
    `function    ${toPrintable(entry.functionName)}`,
    `request id  ${toPrintable(summary.requestId ?? '(redacted in the logs)')}`,
    `trace id    ${toPrintable(summary.xrayTraceId ?? '– (no X-Ray trace id in the logs)')}`,
    `stream      ${toPrintable(summary.logStream ?? '–')}`,
    `time        ${summary.startTime ?? '–'} → ${summary.endTime ?? '–'}`,
    `outcome     ${summary.outcome}${summary.errorType === null ? '' : ` (${toPrintable(summary.errorType)})`}${summary.errorLogged ? ', logged an error' : ''}`,
    `duration    ${formatMs(summary.durationMs)} ms, billed ${formatMs(summary.billedDurationMs)} ms${summary.initDurationMs === null ? '' : `, init ${formatMs(summary.initDurationMs)} ms`}`,
    `memory      ${summary.maxMemoryUsedMB ?? '–'} of ${summary.memorySizeMB ?? '–'} MB${summary.coldStart === null ? '' : `, cold start (${summary.coldStart})`}`,
    '',
  ];
  const logLines =
    summary.lines === null || summary.lines.length === 0
      ? ['(no log lines kept for this invocation)']
      : summary.lines.map((line) => toPrintable(line.replaceAll('\t', '  ')));
  return [...facts, ...logLines].flatMap((line) => wrap(line, width));
}

export function toInvocationScreen(
  entry: InvocationEntry,
  offset: number,
  pane: Pane,
): { view: InvocationScreenView; lineCount: number } {
  const lines = toInvocationLines(entry, innerWidth(pane));
  const visible = Math.max(1, pane.height - 2);
  const from = Math.min(Math.max(0, offset), Math.max(0, lines.length - visible));
  const shown = lines.slice(from, from + visible);
  return {
    view: {
      kind: 'invocation',
      body: {
        label: ` invocation ${toPrintable(entry.summary.requestId ?? '')} — lines ${from + 1}–${from + shown.length} of ${lines.length}, Esc back `,
        lines: shown,
      },
    },
    lineCount: lines.length,
  };
}
