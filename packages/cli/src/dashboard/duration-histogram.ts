import type { QuantileSketch } from '../core/stats/quantile-sketch.js';

export interface HistogramBin {
  readonly fromMs: number;
  readonly toMs: number;
  readonly count: number;
}

/** Ranks read from the sketch: every rank up to this many invocations, evenly spaced ranks beyond. */
const MAX_SAMPLED_RANKS = 256;
/** A spread wider than this (max ÷ min) gets logarithmic bins: latency tails span decades. */
const LOG_SCALE_SPREAD = 4;

function edgesOf(minMs: number, maxMs: number, binCount: number): number[] {
  const logScale = minMs > 0 && maxMs / minMs >= LOG_SCALE_SPREAD;
  return Array.from({ length: binCount + 1 }, (_, index) => {
    if (index === binCount) return maxMs;
    const share = index / binCount;
    return logScale ? minMs * (maxMs / minMs) ** share : minMs + (maxMs - minMs) * share;
  });
}

/**
 * The duration distribution of a window as `binCount` bins from its minimum to its maximum, read back from the
 * sketch rank by rank (each value within the sketch's 1 %). Counts add up to the sketch's count. Empty: no bins.
 */
export function toDurationHistogram(sketch: QuantileSketch | undefined, binCount: number): HistogramBin[] {
  if (sketch === undefined || sketch.count === 0 || sketch.min === undefined || sketch.max === undefined) return [];
  const bins = Math.max(1, Math.floor(binCount));
  const minMs = sketch.min;
  const maxMs = sketch.max;
  if (maxMs <= minMs) return [{ fromMs: minMs, toMs: maxMs, count: sketch.count }];
  const edges = edgesOf(minMs, maxMs, bins);
  const samples = Math.min(sketch.count, MAX_SAMPLED_RANKS);
  const weights = new Array<number>(bins).fill(0);
  for (let rank = 0; rank < samples; rank += 1) {
    const value = sketch.quantile((rank + 0.5) / samples) ?? minMs;
    let bin = 0;
    while (bin < bins - 1 && value >= (edges[bin + 1] ?? Number.POSITIVE_INFINITY)) bin += 1;
    weights[bin] = (weights[bin] ?? 0) + sketch.count / samples;
  }
  // Largest remainders: whole counts that still add up to the total.
  const counts = weights.map((weight) => Math.floor(weight));
  let missing = sketch.count - counts.reduce((sum, count) => sum + count, 0);
  const byRemainder = weights
    .map((weight, index) => ({ index, remainder: weight - Math.floor(weight) }))
    .sort((left, right) => right.remainder - left.remainder);
  for (const { index } of byRemainder) {
    if (missing <= 0) break;
    counts[index] = (counts[index] ?? 0) + 1;
    missing -= 1;
  }
  return counts.map((count, index) => ({ fromMs: edges[index] ?? minMs, toMs: edges[index + 1] ?? maxMs, count }));
}
