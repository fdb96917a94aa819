import type { LambdaPrices } from './lambda-prices.js';

export interface CostFigures {
  /** Mean cost of one invocation: compute plus the request charge. */
  readonly perInvocationUSD: number;
  readonly per1kInvocationsUSD: number;
  /** Every priced invocation in the window. */
  readonly totalUSD: number;
  readonly pricedInvocations: number;
}

/**
 * Cost from billed GB-seconds (Σ billed duration × memory/1024, as Lambda bills) and the request count:
 * list prices, before free tier and volume tiers. Undefined when nothing could be priced: cost unknown is not $0.
 */
export function toCost(
  billedGbSeconds: number,
  pricedInvocations: number,
  prices: LambdaPrices,
): CostFigures | undefined {
  if (pricedInvocations === 0) return undefined;
  const totalUSD = billedGbSeconds * prices.perGbSecondUSD + pricedInvocations * prices.perRequestUSD;
  const perInvocationUSD = totalUSD / pricedInvocations;
  return { perInvocationUSD, per1kInvocationsUSD: perInvocationUSD * 1000, totalUSD, pricedInvocations };
}

/** Mean cost of one invocation at `memorySizeMb` billed `billedDurationMs` on average. */
export function costPerInvocation(billedDurationMs: number, memorySizeMb: number, prices: LambdaPrices): number {
  return (billedDurationMs / 1000) * (memorySizeMb / 1024) * prices.perGbSecondUSD + prices.perRequestUSD;
}
