import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LogEvent } from '../core/log-event.js';
import { buildReport } from '../core/report/build-report.js';
import { formatReportTable } from '../core/report/format-table.js';
import { createReportCollector } from '../core/report-collector.js';
import { DASHBOARD_FLAG_SPECS, toDashboardOptions } from '../dashboard/dashboard-flags.js';
import type { DashboardSource, SourceBatch } from '../dashboard/dashboard-source.js';
import { InputError, UsageError } from '../errors.js';
import type { LocalOptions } from '../local/local-args.js';
import { LOCAL_FLAG_SPECS, parseLocalFlags } from '../local/local-args.js';
import { runLocalCommand } from '../local/local-command.js';
import type { Command, CommandContext, FlagValues } from './command.js';

/** Log events handed from the harness's callback to the dashboard's loop, in order, in batches. */
function createEventQueue(): {
  push(event: LogEvent): void;
  end(error?: Error): void;
  batches(): AsyncGenerator<SourceBatch>;
} {
  let queued: LogEvent[] = [];
  let ended = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const resume = wake;
    wake = undefined;
    resume?.();
  };
  return {
    push(event) {
      queued.push(event);
      notify();
    },
    end(error) {
      ended = true;
      failure = error;
      notify();
    },
    async *batches() {
      for (;;) {
        if (queued.length > 0) {
          const events = queued;
          queued = [];
          yield { events };
          continue;
        }
        if (ended) {
          if (failure !== undefined) throw failure;
          return;
        }
        await new Promise<void>((resume) => {
          wake = resume;
        });
      }
    },
  };
}

/** The harness's lines (its end-of-run summary, a failure to start), kept to show and to print after the screen. */
function createLineSink(): { write(text: string): boolean; readonly lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    write(text) {
      for (const line of text.split('\n')) if (line.trim().length > 0) lines.push(line);
      return true;
    },
  };
}

function localSource(options: LocalOptions): { source: DashboardSource; output: string[] } {
  const queue = createEventQueue();
  const output = createLineSink();
  const controller = new AbortController();
  const run = runLocalCommand(options, { stderr: output, signal: controller.signal }, (event) =>
    queue.push(event),
  ).then(
    (code) => {
      const reason = (output.lines.at(-1) ?? 'the local run could not start').replace(/^lambdatop local: /, '');
      queue.end(code === 0 ? undefined : new Error(reason));
    },
    (error: unknown) => queue.end(error instanceof Error ? error : new Error(String(error))),
  );
  return {
    output: output.lines,
    source: {
      label: `local ${options.functionName}`,
      clock: 'wall',
      batches: queue.batches(),
      status: () => ({ mode: 'local', figures: 'exact', warnings: output.lines }),
      async close() {
        controller.abort();
        await run;
      },
    },
  };
}

/** The flags `lambdatop local` shares with the harness, without the dashboard's own. */
function harnessFlags(flags: FlagValues): FlagValues {
  return Object.fromEntries(Object.entries(flags).filter(([name]) => !Object.hasOwn(DASHBOARD_FLAG_SPECS, name)));
}

async function runLocal({ flags, positionals, io }: CommandContext): Promise<number> {
  const dashboardOptions = toDashboardOptions(flags);
  const parsed = parseLocalFlags(harnessFlags(flags), positionals);
  if (!parsed.ok) throw new UsageError(parsed.error);
  const options = parsed.options;
  const handlerPath = resolve(options.handlerPath);
  if (!existsSync(handlerPath)) throw new InputError(`handler file not found: ${handlerPath}`);
  if (options.report) {
    const collector = createReportCollector();
    const code = await runLocalCommand(options, { stderr: io.stderr }, (event) => collector.push([event]));
    if (code !== 0) return code;
    const collected = collector.finish();
    const report = buildReport(collected.functions, {
      arch: dashboardOptions.arch,
      counts: collected.counts,
      inputs: [`local ${options.functionName}`],
      source: 'local',
    });
    io.stdout.write(formatReportTable(report, io.stdoutIsTty && io.columns !== undefined ? { width: io.columns } : {}));
    return 0;
  }
  const { assertTerminal, openDashboard } = await import('../terminal/open-dashboard.js');
  assertTerminal(io, 'add --report to print the report at the end instead');
  const { source, output } = localSource(options);
  const exitCode = await openDashboard(source, io, dashboardOptions);
  // The harness's summary was on screen; it is printed again once the terminal is back.
  const summary = output.at(-1);
  if (exitCode === 0 && summary !== undefined) io.stderr.write(`${summary}\n`);
  return exitCode;
}

export const localCommand: Command = {
  name: 'local',
  summary: 'Runs a handler in local Lambda-like environments at a rate and watches it (or prints the report)',
  usage: 'local HANDLER_FILE [options]',
  details: [
    'Each execution environment is a worker process: cold starts with a real init, reuse while warm, the timeout',
    'enforced, memory measured, and the platform lines Lambda writes. Without --report the dashboard shows the',
    'function; when the run ends it stays on the final state until you press q.',
    '',
    'Examples:',
    '  lambdatop local ./handler.js --event event.json --rate 20/s --duration 30s --memory 256',
    '  lambdatop local ./handler.js --duration 10s --report',
  ].join('\n'),
  allowPositionals: true,
  flags: { ...LOCAL_FLAG_SPECS, ...DASHBOARD_FLAG_SPECS },
  run: runLocal,
};
