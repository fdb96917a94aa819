import { parseIsoTimeMs } from './iso-time.js';

const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const RELATIVE = /^(\d+)([smhdw])$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A `--since`/`--until` value as epoch milliseconds: a relative age like the AWS CLI's (`90s`, `10m`, `2h`, `3d`, `1w`,
 * counted back from `nowMs`), an ISO 8601 date-time (UTC unless it names a zone), a date (midnight UTC) or epoch
 * milliseconds. Returns undefined when the text is none of these.
 */
export function parseTimeBound(text: string, nowMs: number): number | undefined {
  const trimmed = text.trim();
  const relative = RELATIVE.exec(trimmed);
  if (relative !== null) {
    const [, amount, unit] = relative;
    const unitMs = UNIT_MS[unit ?? ''];
    if (amount === undefined || unitMs === undefined) return undefined;
    return nowMs - Number(amount) * unitMs;
  }
  if (/^\d{10,16}$/.test(trimmed)) return Number(trimmed);
  const dateOnly = DATE_ONLY.exec(trimmed);
  if (dateOnly !== null) return parseIsoTimeMs(`${trimmed}T00:00:00Z`);
  return parseIsoTimeMs(trimmed);
}
