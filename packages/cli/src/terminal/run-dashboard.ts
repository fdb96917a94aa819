import type { Readable, Writable } from 'node:stream';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import {
  createDashboardModel,
  type DashboardModelOptions,
  type DashboardSnapshot,
} from '../dashboard/dashboard-model.js';
import type { DashboardSource } from '../dashboard/dashboard-source.js';
import { type DashboardFrame, toDashboardView } from '../dashboard/dashboard-view.js';
import { type KeyContext, reduceKey } from '../dashboard/key-reducer.js';
import { createUiState, type UiState } from '../dashboard/ui-state.js';
import { createDashboardScreen, type DashboardScreen } from './dashboard-screen.js';
import { type CapturableStream, captureOutput, type OutputCapture } from './output-capture.js';
import { type TerminalOutput, toScreenOutput } from './screen-output.js';

/** At most four frames a second: enough to watch, cheap enough never to hold up the reading. */
export const FRAME_INTERVAL_MS = 250;
/** The reading yields to the event loop after this much uninterrupted work, so frames and keys get their turn. */
const INGEST_SLICE_MS = 20;

type Signal = 'SIGTERM' | 'SIGHUP' | 'SIGINT' | 'SIGQUIT';
/** 128 + the signal's number, as a shell reports a process the signal ended. */
const SIGNAL_EXIT_CODES: Readonly<Record<Signal, number>> = { SIGHUP: 129, SIGINT: 130, SIGQUIT: 131, SIGTERM: 143 };

/** Where signals and uncaught errors come from: the process, or a stand-in in tests. */
export interface ProcessEvents {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  removeListener(event: string, listener: (...args: unknown[]) => void): unknown;
}

export interface RunDashboardOptions {
  readonly source: DashboardSource;
  readonly model?: Omit<DashboardModelOptions, 'sourceLabel'> | undefined;
  readonly input?: Readable | undefined;
  readonly output?: TerminalOutput | undefined;
  /** Where the one-line reason goes after the terminal is restored (an error, a signal). */
  readonly errorOutput?: Writable | undefined;
  /** Streams whose stray writes are caught while the screen is up (default stdout and stderr). */
  readonly captured?: readonly CapturableStream[] | undefined;
  readonly processEvents?: ProcessEvents | undefined;
  readonly now?: (() => number) | undefined;
  readonly frameIntervalMs?: number | undefined;
}

export interface DashboardStats {
  readonly framesRendered: number;
  /** Ticks whose frame equalled the last one drawn: not drawn again. */
  readonly framesSkipped: number;
  /** Time spent building views and drawing them. */
  readonly renderMs: number;
  readonly slowestFrameMs: number;
  /** Log events the model ingested. */
  readonly events: number;
  /** Invocations too old for the window when they arrived: read but not counted. */
  readonly droppedInvocations: number;
}

