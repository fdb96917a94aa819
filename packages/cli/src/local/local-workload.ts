import { performance } from 'node:perf_hooks';
import type { LogEvent } from '../core/log-event.js';
import { type ArrivalPattern, toArrivalGapMs } from './arrival-schedule.js';
import { createEventBuffer } from './event-buffer.js';
import { INVOKE_OUTCOME_KINDS, type InvokeOutcome, type InvokeOutcomeKind } from './invoke-outcome.js';
import { createLocalFunction, type LocalFunction } from './local-function.js';

export interface WorkloadFunction {
  readonly name: string;
  readonly handlerPath: string;
  readonly handlerExport?: string | undefined;
  readonly memorySizeMb: number;
  readonly timeoutMs: number;
  /** Every invocation's payload, unless `eventFactory` is given. */
  readonly event?: unknown;
  /** Builds each invocation's payload; `sequence` counts from 0 for each function. */
  readonly eventFactory?: ((sequence: number) => unknown) | undefined;
  /** Average arrivals per second; 0 for none. */
  readonly ratePerSecond: number;
  /** Overrides the workload's `maxEnvironments` for this function (its reserved concurrency). */
  readonly maxEnvironments?: number | undefined;
  readonly environment?: Readonly<Record<string, string>> | undefined;
}

export interface LocalWorkloadOptions {
  readonly functions: readonly WorkloadFunction[];
  /** Arrivals stop after this long, then the running invocations finish; without it, run until stopped. */
  readonly durationMs?: number | undefined;
  /** Per function: at most this many environments, beyond which invocations are throttled. */
  readonly maxEnvironments?: number | undefined;
  /** An environment idle this long shuts down, so cold starts recur in a long run. Default 60 s. */
  readonly idleTimeoutMs?: number | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Default `poisson`. */
  readonly arrivals?: ArrivalPattern | undefined;
  /** Log events held for a slow consumer before new ones are dropped (and counted). Default 65,536. */
  readonly bufferCapacity?: number | undefined;
  readonly random?: (() => number) | undefined;
  readonly region?: string | undefined;
  readonly workerPath?: string | undefined;
}

export type OutcomeCounts = Readonly<Record<InvokeOutcomeKind, number>>;

export interface WorkloadFunctionStats {
  readonly invocations: number;
  readonly outcomes: OutcomeCounts;
  readonly coldStarts: number;
}

export interface WorkloadStats {
  /** Arrivals that became invocations (throttled ones included). */
  readonly invocations: number;
  readonly throttles: number;
  readonly inFlight: number;
  readonly coldStarts: number;
  readonly outcomes: OutcomeCounts;
  /** Arrivals skipped because the event factory threw or built a payload that is not JSON. */
  readonly skippedArrivals: number;
  /** Log events dropped because the consumer fell behind by a full buffer. */
  readonly droppedEvents: number;
  readonly functions: Readonly<Record<string, WorkloadFunctionStats>>;
  readonly ended: boolean;
}

/** The stream of every log event the workload's functions produce, plus live counts. Iterate it once. */
export interface LocalWorkload extends AsyncIterable<LogEvent> {
  stats(): WorkloadStats;
  /** Process ids of the live workers, every function's. */
  workerPids(): number[];
  /** Stops arrivals and ends every worker now (running invocations end as `closed`), then ends the stream. */
  stop(): Promise<void>;
  /** Settles when the workload is over: the duration passed and the invocations then running finished, or stop(). */
  readonly finished: Promise<WorkloadStats>;
}

const DEFAULT_WORKLOAD_IDLE_TIMEOUT_MS = 60_000;
const DEFAULT_BUFFER_CAPACITY = 65_536;
/** Arrivals more than this late (a stalled event loop) are not all fired at once; the schedule restarts from now. */
const MAX_ARRIVAL_LAG_MS = 1_000;

