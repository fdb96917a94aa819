import type { InitReportFact, InvocationRecord } from '../core/join/invocation-record.js';
import type { MemoryGrowth } from '../core/stats/environment-growth.js';
import { DEFAULT_SKETCH_RELATIVE_ACCURACY } from '../core/stats/quantile-sketch.js';
import { EnvironmentTable } from './environment-table.js';
import { type BucketLimits, FunctionBucket } from './window-bucket.js';

export interface DashboardWindowOptions {
  /** Width of one time bucket: one point of the charts (default 5 s). */
  readonly bucketMs?: number;
  /** The sliding window the table and charts cover, a whole number of buckets (default 5 min). */
  readonly windowMs?: number;
  /** Invocations kept whole per bucket for the drill-down lists (default 3 slowest, 3 failed). */
  readonly slowestPerBucket?: number;
  readonly failedPerBucket?: number;
  /** Execution environments remembered per function (default 64). */
  readonly environmentsPerFunction?: number;
  readonly relativeAccuracy?: number;
}

export interface AddResult {
  /** False when the invocation ended before the window (or had no time at all): not counted. */
  readonly counted: boolean;
  readonly timeMs: number | undefined;
  /** Set the first time the invocation's environment looks like it leaks memory. */
  readonly leak: MemoryGrowth | undefined;
}

/**
 * The dashboard's sliding window: per function, time buckets of counters and quantile sketches (per memory size),
 * the few invocations the drill-down lists, and the recent execution environments. Memory is bounded by
 * functions × buckets × memory sizes, however long the stream runs. Unlike the report's aggregator, its clock can
 * move without invocations (`advanceTo`), so a function that went quiet fades out on a live source.
 */
export interface DashboardWindow {
  readonly bucketMs: number;
  readonly windowMs: number;
  readonly bucketCount: number;
  /** Counts an invocation at its end time, else `fallbackTimeMs` (a replay clock), else the newest time seen. */
  add(record: InvocationRecord, fallbackTimeMs?: number): AddResult;
  addInitReport(fact: InitReportFact, fallbackTimeMs?: number): void;
  /** Throttled invocations (from outside the logs) counted at `timeMs`, else the newest time seen. */
  addThrottles(functionName: string, count: number, timeMs?: number): void;
  /** Moves the window's end forward (never back) without an invocation. */
  advanceTo(timeMs: number): void;
  /** The window's end: the newest time seen or advanced to. */
  latestMs(): number | undefined;
  /** When the first counted invocation started: rates never divide by time before the data began. */
  firstMs(): number | undefined;
  /** Functions with anything in the window, by name. */
  functionNames(): string[];
  /** The function's buckets, oldest first, `bucketCount` of them; undefined where nothing happened. */
  buckets(functionName: string): readonly (FunctionBucket | undefined)[];
  environments(functionName: string): EnvironmentTable | undefined;
  /** Invocations that ended before the window when they arrived (or carried no time): not counted. */
  readonly dropped: number;
}

interface FunctionState {
  readonly buckets: Map<number, FunctionBucket>;
  readonly environments: EnvironmentTable;
}

export function createDashboardWindow(options: DashboardWindowOptions = {}): DashboardWindow {
  const bucketMs = options.bucketMs ?? 5_000;
  if (!(bucketMs > 0) || !Number.isFinite(bucketMs)) throw new TypeError(`bucketMs must be positive, got ${bucketMs}`);
  const bucketCount = Math.max(1, Math.round((options.windowMs ?? 300_000) / bucketMs));
  const windowMs = bucketCount * bucketMs;
  const limits: BucketLimits = {
    slowest: options.slowestPerBucket ?? 3,
    failed: options.failedPerBucket ?? 3,
    relativeAccuracy: options.relativeAccuracy ?? DEFAULT_SKETCH_RELATIVE_ACCURACY,
  };
  const environmentsPerFunction = options.environmentsPerFunction ?? 64;
  const functions = new Map<string, FunctionState>();
  let newestIndex: number | undefined;
  let newestMs: number | undefined;
  let firstMs: number | undefined;
  let dropped = 0;

  const oldestKeptIndex = (): number => (newestIndex ?? 0) - bucketCount + 1;

  const moveTo = (timeMs: number): void => {
    if (newestMs === undefined || timeMs > newestMs) newestMs = timeMs;
    const index = Math.floor(timeMs / bucketMs);
    if (newestIndex !== undefined && index <= newestIndex) return;
    newestIndex = index;
    const oldest = oldestKeptIndex();
    for (const [name, state] of functions) {
      for (const bucketIndex of state.buckets.keys()) if (bucketIndex < oldest) state.buckets.delete(bucketIndex);
      state.environments.evictBefore(oldest * bucketMs);
      if (state.buckets.size === 0) functions.delete(name);
    }
  };

  /** The bucket for `timeMs`, or undefined when that time is already out of the window. */
  const bucketFor = (
    functionName: string,
    timeMs: number,
  ): { bucket: FunctionBucket; state: FunctionState } | undefined => {
    const index = Math.floor(timeMs / bucketMs);
    if (newestIndex !== undefined && index < oldestKeptIndex()) return undefined;
    moveTo(timeMs);
    let state = functions.get(functionName);
    if (state === undefined) {
      state = { buckets: new Map(), environments: new EnvironmentTable(environmentsPerFunction) };
      functions.set(functionName, state);
    }
    let bucket = state.buckets.get(index);
    if (bucket === undefined) {
      bucket = new FunctionBucket(index, limits);
      state.buckets.set(index, bucket);
    }
    return { bucket, state };
  };

  return {
    bucketMs,
    windowMs,
    bucketCount,
    add(record, fallbackTimeMs) {
      const timeMs = record.endMs ?? fallbackTimeMs ?? newestMs;
      const found =
        timeMs === undefined || !Number.isFinite(timeMs) ? undefined : bucketFor(record.functionName, timeMs);
      if (found === undefined || timeMs === undefined) {
        dropped += 1;
        return { counted: false, timeMs, leak: undefined };
      }
      found.bucket.add(record, timeMs);
      const startMs = found.bucket.firstMs ?? timeMs;
      if (firstMs === undefined || startMs < firstMs) firstMs = startMs;
      return { counted: true, timeMs, leak: found.state.environments.add(record, timeMs) };
    },
    addInitReport(fact, fallbackTimeMs) {
      const timeMs = fact.timeMs ?? fallbackTimeMs ?? newestMs;
      if (timeMs === undefined) return;
      const bucket = bucketFor(fact.functionName, timeMs)?.bucket;
      if (bucket === undefined) return;
      bucket.inits.add(fact);
    },
    addThrottles(functionName, count, timeMs) {
      const at = timeMs ?? newestMs;
      if (at === undefined || !(count > 0)) return;
      const bucket = bucketFor(functionName, at)?.bucket;
      if (bucket !== undefined) bucket.throttles += count;
    },
    advanceTo(timeMs) {
      if (Number.isFinite(timeMs)) moveTo(timeMs);
    },
    latestMs: () => newestMs,
    firstMs: () => firstMs,
    functionNames: () => [...functions.keys()].sort((left, right) => left.localeCompare(right)),
    buckets(functionName) {
      const state = functions.get(functionName);
      if (state === undefined || newestIndex === undefined) return [];
      const out: (FunctionBucket | undefined)[] = [];
      for (let index = oldestKeptIndex(); index <= newestIndex; index += 1) out.push(state.buckets.get(index));
      return out;
    },
    environments: (functionName) => functions.get(functionName)?.environments,
    get dropped() {
      return dropped;
    },
  };
}
