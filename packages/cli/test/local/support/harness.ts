import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll } from 'vitest';
import type { LogEvent } from '../../../src/core/log-event.js';
import { createLocalFunction, type LocalFunction, type LocalFunctionConfig } from '../../../src/local/index.js';
import { resolveWorkerPath } from '../../../src/local/worker-path.js';
import { type ReportFigures, readReport } from './report-figures.js';

const here = dirname(fileURLToPath(import.meta.url));

export function fixture(name: string): string {
  return join(here, '..', 'fixtures', name);
}

/** The harness forks the compiled worker; say how to get it rather than fail obscurely. */
export function assertWorkerBuilt(): void {
  const workerPath = resolveWorkerPath(new URL('../../../src/local/worker-path.ts', import.meta.url).href);
  if (!existsSync(workerPath)) {
    throw new Error(`the local harness tests need the compiled worker ${workerPath}: run npx tsc -b packages/cli`);
  }
}

/** A Lambda timestamp as the runtime writes it in Text-format lines, for building regular expressions. */
export const ISO_TIME_PATTERN = String.raw`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z`;

/**
 * For a test file at its top level: checks the worker is built, and returns `open`, which starts a local function
 * on the behaviours fixture (5 s timeout, `defaults`, then `config`) that is closed after the test that opened it.
 */
export function useLocalFunctions(
  defaults: Pick<LocalFunctionConfig, 'name' | 'memorySizeMb'>,
): (config?: Partial<LocalFunctionConfig>) => LocalFunction {
  const opened: LocalFunction[] = [];
  beforeAll(assertWorkerBuilt);
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((fn) => fn.close()));
  });
  return (config = {}) => {
    const fn = createLocalFunction({
      handlerPath: fixture('behaviours.mjs'),
      timeoutMs: 5_000,
      ...defaults,
      ...config,
    });
    opened.push(fn);
    return fn;
  };
}

export interface Recording {
  readonly events: LogEvent[];
  messages(): string[];
  inStream(logStream: string): string[];
  forRequest(requestId: string): string[];
  reports(): ReportFigures[];
  report(requestId: string): ReportFigures;
  streams(): string[];
  count(prefix: string): number;
}

export function record(fn: LocalFunction): Recording {
  const events: LogEvent[] = [];
  fn.onLogEvent((event) => events.push(event));
  const messages = (): string[] => events.map((event) => event.message);
  const reports = (): ReportFigures[] =>
    messages()
      .filter((message) => message.startsWith('REPORT'))
      .map((message) => {
        const figures = readReport(message);
        if (figures === undefined) throw new Error(`REPORT line not in Lambda's format: ${JSON.stringify(message)}`);
        return figures;
      });
  return {
    events,
    messages,
    inStream: (logStream) => events.filter((event) => event.logStream === logStream).map((event) => event.message),
    forRequest: (requestId) => messages().filter((message) => message.includes(requestId)),
    reports,
    report(requestId) {
      const found = reports().find((figures) => figures.requestId === requestId);
      if (found === undefined) throw new Error(`no REPORT for ${requestId}`);
      return found;
    },
    streams: () => [...new Set(events.map((event) => event.logStream ?? ''))],
    count: (prefix) => messages().filter((message) => message.startsWith(prefix)).length,
  };
}

/** A zombie (dead, not yet reaped by whoever adopted it) counts as gone: it runs nothing and holds no memory. */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The state letter follows the parenthesised command name.
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** Polls until the condition holds; returns whether it did within the time. */
export async function eventually(condition: () => boolean, timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return condition();
}
