/**
 * Values inside a Logs Insights row. Discovered fields stay strings as written in the log (the service returns
 * every value as a string); computed numbers are numbers; times are tagged so results print them as the service does.
 */
export class InsightsTime {
  constructor(readonly epochMs: number) {}
}

export type InsightsValue = string | number | InsightsTime;

/** A row: field name → value; an absent key is a missing field, never a zero. */
export type InsightsRow = Readonly<Record<string, InsightsValue>>;

export function toNumber(value: InsightsValue | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (value instanceof InsightsTime) return value.epochMs;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  const trimmed = value.trim();
  if (trimmed === '' || !/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) return undefined;
  return Number(trimmed);
}

/** `YYYY-MM-DD HH:MM:SS.mmm` in UTC, the service's rendering of @timestamp and bin() values. */
export function formatInsightsTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('T', ' ').replace('Z', '');
}

export function toResultString(value: InsightsValue): string {
  if (value instanceof InsightsTime) return formatInsightsTime(value.epochMs);
  if (typeof value === 'number') return String(value);
  return value;
}

/** Numbers compare as numbers when both sides are numeric; otherwise as their result strings. */
export function compareValues(a: InsightsValue, b: InsightsValue): number {
  const left = toNumber(a);
  const right = toNumber(b);
  if (left !== undefined && right !== undefined) return left - right;
  const x = toResultString(a);
  const y = toResultString(b);
  if (x < y) return -1;
  return x > y ? 1 : 0;
}

export function isTruthy(value: InsightsValue | boolean | undefined): boolean {
  if (value === undefined) return false;
  if (typeof value === 'boolean') return value;
  if (value instanceof InsightsTime) return true;
  if (typeof value === 'number') return value !== 0;
  return value !== '';
}
