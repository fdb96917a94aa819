import { toPrintable } from '../core/report/printable.js';
import type { DashboardSnapshot } from './dashboard-model.js';
import { fit, formatSpanMs } from './text-cells.js';

export interface StatusOptions {
  readonly paused: boolean;
  readonly filter: string;
  readonly filterDraft: string | undefined;
}

function basisText(snapshot: DashboardSnapshot): string {
  switch (snapshot.source.figures) {
    case 'sampled':
      return 'SAMPLED: counts are a sample';
    case 'estimated':
      return 'ESTIMATED figures';
    case 'exact':
      return 'counts exact, percentiles within 1%';
  }
}

/** The bottom row: source, window, how exact the figures are, what was skipped, paused, ended; or the filter prompt. */
export function toStatusLine(snapshot: DashboardSnapshot, options: StatusOptions, width: number): string {
  if (options.filterDraft !== undefined) {
    return fit(`/ filter functions: ${toPrintable(options.filterDraft)}█   (Enter apply, Esc cancel)`, width);
  }
  const { source, counts } = snapshot;
  // What changes how to read the screen comes first: a narrow terminal cuts the end of the line.
  const parts = [`${toPrintable(source.label)}${source.detail === undefined ? '' : ` ${toPrintable(source.detail)}`}`];
  if (snapshot.ended) parts.push('ENDED (q quits)');
  if (options.paused) parts.push('PAUSED');
  parts.push(`window ${formatSpanMs(snapshot.windowMs)}`, basisText(snapshot));
  parts.push(`${counts.invocations.toLocaleString('en-US')} invocations`);
  if (source.lagMs !== undefined) parts.push(`lag ${formatSpanMs(source.lagMs)}`);
  if (counts.skippedLines > 0) parts.push(`${counts.skippedLines.toLocaleString('en-US')} lines skipped`);
  if (counts.droppedInvocations > 0) {
    parts.push(`${counts.droppedInvocations.toLocaleString('en-US')} too old for the window`);
  }
  if (options.filter !== '') parts.push(`filter "${toPrintable(options.filter)}"`);
  parts.push('? help');
  return fit(` ${parts.join(' │ ')}`, width);
}
