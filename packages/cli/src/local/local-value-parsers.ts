import { basename, extname } from 'node:path';

/** The value forms `lambdatop local` accepts; each returns undefined for text it cannot read. */

const RATE_UNITS: Readonly<Record<string, number>> = {
  s: 1,
  sec: 1,
  second: 1,
  m: 60,
  min: 60,
  minute: 60,
  h: 3600,
  hr: 3600,
  hour: 3600,
};

const DURATION_UNITS_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/** `20`, `20/s`, `300/min`, `0.5/s`, `3600/h` → arrivals per second. */
export function parseRatePerSecond(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(?:\/([a-z]+))?$/.exec(text.trim().toLowerCase());
  if (match === null) return undefined;
  const perUnit = RATE_UNITS[match[2] ?? 's'];
  if (perUnit === undefined) return undefined;
  const rate = Number(match[1]) / perUnit;
  return Number.isFinite(rate) ? rate : undefined;
}

/** `500ms`, `30s`, `1.5s`, `2m`, `1h`, or a bare number of seconds → milliseconds. */
export function parseDurationMs(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|min|h)?$/.exec(text.trim().toLowerCase());
  if (match === null) return undefined;
  const unitMs = DURATION_UNITS_MS[match[2] ?? 's'];
  if (unitMs === undefined) return undefined;
  const durationMs = Number(match[1]) * unitMs;
  return Number.isFinite(durationMs) ? durationMs : undefined;
}

/** `256` or `256MB` → whole megabytes. */
export function parseMemorySizeMb(text: string): number | undefined {
  const match = /^(\d+)\s*(mb)?$/.exec(text.trim().toLowerCase());
  return match === null ? undefined : Number(match[1]);
}

/** `./src/get-order.handler.mjs` → `get-order-handler`: a valid function name from a file name. */
export function toFunctionName(handlerPath: string): string {
  const stem = basename(handlerPath, extname(handlerPath))
    .replace(/[^a-zA-Z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
  return stem === '' ? 'local-function' : stem;
}
