import pino from 'pino';
import type { LogLevel } from '../config/resolve-config.js';
import type { LineWriter } from '../output/create-fd-writer.js';

export type Logger = pino.Logger;

// Lambda's log-level filter and CloudWatch read a textual `level`; a numeric one counts as INFO.
const LEVEL_LABELS: Readonly<Record<string, { level: string }>> = {
  trace: { level: 'TRACE' },
  debug: { level: 'DEBUG' },
  info: { level: 'INFO' },
  warn: { level: 'WARN' },
  error: { level: 'ERROR' },
  fatal: { level: 'FATAL' },
};

const { chindingsSym } = pino.symbols;

/**
 * The pino logger every line of one wrapped handler goes through: synchronous (a queued line dies with a frozen
 * process), textual levels, no pid/hostname, written by the SDK's own line writer.
 */
export function createRootLogger(level: LogLevel, write: LineWriter): Logger {
  return pino(
    {
      level,
      base: null,
      formatters: { level: (label) => LEVEL_LABELS[label] ?? { level: label.toUpperCase() } },
    },
    { write },
  );
}

/**
 * A logger with `bindings` (already JSON members, each starting with a comma) on every line. Measured against
 * `logger.child(bindings)` (0.5 µs per invocation) and a `mixin` (0.7 µs per line): a prototype child whose
 * bindings string is precomputed costs about 0.15 µs. `child()` on the result still works as in pino.
 */
export function bindLogger(parent: Logger, bindings: string): Logger {
  const bound = Object.create(parent) as Logger & Record<symbol, string>;
  bound[chindingsSym] = (parent as unknown as Record<symbol, string>)[chindingsSym] + bindings;
  return bound;
}
