import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { LogEvent } from '../core/log-event.js';
import type { LocalOptions } from './local-args.js';
import { type LocalWorkloadOptions, runLocalWorkload, type WorkloadStats } from './local-workload.js';

export interface LocalCommandIo {
  /** Where a failure to start and the end-of-run summary go; stdout stays free for the report. */
  readonly stderr: { write(text: string): unknown };
  /** Ends the run early (Ctrl-C in the dashboard); the summary still prints. */
  readonly signal?: AbortSignal | undefined;
}

/** Exit codes: 0 the run completed, 1 it could not start (unreadable event, missing handler). */
export type LocalCommandExitCode = 0 | 1;

async function readEvent(eventPath: string | undefined): Promise<{ event: unknown } | { error: string }> {
  if (eventPath === undefined) return { event: {} };
  let text: string;
  try {
    text = await readFile(eventPath, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return { error: `cannot read the event file ${eventPath}${typeof code === 'string' ? ` (${code})` : ''}` };
  }
  try {
    return { event: JSON.parse(text) };
  } catch (error) {
    return { error: `the event file ${eventPath} is not JSON: ${(error as Error).message}` };
  }
}

function percentage(part: number, whole: number): string {
  return whole === 0 ? '–' : `${((part / whole) * 100).toFixed(1)}%`;
}

/** One line a person reads after the run. */
export function formatLocalSummary(functionName: string, stats: WorkloadStats, elapsedMs: number): string {
  const { outcomes } = stats;
  const ran = stats.invocations - stats.throttles;
  const parts = [
    `${stats.invocations} invocations in ${(elapsedMs / 1000).toFixed(1)} s`,
    `${outcomes.success} ok`,
    `${outcomes.error} errors`,
    `${outcomes.timeout} timeouts`,
    `${outcomes.oom} out of memory`,
    `${outcomes.crash} crashes`,
    `${stats.throttles} throttled`,
    `${stats.coldStarts} cold starts (${percentage(stats.coldStarts, ran)})`,
  ];
  if (outcomes.closed > 0) parts.push(`${outcomes.closed} cut short`);
  if (stats.skippedArrivals > 0) parts.push(`${stats.skippedArrivals} arrivals skipped`);
  if (stats.droppedEvents > 0) parts.push(`${stats.droppedEvents} log events dropped`);
  return `lambdatop local: ${functionName}: ${parts.join(', ')}\n`;
}

/**
 * `lambdatop local`: runs the handler at the requested rate for the requested time and hands every log
 * event to `sink` (the dashboard, or the report that prints with --report), then writes a summary line.
 */
export async function runLocalCommand(
  options: LocalOptions,
  io: LocalCommandIo,
  sink: (event: LogEvent) => void,
): Promise<LocalCommandExitCode> {
  const fail = (message: string): LocalCommandExitCode => {
    io.stderr.write(`lambdatop local: ${message}\n`);
    return 1;
  };
  const handlerPath = resolve(options.handlerPath);
  if (!existsSync(handlerPath)) return fail(`handler file not found: ${handlerPath}`);
  const loaded = await readEvent(options.eventPath);
  if ('error' in loaded) return fail(loaded.error);

  const workloadOptions: LocalWorkloadOptions = {
    functions: [
      {
        name: options.functionName,
        handlerPath,
        handlerExport: options.handlerExport,
        memorySizeMb: options.memorySizeMb,
        timeoutMs: options.timeoutMs,
        event: loaded.event,
        ratePerSecond: options.ratePerSecond,
      },
    ],
    durationMs: options.durationMs,
    maxEnvironments: options.maxEnvironments,
    idleTimeoutMs: options.idleTimeoutMs,
    signal: io.signal,
  };
  let workload: ReturnType<typeof runLocalWorkload>;
  try {
    workload = runLocalWorkload(workloadOptions);
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  const startedAt = performance.now();
  for await (const event of workload) sink(event);
  const stats = await workload.finished;
  io.stderr.write(formatLocalSummary(options.functionName, stats, performance.now() - startedAt));
  return 0;
}
