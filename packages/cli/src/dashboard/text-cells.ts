/** Fixed-width text for the dashboard's panes. Widths count code points: log text is neutralised before it gets here. */

export function widthOf(text: string): number {
  let width = 0;
  for (const _ of text) width += 1;
  return width;
}

/** `text` cut to `width` (with `…` when cut) and padded to it; right-aligned for figures. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  if (width <= 0) return '';
  const points = [...text];
  if (points.length > width) return `${points.slice(0, Math.max(0, width - 1)).join('')}…`;
  const padding = ' '.repeat(width - points.length);
  return align === 'right' ? padding + text : text + padding;
}

/** Cut to `width` without padding. */
export function clip(text: string, width: number): string {
  const points = [...text];
  return points.length <= width ? text : `${points.slice(0, Math.max(0, width - 1)).join('')}…`;
}

/** Hard-wrapped into lines of at most `width` code points; an empty line stays one empty line. */
export function wrap(text: string, width: number): string[] {
  const points = [...text];
  if (points.length === 0 || width <= 0) return [''];
  const lines: string[] = [];
  for (let from = 0; from < points.length; from += width) lines.push(points.slice(from, from + width).join(''));
  return lines;
}

/** Words wrapped at spaces into lines of at most `width`; a word longer than a line is cut across lines. */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((part) => part.length > 0)) {
    const candidate = line.length === 0 ? word : `${line} ${word}`;
    if (widthOf(candidate) <= width) {
      line = candidate;
      continue;
    }
    if (line.length > 0) lines.push(line);
    const pieces = wrap(word, width);
    line = pieces.pop() ?? '';
    lines.push(...pieces);
  }
  if (line.length > 0 || lines.length === 0) lines.push(line);
  return lines;
}

/** `HH:MM:SS` of an epoch time in UTC, or `--:--:--`. */
export function formatClock(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '--:--:--';
  return new Date(ms).toISOString().slice(11, 19);
}

/** A short duration: `45 s`, `5 min`, `1 h 30 min`. */
export function formatSpanMs(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** A count that fits a narrow column: 999, 12.3k, 4.5M. */
export function formatCompact(value: number | undefined, decimals = 0): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6) return `${(value / 1e6).toFixed(1)}M`;
  if (magnitude >= 1e4) return `${(value / 1e3).toFixed(1)}k`;
  return value.toFixed(magnitude >= 100 ? 0 : decimals);
}
