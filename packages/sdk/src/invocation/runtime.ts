import { AsyncLocalStorage } from 'node:async_hooks';
import { WarningCounter } from '../diagnostics/warning-counter.js';
import type { Instrument } from '../instrument/instrument.js';
import { createFdWriter, type LineWriter } from '../output/create-fd-writer.js';
import { createLineCoalescer, type LineCoalescer } from '../output/create-line-coalescer.js';
import { writeSync } from '../util/node-fs.js';
import { createPeakRssReader } from './create-peak-rss-reader.js';
import type { Invocation } from './invocation.js';
import type { Observer } from './observer.js';

/** What every copy of the SDK in one process must see alike: the main entry and `/middy` are separate bundles. */
export interface SharedState {
  /**
   * The invocation each piece of async work belongs to. Lambda Managed Instances run several invocations in one
   * process at once, so per-invocation state lives here, never in module variables.
   */
  readonly invocations: AsyncLocalStorage<Invocation>;
  /** The Observer created last; lines written outside any invocation go through its logger. */
  lastObserver: Observer | undefined;
}

// A copy touches another copy's invocations only through their public members (view, context, ended, logger(), …).
const SHARED_STATE = Symbol.for('lambdatop.sdk.shared-state');

function sharedStateOf(): SharedState {
  const slot = globalThis as { [SHARED_STATE]?: SharedState };
  slot[SHARED_STATE] ??= { invocations: new AsyncLocalStorage<Invocation>(), lastObserver: undefined };
  return slot[SHARED_STATE];
}

export const sharedState: SharedState = sharedStateOf();

export const invocationStore: AsyncLocalStorage<Invocation> = sharedState.invocations;

/** Process-wide facts shared by every copy of the SDK loaded in one process (bundles can carry a second copy). */
export interface ProcessState {
  coldStartClaimed: boolean;
}

/**
 * Everything the wrapper touches outside itself, passed in so tests swap a clock or a writer without mocks.
 * `defaultRuntime()` is what Lambda gets.
 */
export interface Runtime {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Writes complete lines: at once, or queued between `hold` and `flush`. */
  readonly write: LineWriter;
  /** Queues the lines of the wrapper's epilogue (error line, EMF document, timeout warning) for one write. */
  readonly hold: () => void;
  /** Writes every queued line now and stops holding: at the end of an invocation and of the pre-timeout flush. */
  readonly flush: () => void;
  /** Wall clock, epoch ms (EMF timestamps). */
  readonly epochMs: () => number;
  /** Monotonic ms since the process started (`performance.now()`), for durations and the init time. */
  readonly monotonicMs: () => number;
  /** The process's peak resident set so far, KB. */
  readonly maxRssKb: () => number;
  /** This invocation's X-Ray header, from Lambda's per-invocation store when present (right under concurrency). */
  readonly traceHeader: () => string | undefined;
  readonly processState: ProcessState;
  readonly warnings: WarningCounter;
  readonly instruments: readonly Instrument[];
}

const PROCESS_STATE = Symbol.for('lambdatop.sdk.process-state');

function sharedProcessState(): ProcessState {
  const slot = globalThis as { [PROCESS_STATE]?: ProcessState };
  slot[PROCESS_STATE] ??= { coldStartClaimed: false };
  return slot[PROCESS_STATE];
}

interface InvokeStoreLike {
  getXRayTraceId?(): unknown;
}

function lambdaTraceHeader(): string | undefined {
  const store = (globalThis as { awslambda?: { InvokeStore?: InvokeStoreLike } }).awslambda?.InvokeStore;
  const fromStore = store?.getXRayTraceId?.();
  if (typeof fromStore === 'string' && fromStore !== '') return fromStore;
  return process.env._X_AMZN_TRACE_ID || undefined;
}

const processWarnings = new WarningCounter();
let stdout: LineCoalescer | undefined;

/** Stdout is where every other report goes, so its own failure is said once on stderr. */
function reportStdoutFailure(error: unknown): void {
  if (!processWarnings.count('stdout-write-failed')) return;
  try {
    const code = (error as { code?: unknown } | null)?.code;
    writeSync(
      2,
      `lambdatop: writing telemetry to stdout failed (${String(code ?? error)}); metrics and logs are being lost\n`,
    );
  } catch {
    // Both stdout and stderr are gone: nothing is left to tell.
  }
}

function stdoutLines(): LineCoalescer {
  if (stdout === undefined) {
    stdout = createLineCoalescer(createFdWriter(1, reportStdoutFailure));
  }
  return stdout;
}

// Back-to-back invocations within this long share one peak-RSS reading (see createPeakRssReader).
const PEAK_RSS_MAX_AGE_MS = 10;

let peakRssKb: (() => number) | undefined;

function sharedPeakRssKb(): () => number {
  peakRssKb ??= createPeakRssReader(
    () => process.resourceUsage().maxRSS,
    () => performance.now(),
    PEAK_RSS_MAX_AGE_MS,
  );
  return peakRssKb;
}

export function defaultRuntime(instruments: readonly Instrument[] = []): Runtime {
  const lines = stdoutLines();
  return {
    env: process.env,
    write: lines.write,
    hold: lines.hold,
    flush: lines.flush,
    epochMs: Date.now,
    monotonicMs: () => performance.now(),
    maxRssKb: sharedPeakRssKb(),
    traceHeader: lambdaTraceHeader,
    processState: sharedProcessState(),
    warnings: processWarnings,
    instruments,
  };
}