interface Entry {
  readonly spec: WorkloadFunction;
  readonly fn: LocalFunction;
  sequence: number;
  nextAtMs: number;
  timer: NodeJS.Timeout | undefined;
  invocations: number;
  coldStarts: number;
  readonly outcomes: Record<InvokeOutcomeKind, number>;
}

function zeroCounts(): Record<InvokeOutcomeKind, number> {
  return Object.fromEntries(INVOKE_OUTCOME_KINDS.map((kind) => [kind, 0])) as Record<InvokeOutcomeKind, number>;
}

function validate(options: LocalWorkloadOptions): void {
  if (!Array.isArray(options.functions) || options.functions.length === 0) {
    throw new TypeError('local workload: give at least one function');
  }
  const names = new Set<string>();
  for (const spec of options.functions) {
    if (names.has(spec.name)) throw new TypeError(`local workload: function name ${spec.name} appears twice`);
    names.add(spec.name);
    if (typeof spec.ratePerSecond !== 'number' || !Number.isFinite(spec.ratePerSecond) || spec.ratePerSecond < 0) {
      throw new TypeError(
        `local workload: ${spec.name}: ratePerSecond must be a number ≥ 0, got ${spec.ratePerSecond}`,
      );
    }
  }
  const { durationMs } = options;
  if (durationMs !== undefined && (!Number.isFinite(durationMs) || durationMs <= 0)) {
    throw new TypeError(`local workload: durationMs must be above 0, got ${durationMs}`);
  }
}

function createEntries(options: LocalWorkloadOptions): Entry[] {
  const entries: Entry[] = [];
  try {
    for (const spec of options.functions) {
      const fn = createLocalFunction(
        {
          name: spec.name,
          handlerPath: spec.handlerPath,
          handlerExport: spec.handlerExport,
          memorySizeMb: spec.memorySizeMb,
          timeoutMs: spec.timeoutMs,
          maxEnvironments: spec.maxEnvironments ?? options.maxEnvironments,
          idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_WORKLOAD_IDLE_TIMEOUT_MS,
          region: options.region,
          environment: spec.environment,
        },
        options.workerPath === undefined ? {} : { workerPath: options.workerPath },
      );
      entries.push({
        spec,
        fn,
        sequence: 0,
        nextAtMs: 0,
        timer: undefined,
        invocations: 0,
        coldStarts: 0,
        outcomes: zeroCounts(),
      });
    }
  } catch (error) {
    // Nothing has been forked yet: environments start on the first invocation.
    for (const entry of entries) void entry.fn.close();
    throw error;
  }
  return entries;
}

/**
 * Invokes each function at its rate in local execution environments and yields every log line they
 * produce, as CloudWatch would hold them. Arrivals never wait for a slow consumer: see `bufferCapacity`.
 */
