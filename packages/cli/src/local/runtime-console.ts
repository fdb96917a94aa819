import type { RuntimeLogLevel } from './runtime-log-line.js';

export type RuntimeLogWriter = (level: RuntimeLogLevel, args: readonly unknown[]) => void;

type ConsoleMethod = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'log';

/** How the Lambda Node.js runtime maps console methods to levels; `console.fatal` is its own addition. */
const LEVEL_BY_METHOD: Readonly<Record<ConsoleMethod | 'fatal', RuntimeLogLevel>> = {
  trace: 'TRACE',
  debug: 'DEBUG',
  info: 'INFO',
  log: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
  fatal: 'FATAL',
};

/**
 * Replaces the console's level methods so each call becomes one runtime log line. Other methods
 * (`console.dir`, `console.table`) keep writing to stdout, as they do in Lambda.
 */
export function installRuntimeConsole(target: Console, write: RuntimeLogWriter): void {
  const methods = target as unknown as Record<string, unknown>;
  for (const [method, level] of Object.entries(LEVEL_BY_METHOD)) {
    methods[method] = (...args: unknown[]): void => write(level, args);
  }
}
