import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PushContext } from '../core/join/invocation-joiner.js';
import type { LogEvent } from '../core/log-event.js';
import { DASHBOARD_FLAG_SPECS, toDashboardOptions } from '../dashboard/dashboard-flags.js';
import type { DashboardSource, SourceBatch } from '../dashboard/dashboard-source.js';
import { AS_FAST_AS_POSSIBLE, createReplayPacer, RAW_LINES_PER_SECOND } from '../dashboard/replay-schedule.js';
import { UsageError } from '../errors.js';
import { INPUT_FORMATS } from '../sources/input-format.js';
import { openInput } from '../sources/open-input.js';
import { readLogEvents } from '../sources/read-log-events.js';
import type { Command, CommandContext, FlagValues } from './command.js';
import { choiceFlag, stringFlag } from './flag-values.js';
import { toInputName } from './report-command.js';

/** Events handed to the dashboard at once: small enough that a frame is never far away. */
const MAX_BATCH_EVENTS = 2_048;
/** The longest single wait, so quitting never waits on a long gap in the recording. */
const MAX_WAIT_MS = 250;

export interface ReplayInput {
  readonly label: string;
  readonly context: PushContext;
  readonly batches: AsyncIterable<readonly LogEvent[]>;
  /** Closes the file. */
  readonly close: () => void;
}

export interface ReplayOptions {
  readonly speed: number;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<unknown>;
  readonly warnings: readonly string[];
}

interface Head {
  readonly input: ReplayInput;
  readonly iterator: AsyncIterator<readonly LogEvent[]>;
  events: readonly LogEvent[];
  index: number;
  done: boolean;
}

function speedLabel(speed: number): string {
  return Number.isFinite(speed) ? `×${speed}` : '×max';
}

/**
 * Recorded logs as a dashboard source: every input read in order, merged across inputs by event time, each event
 * fed when its time comes (relative timing scaled by `speed`; lines without a time at RAW_LINES_PER_SECOND × speed).
 */
export function createReplaySource(inputs: readonly ReplayInput[], options: ReplayOptions): DashboardSource {
  let closed = false;
  const pacer = createReplayPacer({ speed: options.speed, startWallMs: options.now(), inputs: inputs.length });
  const heads: Head[] = inputs.map((input) => ({
    input,
    iterator: input.batches[Symbol.asyncIterator](),
    events: [],
    index: 0,
    done: false,
  }));

  async function* batches(): AsyncGenerator<SourceBatch> {
    for (;;) {
      for (const head of heads) {
        while (!head.done && head.index >= head.events.length && !closed) {
          const next = await head.iterator.next();
          if (next.done === true) head.done = true;
          else {
            head.events = next.value;
            head.index = 0;
          }
        }
      }
      if (closed) return;
      let best: { head: Head; input: number; dueMs: number } | undefined;
      heads.forEach((head, input) => {
        const event = head.events[head.index];
        if (event === undefined) return;
        const dueMs = pacer.dueAt(input, event.timestampMs);
        if (best === undefined || dueMs < best.dueMs) best = { head, input, dueMs };
      });
      if (best === undefined) return;
      const { head, input } = best;
      const waitMs = best.dueMs - options.now();
      if (waitMs > 0) {
        await options.sleep(Math.min(waitMs, MAX_WAIT_MS));
        continue;
      }
      const nowMs = options.now();
      const events: LogEvent[] = [];
      while (events.length < MAX_BATCH_EVENTS) {
        const event = head.events[head.index];
        if (event === undefined) break;
        const dueMs = pacer.dueAt(input, event.timestampMs);
        if (dueMs > nowMs) break;
        pacer.fed(input, dueMs);
        events.push(event);
        head.index += 1;
      }
      yield { events, context: head.input.context, timeMs: pacer.clockAt(nowMs) };
    }
  }

  return {
    label: `replay ${inputs.map((input) => input.label).join(', ')}`,
    clock: 'events',
    batches: batches(),
    status: () => ({ mode: 'replay', figures: 'exact', warnings: options.warnings, detail: speedLabel(options.speed) }),
    async close() {
      closed = true;
      for (const input of inputs) input.close();
    },
  };
}

function parseSpeed(flags: FlagValues): number {
  const text = stringFlag(flags, 'speed');
  if (text === undefined) return 1;
  if (text.trim().toLowerCase() === 'max') return AS_FAST_AS_POSSIBLE;
  const speed = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(speed) || speed <= 0) {
    throw new UsageError(`--speed ${JSON.stringify(text)} is not a positive number or max; for example --speed 10`);
  }
  return speed;
}

async function runReplay({ flags, positionals, io }: CommandContext): Promise<number> {
  const speed = parseSpeed(flags);
  const dashboardOptions = toDashboardOptions(flags);
  const inputFormat = choiceFlag(flags, 'input-format', INPUT_FORMATS);
  const functionName = stringFlag(flags, 'function');
  if (positionals.length === 0) throw new UsageError('give the log files to replay: lambdatop replay FILE...');
  if (positionals.includes('-')) {
    throw new UsageError('replay reads files, not stdin (the keyboard needs it); save the pipe to a file first');
  }
  const { assertTerminal, openDashboard } = await import('../terminal/open-dashboard.js');
  const warnings: string[] = [];
  const streams: Readable[] = [];
  try {
    // A missing file is named before the lack of a terminal: it is the first thing to fix.
    for (const path of positionals) streams.push(await openInput(path, io.stdin));
    assertTerminal(io, 'for figures on stdout use `lambdatop report FILE...`');
  } catch (error) {
    for (const stream of streams) stream.destroy();
    throw error;
  }
  const inputs: ReplayInput[] = positionals.map((path, index) => {
    const stream = streams[index] as Readable;
    return {
      label: toInputName(path),
      context: { functionName, inputName: toInputName(path) },
      batches: readLogEvents(stream, path, { format: inputFormat, onWarning: (message) => warnings.push(message) }),
      close: () => stream.destroy(),
    };
  });
  const source = createReplaySource(inputs, { speed, now: io.now, sleep, warnings });
  return openDashboard(source, io, dashboardOptions);
}

export const replayCommand: Command = {
  name: 'replay',
  summary: 'The dashboard on recorded logs, replayed with their timing (faster with --speed)',
  usage: 'replay FILE... [--speed N] [options]',
  details: [
    'Reads every input format of `lambdatop report` (gzip or not): raw Lambda log lines, `aws logs tail` and',
    '`sam logs` output, filter-log-events JSON, JSON lines. Events keep their relative timing, scaled by --speed,',
    `merged across files by time. Raw lines carry no time: they are fed at ${RAW_LINES_PER_SECOND} lines per second`,
    '(× speed) and counted at the replay clock. When the recording ends the dashboard stays on its final state,',
    'marked ENDED, until you press q.',
    '',
    'Examples:',
    '  lambdatop replay orders.log.gz --speed 10',
    '  lambdatop replay events.json --speed max',
  ].join('\n'),
  allowPositionals: true,
  flags: {
    speed: { type: 'string', valueName: 'N', description: 'replay N times faster (0.5 slower), or max (default 1)' },
    function: { type: 'string', valueName: 'NAME', description: 'names raw lines that do not say which function' },
    'input-format': {
      type: 'string',
      valueName: 'FORMAT',
      description: `skip detection: ${INPUT_FORMATS.join(', ')}`,
    },
    ...DASHBOARD_FLAG_SPECS,
  },
  run: runReplay,
};
