/** Number formatting shared by the table and markdown formats; fixed `en-US` grouping so output is reproducible. */

/** A count, or '–' when it was not counted (never 0 for unknown). */
export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return Math.round(value).toLocaleString('en-US');
}

/** A count that only bounds the truth from below: `≥ 12`. */
export function formatAtLeast(value: number): string {
  return `≥ ${formatCount(value)}`;
}

/** Milliseconds with precision that suits their size: 2.01, 45.3, 3,003. */
export function formatMs(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  const magnitude = Math.abs(value);
  if (magnitude < 10) return value.toFixed(2);
  if (magnitude < 1000) return value.toFixed(1);
  return Math.round(value).toLocaleString('en-US');
}

export function formatMb(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toFixed(1);
}

/** Dollars with three significant digits, never in exponent notation: $0.00000208, $0.0125, $12.35. */
export function formatUsd(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  const sign = value < 0 ? '−' : '';
  const magnitude = Math.abs(value);
  if (magnitude === 0) return '$0';
  if (magnitude >= 100) return `${sign}$${magnitude.toLocaleString('en-US', { maximumFractionDigits: 0 })}`;
  if (magnitude >= 1) return `${sign}$${magnitude.toFixed(2)}`;
  const decimals = Math.min(12, Math.max(2, 2 - Math.floor(Math.log10(magnitude))));
  return `${sign}$${magnitude.toFixed(decimals)}`;
}

/** A signed dollar delta: +$0.0000200, −$0.0125. */
export function formatUsdDelta(value: number): string {
  return value >= 0 ? `+${formatUsd(value)}` : formatUsd(value);
}

export function formatMsDelta(value: number): string {
  return value >= 0 ? `+${formatMs(value)} ms` : `−${formatMs(-value)} ms`;
}

export function formatShare(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '–';
  const percent = share * 100;
  if (percent === 0) return '0 %';
  return `${percent < 1 ? percent.toFixed(2) : percent < 10 ? percent.toFixed(1) : percent.toFixed(0)} %`;
}

/** `2026-07-22 03:52:34Z` from an ISO string, or '–'. */
export function formatTime(iso: string | null): string {
  if (iso === null) return '–';
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}Z`;
}

export function formatSpan(startIso: string | null, endIso: string | null): string {
  if (startIso === null || endIso === null) return 'no timestamps in the input';
  const seconds = Math.max(0, (Date.parse(endIso) - Date.parse(startIso)) / 1000);
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = Math.round(seconds % 60);
  const length = hours > 0 ? `${hours} h ${minutes} min` : minutes > 0 ? `${minutes} min ${rest} s` : `${rest} s`;
  return `${formatTime(startIso)} → ${formatTime(endIso)} (${length})`;
}
