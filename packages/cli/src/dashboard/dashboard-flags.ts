import type { FlagSpec, FlagValues } from '../commands/command.js';
import { choiceFlag, stringFlag } from '../commands/flag-values.js';
import { ARCHITECTURES } from '../core/pricing/lambda-prices.js';
import { UsageError } from '../errors.js';
import { parseDurationMs } from '../local/local-value-parsers.js';
import type { DashboardModelOptions } from './dashboard-model.js';

/** The charts show this many points across the window. */
const POINTS_PER_WINDOW = 60;
const MIN_WINDOW_MS = 60_000;
const MAX_WINDOW_MS = 24 * 3_600_000;

/** The options every dashboard command takes. */
export const DASHBOARD_FLAG_SPECS = {
  window: {
    type: 'string',
    valueName: 'D',
    description: 'the sliding window of the table and charts: 1m to 24h (default 5m)',
  },
  arch: { type: 'string', valueName: 'ARCH', description: 'x86_64 (default) or arm64: sets the price per GB-second' },
} as const satisfies Readonly<Record<string, FlagSpec>>;

/** Window and prices from the flags; a UsageError names the flag and what it takes. */
export function toDashboardOptions(flags: FlagValues): Omit<DashboardModelOptions, 'sourceLabel'> {
  const windowText = stringFlag(flags, 'window');
  const windowMs = windowText === undefined ? 300_000 : parseDurationMs(windowText);
  if (windowMs === undefined || windowMs < MIN_WINDOW_MS || windowMs > MAX_WINDOW_MS) {
    throw new UsageError(`--window ${JSON.stringify(windowText)} is not a duration from 1m to 24h, e.g. --window 15m`);
  }
  const bucketMs = Math.max(1000, Math.round(windowMs / POINTS_PER_WINDOW / 1000) * 1000);
  return { windowMs, bucketMs, arch: choiceFlag(flags, 'arch', ARCHITECTURES) };
}
