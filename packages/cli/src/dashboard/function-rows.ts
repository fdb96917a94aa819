import type { DashboardSnapshot, FunctionSnapshot } from './dashboard-model.js';

/** The advice column: one word per function. */
export type AdviceWord = 'leak' | 'increase' | 'decrease' | 'keep' | '–';

/** One row of the functions table, as numbers: sorting works on these, the view formats them. */
export interface FunctionRow {
  readonly name: string;
  readonly invocations: number;
  /** Over the part of the window that holds data. */
  readonly invocationsPerMinute: number | undefined;
  readonly errors: number;
  readonly timeouts: number;
  /** Undefined when the source cannot know. */
  readonly throttles: number | undefined;
  readonly coldStartShare: number | undefined;
  readonly p50Ms: number | undefined;
  readonly p99Ms: number | undefined;
  readonly maxMs: number | undefined;
  readonly maxMemoryUsedMb: number | undefined;
  readonly memorySizeMb: number | undefined;
  /** Max Memory Used ÷ Memory Size at the current size. */
  readonly memoryShare: number | undefined;
  readonly costPerHourUsd: number | undefined;
  readonly advice: AdviceWord;
}

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
/** Rates over less than this would jump about at the start of a stream. */
const MIN_RATE_SPAN_MS = 1_000;

export function toAdviceWord(entry: FunctionSnapshot): AdviceWord {
  if (entry.report.memoryGrowth.length > 0) return 'leak';
  const action = entry.report.advice.memory.action;
  return action === 'none' ? '–' : action;
}

export function toFunctionRow(entry: FunctionSnapshot, spanMs: number | undefined): FunctionRow {
  const { report } = entry;
  const rateSpanMs = spanMs === undefined ? undefined : Math.max(MIN_RATE_SPAN_MS, spanMs);
  const memory = report.maxMemoryUsedMB;
  return {
    name: entry.name,
    invocations: report.invocations,
    invocationsPerMinute: rateSpanMs === undefined ? undefined : (report.invocations / rateSpanMs) * MS_PER_MINUTE,
    errors: report.errors,
    timeouts: report.timeouts,
    throttles: entry.throttles,
    coldStartShare: report.coldStartShare ?? undefined,
    p50Ms: report.durationMs?.p50,
    p99Ms: report.durationMs?.p99,
    maxMs: report.durationMs?.max,
    maxMemoryUsedMb: memory?.maxAtCurrentSize ?? memory?.max,
    memorySizeMb: report.memorySizeMB ?? undefined,
    memoryShare: memory?.utilisation ?? undefined,
    costPerHourUsd:
      report.cost === null || rateSpanMs === undefined ? undefined : (report.cost.totalUSD / rateSpanMs) * MS_PER_HOUR,
    advice: toAdviceWord(entry),
  };
}

export function toFunctionRows(snapshot: DashboardSnapshot): FunctionRow[] {
  return snapshot.functions.map((entry) => toFunctionRow(entry, snapshot.spanMs));
}
