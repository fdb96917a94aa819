import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DASHBOARD_FLAG_SPECS, toDashboardOptions } from '../dashboard/dashboard-flags.js';
import type { DashboardSource, SourceBatch } from '../dashboard/dashboard-source.js';
import { InputError, UsageError } from '../errors.js';
import { parseDurationMs } from '../local/local-value-parsers.js';
import type { LocalWorkload, LocalWorkloadOptions } from '../local/local-workload.js';
import { runLocalWorkload } from '../local/local-workload.js';
import type { Command, CommandContext } from './command.js';
import { stringFlag } from './flag-values.js';

/** The package's root (dist/commands/ → ../..), whether it runs from a checkout or an installed copy. */
const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where the demo workload lives: in the package when shipped with it, else in the monorepo checkout around it. */
export const WORKLOAD_CANDIDATES: readonly string[] = [
  resolve(PACKAGE_ROOT, 'examples', 'workload', 'workload.mjs'),
  resolve(PACKAGE_ROOT, '..', '..', 'examples', 'workload', 'workload.mjs'),
];

/** The demo workload's path, or an InputError that says where it was looked for and what to do. */
export function findWorkload(explicit: string | undefined): string {
  if (explicit !== undefined) {
    const path = resolve(explicit);
    if (!existsSync(path)) throw new InputError(`the workload file ${path} does not exist`);
    return path;
  }
  const found = WORKLOAD_CANDIDATES.find((candidate) => existsSync(candidate));
  if (found === undefined) {
    throw new InputError(
      `the demo workload is not installed with this copy of lambdatop (looked for ${WORKLOAD_CANDIDATES.join(' and ')}); run it from a lambdatop checkout (npm start) or give --workload FILE`,
    );
  }
  return found;
}

/** Loads a workload module: `export const workload = { functions: [...] }` or a default export of the same. */
export async function loadWorkload(path: string): Promise<LocalWorkloadOptions> {
  let module: { workload?: unknown; default?: unknown };
  try {
    module = (await import(pathToFileURL(path).href)) as typeof module;
  } catch (error) {
    throw new InputError(`cannot load the workload ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const workload = module.workload ?? module.default;
  const functions = (workload as { functions?: unknown } | undefined)?.functions;
  if (!Array.isArray(functions) || functions.length === 0) {
    throw new InputError(`the workload ${path} exports no \`workload\` with a non-empty \`functions\` list`);
  }
  return workload as LocalWorkloadOptions;
}

/** A running local workload as a dashboard source: its log events, its throttles (which never reach the logs). */
export function toWorkloadSource(workload: LocalWorkload, label: string): DashboardSource {
  const warnings: string[] = [];
  let reportedDrops = 0;
  let reportedSkips = 0;
  async function* batches(): AsyncGenerator<SourceBatch> {
    for await (const event of workload) yield { events: [event] };
  }
  return {
    label,
    clock: 'wall',
    batches: batches(),
    status() {
      const stats = workload.stats();
      if (stats.droppedEvents > reportedDrops) {
        warnings.push(`${stats.droppedEvents} log events dropped so far: the dashboard fell behind the workload`);
        reportedDrops = stats.droppedEvents;
      }
      if (stats.skippedArrivals > reportedSkips) {
        warnings.push(
          `${stats.skippedArrivals} arrivals skipped so far (the event factory failed or the worker could not start)`,
        );
        reportedSkips = stats.skippedArrivals;
      }
      return {
        mode: 'local',
        figures: 'exact',
        warnings,
        detail: `(${workload.workerPids().length} workers)`,
      };
    },
    throttles() {
      const stats = workload.stats();
      return Object.fromEntries(
        Object.entries(stats.functions).map(([name, entry]) => [name, entry.outcomes.throttled]),
      );
    },
    close: () => workload.stop(),
  };
}

async function runDemo({ flags, io }: CommandContext): Promise<number> {
  const dashboardOptions = toDashboardOptions(flags);
  const durationText = stringFlag(flags, 'duration');
  const durationMs = durationText === undefined ? undefined : parseDurationMs(durationText);
  if (durationText !== undefined && (durationMs === undefined || durationMs <= 0)) {
    throw new UsageError(`--duration ${JSON.stringify(durationText)} is not a duration like 30s or 5m`);
  }
  const path = findWorkload(stringFlag(flags, 'workload'));
  const { assertTerminal, openDashboard } = await import('../terminal/open-dashboard.js');
  assertTerminal(io, 'the demo has nothing to show without one');
  const spec = await loadWorkload(path);
  let workload: LocalWorkload;
  try {
    workload = runLocalWorkload({ ...spec, durationMs: durationMs ?? spec.durationMs });
  } catch (error) {
    throw new InputError(`the workload ${path} cannot run: ${error instanceof Error ? error.message : String(error)}`);
  }
  const label = `demo: local workload of ${spec.functions.length} functions`;
  return openDashboard(toWorkloadSource(workload, label), io, dashboardOptions);
}

export const demoCommand: Command = {
  name: 'demo',
  summary: 'The dashboard on a local demo workload: four functions in Lambda-like environments, no AWS needed',
  usage: 'demo [--duration D] [--workload FILE] [options]',
  details: [
    'Runs examples/workload/workload.mjs: a fast API, a CPU-bound function, one that leaks memory and one that',
    'fails, times out and gets throttled, each in local worker processes that behave like Lambda execution',
    'environments, and shows them on the dashboard. `npm start` in a checkout runs this.',
  ].join('\n'),
  allowPositionals: false,
  flags: {
    duration: {
      type: 'string',
      valueName: 'D',
      description: 'stop sending invocations after D (default: run until q)',
    },
    workload: { type: 'string', valueName: 'FILE', description: 'another workload module shaped like the demo one' },
    ...DASHBOARD_FLAG_SPECS,
  },
  run: runDemo,
};
