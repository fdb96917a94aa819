import type { ConfigStats, FunctionStats } from '../stats/function-stats.js';

/** Lambda's memory range: https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html */
export const MIN_MEMORY_MB = 128;
export const MAX_MEMORY_MB = 10_240;

/** The rules behind the memory advice; every reason quotes the ones it used. */
export const MEMORY_ADVICE_RULE = {
  /** Headroom kept above the largest Max Memory Used seen. */
  marginShare: 0.2,
  /** Recommendations are rounded up to this step. */
  stepMb: 64,
  /** Fewer invocations than this at the current size: no advice (Compute Optimizer asks for 50). */
  minInvocations: 50,
  /** A decrease smaller than this is not worth a change. */
  minChangeMb: 64,
  /** With OOMs or memory at the limit, grow by at least this factor: the logs cannot show the real need. */
  increaseFactor: 1.5,
} as const;

export type MemoryAction = 'increase' | 'decrease' | 'keep' | 'none';

export interface MemoryAdvice {
  readonly currentMB: number | null;
  readonly recommendedMB: number | null;
  readonly action: MemoryAction;
  readonly reason: string;
  readonly marginPercent: number;
  /** What the advice rests on: memory headroom at one size says nothing about duration at another. */
  readonly basis: string;
  readonly sampleSize: number;
}

function roundUpToStep(valueMb: number): number {
  return Math.ceil(valueMb / MEMORY_ADVICE_RULE.stepMb) * MEMORY_ADVICE_RULE.stepMb;
}

function clampMemory(valueMb: number): number {
  return Math.min(MAX_MEMORY_MB, Math.max(MIN_MEMORY_MB, valueMb));
}

function count(value: number, noun: string): string {
  return `${value.toLocaleString('en-US')} ${noun}${value === 1 ? '' : 's'}`;
}

function none(currentMb: number | undefined, reason: string, sampleSize: number): MemoryAdvice {
  return {
    currentMB: currentMb ?? null,
    recommendedMB: null,
    action: 'none',
    reason,
    marginPercent: MEMORY_ADVICE_RULE.marginShare * 100,
    basis: 'memory headroom (Max Memory Used) at the current size',
    sampleSize,
  };
}

/**
 * Memory advice from headroom: the largest Max Memory Used seen plus a stated margin, never below 128 MB and never
 * below what was used; out-of-memory errors or memory at the limit mean increase; too little data means no advice.
 */
export function adviseMemory(stats: FunctionStats): MemoryAdvice {
  const currentMb = stats.currentMemorySizeMb;
  if (currentMb === undefined) {
    const why =
      stats.invocationsWithReport === 0
        ? 'no REPORT lines, so no memory figures'
        : 'no REPORT with a Memory Size (Lambda Managed Instances report durations only)';
    return none(undefined, `No advice: ${why}.`, 0);
  }
  const config: ConfigStats | undefined = stats.configs.find((entry) => entry.memorySizeMb === currentMb);
  const used = config?.maxMemoryUsed;
  const sampleSize = used?.count ?? 0;
  const margin = MEMORY_ADVICE_RULE.marginShare;
  const base = {
    currentMB: currentMb,
    marginPercent: margin * 100,
    basis: `memory headroom (Max Memory Used) over ${count(sampleSize, 'invocation')} at ${currentMb} MB`,
    sampleSize,
  };
  const outOfMemory = config?.outOfMemory ?? 0;
  const atLimit = config?.atMemoryLimit ?? 0;
  if (outOfMemory > 0 || atLimit > 0) {
    const evidence = [
      outOfMemory > 0 ? count(outOfMemory, 'out-of-memory error') : undefined,
      atLimit > 0 ? `${count(atLimit, 'invocation')} at the ${currentMb} MB limit` : undefined,
    ]
      .filter((part): part is string => part !== undefined)
      .join(' and ');
    if (currentMb >= MAX_MEMORY_MB) {
      return {
        ...base,
        recommendedMB: null,
        action: 'none',
        reason: `${evidence}, already at the ${MAX_MEMORY_MB.toLocaleString('en-US')} MB maximum: reduce what the function holds in memory.`,
      };
    }
    const recommended = clampMemory(
      roundUpToStep(Math.max(currentMb * MEMORY_ADVICE_RULE.increaseFactor, (used?.max ?? currentMb) * (1 + margin))),
    );
    return {
      ...base,
      recommendedMB: recommended,
      action: 'increase',
      reason: `${evidence}: increase to ${recommended} MB. Memory use is capped at the limit, so the logs cannot show the real need; check Max Memory Used again after the change.`,
    };
  }
  if (used === undefined || sampleSize < MEMORY_ADVICE_RULE.minInvocations) {
    return none(
      currentMb,
      `No advice: only ${count(sampleSize, 'invocation')} with Max Memory Used at ${currentMb} MB; at least ${MEMORY_ADVICE_RULE.minInvocations} are needed.`,
      sampleSize,
    );
  }
  // A size that ran out of memory (or hit its limit) anywhere in the logs is a floor: never recommend it or less.
  const exhausted = stats.configs
    .filter((entry) => entry.memorySizeMb !== undefined && (entry.outOfMemory > 0 || entry.atMemoryLimit > 0))
    .map((entry) => entry.memorySizeMb as number);
  const floorMb = exhausted.length === 0 ? MIN_MEMORY_MB : roundUpToStep(Math.max(...exhausted) + 1);
  const needed = used.max * (1 + margin);
  const recommended = clampMemory(Math.max(roundUpToStep(needed), Math.ceil(used.max), floorMb));
  const byMargin = roundUpToStep(needed);
  const sizing =
    floorMb > byMargin
      ? `${used.max} MB + ${margin * 100} % margin would fit in ${clampMemory(byMargin)} MB, but ${Math.max(...exhausted)} MB ran out of memory in these logs, so not below ${recommended} MB`
      : `${used.max} MB + ${margin * 100} % margin fits in ${recommended} MB`;
  const observed = `Max Memory Used peaked at ${used.max} MB (p99 ${used.p99} MB) over ${count(sampleSize, 'invocation')}`;
  if (recommended > currentMb) {
    return {
      ...base,
      recommendedMB: recommended,
      action: 'increase',
      reason: `${observed} of ${currentMb} MB, less headroom than the ${margin * 100} % margin: increase to ${recommended} MB.`,
    };
  }
  if (currentMb - recommended < MEMORY_ADVICE_RULE.minChangeMb) {
    return {
      ...base,
      recommendedMB: currentMb,
      action: 'keep',
      reason: `${observed}; ${currentMb} MB keeps at least the ${margin * 100} % margin without waste: keep it.`,
    };
  }
  const leaking = stats.memoryGrowth.length;
  if (leaking > 0) {
    return {
      ...base,
      recommendedMB: currentMb,
      action: 'keep',
      reason: `${observed}, but memory kept growing in ${count(leaking, 'environment')} (a possible leak): fix that before sizing down.`,
    };
  }
  if ((config?.timeouts ?? 0) > 0) {
    return {
      ...base,
      recommendedMB: currentMb,
      action: 'keep',
      reason: `${observed}, but ${count(config?.timeouts ?? 0, 'timeout')} at ${currentMb} MB: less memory also means less CPU, so do not decrease.`,
    };
  }
  return {
    ...base,
    recommendedMB: recommended,
    action: 'decrease',
    reason: `${observed}; ${sizing}. This rests on memory only: CPU scales with memory, so check the duration at ${recommended} MB (a tuning run or the trade-off table) before switching.`,
  };
}