export interface DashboardExit {
  readonly exitCode: number;
  /** Why it ended: `quit`, `SIGTERM`…, `error`, `source-error`. */
  readonly reason: string;
  readonly stats: DashboardStats;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The dashboard session: reads the source into the model, draws a frame at most every 250 ms (skipping frames equal
 * to the last), handles keys, and on every way out — q, Ctrl-C, SIGTERM, SIGHUP, an uncaught error, the source
 * failing — restores the terminal first, then prints the reason, then resolves with the exit code.
 */
export function runDashboard(options: RunDashboardOptions): Promise<DashboardExit> {
  const { source } = options;
  const input = options.input ?? process.stdin;
  const output: TerminalOutput = options.output ?? process.stdout;
  const errorOutput = options.errorOutput ?? process.stderr;
  const processEvents: ProcessEvents = options.processEvents ?? process;
  const now = options.now ?? Date.now;
  const frameIntervalMs = options.frameIntervalMs ?? FRAME_INTERVAL_MS;
  const model = createDashboardModel({ ...options.model, sourceLabel: source.label });

  let ui: UiState = createUiState();
  let snapshot: DashboardSnapshot | undefined;
  let frame: DashboardFrame | undefined;
  let lastDrawn = '';
  let lastFrameAt = Number.NEGATIVE_INFINITY;
  let frameTimer: NodeJS.Timeout | undefined;
  let tickTimer: NodeJS.Timeout | undefined;
  let finished = false;
  let framesRendered = 0;
  let framesSkipped = 0;
  let renderMs = 0;
  let slowestFrameMs = 0;
  let resolveExit: (exit: DashboardExit) => void = () => {};
  const exited = new Promise<DashboardExit>((resolve) => {
    resolveExit = resolve;
  });

  const capture: OutputCapture = captureOutput(options.captured ?? [process.stdout, process.stderr], (line) =>
    model.warn(`output: ${line}`),
  );
  let screen: DashboardScreen | undefined;

  const keyContext = (): KeyContext => frame?.keys ?? { functionNames: [], invocations: [], lineCount: 0, pageRows: 1 };

  const focusOf = (): string | undefined => (ui.screen === 'functions' ? undefined : ui.openFunction);

  function recompute(): void {
    model.settle(now());
    if (source.clock === 'wall' && !model.ended) model.advanceTo(now());
    model.observeSource(source.status?.(), source.throttles?.());
    if (!ui.paused || snapshot === undefined) snapshot = model.snapshot({ focus: focusOf() });
  }

  function draw(): void {
    frameTimer = undefined;
    if (finished || screen === undefined) return;
    const started = performance.now();
    snapshot ??= model.snapshot({ focus: focusOf() });
    frame = toDashboardView(snapshot, ui, screen.viewport());
    const serialised = JSON.stringify(frame.view);
    lastFrameAt = now();
    if (serialised === lastDrawn) {
      framesSkipped += 1;
    } else {
      screen.render(frame.view);
      lastDrawn = serialised;
      framesRendered += 1;
    }
    const elapsed = performance.now() - started;
    renderMs += elapsed;
    slowestFrameMs = Math.max(slowestFrameMs, elapsed);
  }

  /** A frame now if the last one is old enough, else at the next allowed moment: never more than 4 a second. */
  function requestFrame(): void {
    if (finished || frameTimer !== undefined) return;
    const wait = Math.max(0, lastFrameAt + frameIntervalMs - now());
    frameTimer = setTimeout(draw, wait);
  }

  function finish(exitCode: number, reason: string, message?: string): void {
    if (finished) return;
    finished = true;
    clearInterval(tickTimer);
    clearTimeout(frameTimer);
    for (const [event, listener] of listeners) processEvents.removeListener(event, listener);
    try {
      screen?.destroy();
    } finally {
      capture.restore();
    }
    if (message !== undefined) errorOutput.write(`${message}\n`);
    // The source may hold workers or sockets: let it go, without waiting on it to say goodbye.
    void Promise.resolve()
      .then(() => source.close?.())
      .catch(() => undefined);
    resolveExit({
      exitCode,
      reason,
      stats: {
        framesRendered,
        framesSkipped,
        renderMs,
        slowestFrameMs,
        events: model.events,
        droppedInvocations: model.droppedInvocations,
      },
    });
  }

  const onSignal = (signal: Signal) => (): void => finish(SIGNAL_EXIT_CODES[signal], signal);
  const onFatal = (error: unknown): void =>
    finish(1, 'error', `lambdatop: internal error: ${messageOf(error)} (please report it)`);
  const listeners: [string, (...args: unknown[]) => void][] = [
    ['SIGTERM', onSignal('SIGTERM')],
    ['SIGHUP', onSignal('SIGHUP')],
    ['SIGINT', onSignal('SIGINT')],
    ['SIGQUIT', onSignal('SIGQUIT')],
    ['uncaughtException', onFatal],
    ['unhandledRejection', onFatal],
  ];
  for (const [event, listener] of listeners) processEvents.on(event, listener);

  try {
    const write = capture.originalWrite(output as unknown as CapturableStream);
    screen = createDashboardScreen({
      input,
      output: write === undefined ? output : toScreenOutput(output, write),
      onKey(key) {
        ui = reduceKey(ui, key, keyContext());
        if (ui.quit) {
          finish(0, 'quit');
          return;
        }
        // Moving into or out of a drill-down changes what the snapshot must hold.
        if (!ui.paused) snapshot = model.snapshot({ focus: focusOf() });
        requestFrame();
      },
      onResize: requestFrame,
    });
  } catch (error) {
    finish(1, 'error', `lambdatop: cannot open the terminal: ${messageOf(error)}`);
    return exited;
  }

  tickTimer = setInterval(() => {
    recompute();
    requestFrame();
  }, frameIntervalMs);
  recompute();
  requestFrame();

  void (async () => {
    let sliceStart = performance.now();
    try {
      for await (const batch of source.batches) {
        if (finished) return;
        model.ingest(batch);
        if (performance.now() - sliceStart >= INGEST_SLICE_MS) {
          await yieldToEventLoop();
          sliceStart = performance.now();
        }
      }
      if (finished) return;
      model.end();
      recompute();
      requestFrame();
    } catch (error) {
      if (finished) return;
      model.end(messageOf(error));
      finish(1, 'source-error', `lambdatop: the source failed: ${messageOf(error)}`);
    }
  })();

  return exited;
}
