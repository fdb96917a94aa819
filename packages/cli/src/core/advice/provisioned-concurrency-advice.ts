import type { LambdaPrices } from '../pricing/lambda-prices.js';
import type { FunctionStats } from '../stats/function-stats.js';
import { quantileOfSorted } from '../stats/percentiles.js';

export const PROVISIONED_ADVICE_RULE = {
  /** The level chosen removes at least this share of the user-facing cold starts. */
  coldStartCoverage: 0.9,
  /** Below this cold-start share, provisioned concurrency is not suggested (its cost is still shown). */
  minColdStartShare: 0.01,
  minInvocations: 50,
} as const;

export interface ProvisionedConcurrencyAdvice {
  readonly recommendedConcurrency: number | null;
  /** The level that would have removed `coldStartCoverage` of the cold starts, even when not recommended. */
  readonly level: number | null;
  readonly reason: string;
  readonly coldStartShare: number | null;
  readonly coldStartsRemoved: number | null;
  readonly observedPeakConcurrency: number | null;
  readonly memorySizeMB: number | null;
  /** What `level` environments cost per hour while configured, before the lower duration price. */
  readonly costPerHourUSD: number | null;
  /** Over the observed window: the provisioned charge minus the duration saved at the provisioned price. */
  readonly windowCostDeltaUSD: number | null;
  readonly basis: string;
}

function nothing(reason: string, extra: Partial<ProvisionedConcurrencyAdvice> = {}): ProvisionedConcurrencyAdvice {
  return {
    recommendedConcurrency: null,
    level: null,
    reason,
    coldStartShare: null,
    coldStartsRemoved: null,
    observedPeakConcurrency: null,
    memorySizeMB: null,
    costPerHourUSD: null,
    windowCostDeltaUSD: null,
    basis: 'concurrency over time from invocation spans (REPORT time − Duration to REPORT time)',
    ...extra,
  };
}

function percent(share: number): string {
  return `${(share * 100).toFixed(share < 0.1 ? 1 : 0)} %`;
}

/**
 * The provisioned concurrency that would have removed most user-facing cold starts: each cold start happened at some
 * concurrency level c (counting itself); c provisioned environments would have served it warm. Costed with the
 * provisioned prices (parameters) over the observed window, net of the lower duration price while provisioned.
 */
export function adviseProvisionedConcurrency(stats: FunctionStats, prices: LambdaPrices): ProvisionedConcurrencyAdvice {
  const concurrency = stats.concurrency;
  if (concurrency === undefined) {
    return nothing(
      stats.basis.source === 'insights'
        ? 'No advice: concurrency needs each invocation’s span, which Logs Insights aggregates do not give (run the report without --insights).'
        : 'No advice: concurrency needs event timestamps (use `aws logs tail`, filter-log-events JSON or JSON lines, not raw lines).',
    );
  }
  const coldStartShare = stats.invocations === 0 ? null : stats.coldStarts / stats.invocations;
  const observedPeakConcurrency = concurrency.max;
  if (stats.invocations < PROVISIONED_ADVICE_RULE.minInvocations) {
    return nothing(
      `No advice: ${stats.invocations} invocations; at least ${PROVISIONED_ADVICE_RULE.minInvocations} are needed.`,
      { coldStartShare, observedPeakConcurrency },
    );
  }
  if (stats.coldStarts === 0 || concurrency.coldStartLevels.length === 0) {
    return nothing('No user-facing cold starts in the window: provisioned concurrency would not help.', {
      coldStartShare,
      observedPeakConcurrency,
    });
  }
  const memorySizeMb = stats.currentMemorySizeMb;
  const level = quantileOfSorted(concurrency.coldStartLevels, PROVISIONED_ADVICE_RULE.coldStartCoverage) ?? 1;
  const coldStartsRemoved = concurrency.coldStartLevels.filter((coldLevel) => coldLevel <= level).length;
  if (memorySizeMb === undefined) {
    return nothing('No cost: no REPORT with a Memory Size.', {
      coldStartShare,
      observedPeakConcurrency,
      level,
      coldStartsRemoved,
    });
  }
  const gb = memorySizeMb / 1024;
  const costPerHourUSD = level * gb * 3600 * prices.provisionedPerGbSecondUSD;
  const windowSeconds = Math.max(1, (concurrency.lastEndMs - concurrency.firstStartMs) / 1000);
  const startsServed = concurrency.startsAtLevel.slice(0, level + 1).reduce((total, value) => total + value, 0);
  const servedShare = concurrency.spans === 0 ? 0 : startsServed / concurrency.spans;
  const currentConfig = stats.configs.find((config) => config.memorySizeMb === memorySizeMb);
  const durationSavedUSD =
    (currentConfig?.billedGbSeconds ?? 0) *
    servedShare *
    (prices.perGbSecondUSD - prices.provisionedDurationPerGbSecondUSD);
  const windowCostDeltaUSD = level * gb * windowSeconds * prices.provisionedPerGbSecondUSD - durationSavedUSD;
  const share = coldStartShare ?? 0;
  const removed = `${coldStartsRemoved} of ${stats.coldStarts} cold starts happened at concurrency ≤ ${level}`;
  const recommended = share >= PROVISIONED_ADVICE_RULE.minColdStartShare;
  const reason = recommended
    ? `Cold starts are ${percent(share)} of invocations; ${removed} (peak ${observedPeakConcurrency}): ${level} provisioned at ${memorySizeMb} MB would have removed them.`
    : `Cold starts are only ${percent(share)} of invocations (below ${percent(PROVISIONED_ADVICE_RULE.minColdStartShare)}): not worth provisioning; ${removed}.`;
  return {
    recommendedConcurrency: recommended ? level : null,
    level,
    reason,
    coldStartShare,
    coldStartsRemoved,
    observedPeakConcurrency,
    memorySizeMB: memorySizeMb,
    costPerHourUSD,
    windowCostDeltaUSD,
    basis: `concurrency over time from ${concurrency.spans.toLocaleString('en-US')} invocation spans; provisioned prices $${prices.provisionedPerGbSecondUSD}/GB-s configured and $${prices.provisionedDurationPerGbSecondUSD}/GB-s duration`,
  };
}
