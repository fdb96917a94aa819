import { costPerInvocation } from '../pricing/invocation-cost.js';
import type { LambdaPrices } from '../pricing/lambda-prices.js';
import type { ConfigStats } from '../stats/function-stats.js';

/** Sizes with fewer invocations than this are shown but not picked from. */
export const MIN_TRADEOFF_INVOCATIONS = 10;
/** A size that timed out more often than this is shown but not picked from (one stray timeout is not the size's fault). */
export const MAX_TRADEOFF_TIMEOUT_SHARE = 0.01;
/** Lambda Power Tuning's default weight between cost and speed for its `balanced` strategy. */
export const BALANCED_COST_WEIGHT = 0.5;

export interface TradeoffRow {
  readonly memorySizeMB: number;
  readonly invocations: number;
  readonly durationMs: { readonly mean: number; readonly p50: number; readonly p99: number };
  readonly billedDurationMs: { readonly mean: number; readonly trimmedMean: number | null };
  readonly perInvocationUSD: number;
  readonly per1kInvocationsUSD: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly outOfMemory: number;
  /** False when the size ran out of memory, timed out more than 1 % of the time, or ran too few times. */
  readonly eligible: boolean;
  readonly note: string | null;
}

export interface TradeoffDelta {
  readonly from: 'cheapest' | 'fastest' | 'balanced';
  readonly to: 'cheapest' | 'fastest' | 'balanced';
  readonly per1kInvocationsUSD: number;
  readonly durationMs: number;
}

export interface TradeoffAdvice {
  readonly cheapestMB: number;
  readonly fastestMB: number;
  readonly balancedMB: number;
  readonly rows: readonly TradeoffRow[];
  readonly deltas: readonly TradeoffDelta[];
  readonly basis: string;
}

function toRow(config: ConfigStats, prices: LambdaPrices): TradeoffRow | undefined {
  const memorySizeMB = config.memorySizeMb;
  const duration = config.duration;
  const billed = config.billedDuration;
  if (memorySizeMB === undefined || duration === undefined || billed === undefined || config.pricedInvocations === 0) {
    return undefined;
  }
  // The exact mean of what was billed, SnapStart restores included.
  const meanBilledMs = (config.billedGbSeconds / config.pricedInvocations / (memorySizeMB / 1024)) * 1000;
  const perInvocationUSD = costPerInvocation(meanBilledMs, memorySizeMB, prices);
  const notes: string[] = [];
  if (config.invocations < MIN_TRADEOFF_INVOCATIONS) notes.push(`only ${config.invocations} invocations`);
  if (config.outOfMemory > 0) notes.push(`${config.outOfMemory} out of memory`);
  if (config.timeouts > 0) notes.push(`${config.timeouts} timed out`);
  const disqualified =
    config.invocations < MIN_TRADEOFF_INVOCATIONS ||
    config.outOfMemory > 0 ||
    config.timeouts / config.invocations > MAX_TRADEOFF_TIMEOUT_SHARE;
  return {
    memorySizeMB,
    invocations: config.invocations,
    durationMs: { mean: duration.mean, p50: duration.p50, p99: duration.p99 },
    billedDurationMs: { mean: billed.mean, trimmedMean: config.billedDurationTrimmedMeanMs ?? null },
    perInvocationUSD,
    per1kInvocationsUSD: perInvocationUSD * 1000,
    errors: config.errors,
    timeouts: config.timeouts,
    outOfMemory: config.outOfMemory,
    eligible: !disqualified,
    note: notes.length === 0 ? null : notes.join(', '),
  };
}

function pick(
  rows: readonly TradeoffRow[],
  score: (row: TradeoffRow) => number,
  tie: (row: TradeoffRow) => number,
): TradeoffRow {
  return rows.reduce((best, row) => {
    const difference = score(row) - score(best);
    const relative = difference / Math.max(Math.abs(score(best)), Number.MIN_VALUE);
    if (relative < -1e-9) return row;
    if (Math.abs(relative) <= 1e-9 && tie(row) < tie(best)) return row;
    return best;
  });
}

/**
 * When one function ran at several memory sizes, the cost/speed table across them and Lambda Power Tuning's three
 * choices: cheapest (ties to the faster), fastest (ties to the cheaper), balanced (minimises
 * w·cost/maxCost + (1−w)·duration/maxDuration). Speed is the mean duration, with p50 and p99 beside it.
 * Null with fewer than two sizes, or when no size qualifies.
 */
export function adviseTradeoff(configs: readonly ConfigStats[], prices: LambdaPrices): TradeoffAdvice | null {
  const rows = configs
    .map((config) => toRow(config, prices))
    .filter((row): row is TradeoffRow => row !== undefined)
    .sort((left, right) => left.memorySizeMB - right.memorySizeMB);
  const eligible = rows.filter((row) => row.eligible);
  if (rows.length < 2 || eligible.length === 0) return null;
  const cost = (row: TradeoffRow): number => row.perInvocationUSD;
  const speed = (row: TradeoffRow): number => row.durationMs.mean;
  const maxCost = Math.max(...eligible.map(cost));
  const maxSpeed = Math.max(...eligible.map(speed));
  const balancedScore = (row: TradeoffRow): number =>
    BALANCED_COST_WEIGHT * (cost(row) / maxCost) + (1 - BALANCED_COST_WEIGHT) * (speed(row) / maxSpeed);
  const cheapest = pick(eligible, cost, speed);
  const fastest = pick(eligible, speed, cost);
  const balanced = pick(eligible, balancedScore, cost);
  const delta = (from: TradeoffDelta['from'], fromRow: TradeoffRow, to: TradeoffDelta['to'], toRow: TradeoffRow) => ({
    from,
    to,
    per1kInvocationsUSD: toRow.per1kInvocationsUSD - fromRow.per1kInvocationsUSD,
    durationMs: toRow.durationMs.mean - fromRow.durationMs.mean,
  });
  return {
    cheapestMB: cheapest.memorySizeMB,
    fastestMB: fastest.memorySizeMB,
    balancedMB: balanced.memorySizeMB,
    rows,
    deltas: [delta('cheapest', cheapest, 'fastest', fastest), delta('cheapest', cheapest, 'balanced', balanced)],
    basis: `durations observed at each size in these logs (means, with p50/p99 beside), billed GB-seconds as written, request charge included; the invocations at each size may differ (inputs, cold-start mix)`,
  };
}
