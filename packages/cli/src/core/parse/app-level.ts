import type { AppLevel } from './parsed-line.js';

/** Level words as runtimes and loggers write them (Python's WARNING/CRITICAL, Powertools' upper case, pino's lower). */
const LEVEL_WORDS: ReadonlyMap<string, AppLevel> = new Map<string, AppLevel>([
  ['TRACE', 'TRACE'],
  ['DEBUG', 'DEBUG'],
  ['INFO', 'INFO'],
  ['WARN', 'WARN'],
  ['WARNING', 'WARN'],
  ['ERROR', 'ERROR'],
  ['FATAL', 'FATAL'],
  ['CRITICAL', 'FATAL'],
]);

/** pino's numeric levels: https://getpino.io/#/docs/api?id=levels */
const PINO_LEVELS: readonly [number, AppLevel][] = [
  [60, 'FATAL'],
  [50, 'ERROR'],
  [40, 'WARN'],
  [30, 'INFO'],
  [20, 'DEBUG'],
  [10, 'TRACE'],
];

/** The level named by `line[start, end)`, compared without allocating for the common words. */
export function toAppLevelAt(line: string, start: number, end: number): AppLevel | undefined {
  const length = end - start;
  if (length < 4 || length > 8) return undefined;
  const first = line.charCodeAt(start);
  // Upper-case fast path: the Node and Python runtimes' own words.
  if (first >= 65 && first <= 90) {
    if (length === 4 && line.startsWith('INFO', start)) return 'INFO';
    if (length === 5 && line.startsWith('ERROR', start)) return 'ERROR';
  }
  return LEVEL_WORDS.get(line.slice(start, end).toUpperCase());
}

/** A structured line's `level`: a word in any case or a pino number. */
export function toAppLevel(value: unknown): AppLevel | undefined {
  if (typeof value === 'string') return LEVEL_WORDS.get(value.toUpperCase());
  if (typeof value === 'number') return PINO_LEVELS.find(([floor]) => value >= floor)?.[1];
  return undefined;
}

export function isErrorLevel(level: AppLevel | undefined): boolean {
  return level === 'ERROR' || level === 'FATAL';
}

const OUT_OF_MEMORY = /out of memory|OutOfMemoryError|MemoryError/;

/** Runtimes' own out-of-memory words: Node's `JavaScript heap out of memory`, Java's `OutOfMemoryError`, Python's `MemoryError`, Go's `runtime: out of memory`. */
export function mentionsOutOfMemory(line: string): boolean {
  return line.includes('emory', 0) && OUT_OF_MEMORY.test(line);
}