export function runLocalWorkload(options: LocalWorkloadOptions): LocalWorkload {
  validate(options);
  const pattern = options.arrivals ?? 'poisson';
  const random = options.random ?? Math.random;
  const entries = createEntries(options);
  const buffer = createEventBuffer<LogEvent>(options.bufferCapacity ?? DEFAULT_BUFFER_CAPACITY, () => {
    void stop();
  });
  const inFlight = new Set<Promise<void>>();
  const startedAtMs = performance.now();
  let arrivalsOpen = true;
  let skippedArrivals = 0;
  let ended = false;
  let durationTimer: NodeJS.Timeout | undefined;
  let closing: Promise<void> | undefined;
  let finishing: Promise<void> | undefined;
  let resolveFinished: (stats: WorkloadStats) => void = () => {};
  const finished = new Promise<WorkloadStats>((resolve) => {
    resolveFinished = resolve;
  });

  const stats = (): WorkloadStats => {
    const outcomes = zeroCounts();
    const functions: Record<string, WorkloadFunctionStats> = {};
    let invocations = 0;
    let coldStarts = 0;
    for (const entry of entries) {
      invocations += entry.invocations;
      coldStarts += entry.coldStarts;
      for (const kind of INVOKE_OUTCOME_KINDS) outcomes[kind] += entry.outcomes[kind];
      functions[entry.spec.name] = {
        invocations: entry.invocations,
        outcomes: { ...entry.outcomes },
        coldStarts: entry.coldStarts,
      };
    }
    return {
      invocations,
      throttles: outcomes.throttled,
      inFlight: inFlight.size,
      coldStarts,
      outcomes,
      skippedArrivals,
      droppedEvents: buffer.dropped(),
      functions,
      ended,
    };
  };

  const record = (entry: Entry, outcome: InvokeOutcome): void => {
    entry.outcomes[outcome.kind] += 1;
    if (outcome.cold) entry.coldStarts += 1;
  };

  const fire = (entry: Entry): void => {
    const sequence = entry.sequence;
    entry.sequence += 1;
    let event: unknown;
    try {
      event = entry.spec.eventFactory === undefined ? entry.spec.event : entry.spec.eventFactory(sequence);
    } catch {
      skippedArrivals += 1;
      return;
    }
    entry.invocations += 1;
    const running = entry.fn.invoke(event).then(
      (outcome) => record(entry, outcome),
      () => {
        entry.invocations -= 1;
        skippedArrivals += 1;
      },
    );
    inFlight.add(running);
    void running.finally(() => inFlight.delete(running));
  };

  const scheduleNext = (entry: Entry): void => {
    if (!arrivalsOpen || entry.spec.ratePerSecond === 0) return;
    entry.nextAtMs += toArrivalGapMs(pattern, entry.spec.ratePerSecond, random);
    entry.timer = setTimeout(() => onArrival(entry), Math.max(0, entry.nextAtMs - performance.now()));
  };

  const onArrival = (entry: Entry): void => {
    if (!arrivalsOpen) return;
    const nowMs = performance.now();
    if (nowMs - entry.nextAtMs > MAX_ARRIVAL_LAG_MS) entry.nextAtMs = nowMs;
    fire(entry);
    scheduleNext(entry);
  };

  const closeFunctions = (): Promise<void> => {
    closing ??= Promise.all(entries.map((entry) => entry.fn.close())).then(() => {});
    return closing;
  };

  const onAbort = (): void => {
    void stop();
  };

  /** A stalled event loop may run the end of the run before arrivals it owed: fire those now, in order. */
  const fireOverdueArrivals = (endAtMs: number): void => {
    for (const entry of entries) {
      if (entry.spec.ratePerSecond === 0) continue;
      while (entry.nextAtMs <= endAtMs) {
        fire(entry);
        entry.nextAtMs += toArrivalGapMs(pattern, entry.spec.ratePerSecond, random);
      }
    }
  };

  const finish = (immediately: boolean): Promise<void> => {
    if (!immediately && arrivalsOpen && options.durationMs !== undefined) {
      fireOverdueArrivals(startedAtMs + options.durationMs);
    }
    arrivalsOpen = false;
    clearTimeout(durationTimer);
    for (const entry of entries) clearTimeout(entry.timer);
    if (immediately) void closeFunctions();
    finishing ??= (async () => {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
      await closeFunctions();
      options.signal?.removeEventListener('abort', onAbort);
      ended = true;
      buffer.end();
      resolveFinished(stats());
    })();
    return finishing;
  };

  const stop = (): Promise<void> => finish(true);

  for (const entry of entries) entry.fn.onLogEvent((event) => buffer.push(event));
  for (const entry of entries) {
    entry.nextAtMs = startedAtMs;
    scheduleNext(entry);
  }
  if (options.durationMs !== undefined) durationTimer = setTimeout(() => void finish(false), options.durationMs);
  if (options.signal?.aborted === true) void stop();
  else options.signal?.addEventListener('abort', onAbort, { once: true });

  return {
    [Symbol.asyncIterator]: () => buffer[Symbol.asyncIterator](),
    stats,
    workerPids: () => entries.flatMap((entry) => entry.fn.workerPids()),
    stop,
    finished,
  };
}
