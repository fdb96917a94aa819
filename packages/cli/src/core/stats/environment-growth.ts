/** Samples kept per environment; beyond it every other one is dropped and the stride doubles (even coverage). */
const MAX_SAMPLES = 256;

/**
 * When Max Memory Used across the warm invocations of one environment counts as a leak: enough invocations, a steady
 * rise (correlation with invocation order), still rising in the second half (not a warm-up plateau), and by enough.
 */
export const LEAK_RULE = {
  minWarmInvocations: 20,
  minCorrelation: 0.8,
  minGrowthMb: 16,
  minGrowthShareOfMemorySize: 0.05,
} as const;

/** What one execution environment (one log stream) did over the input. */
export class EnvironmentTracker {
  invocations = 0;
  warmInvocations = 0;
  memorySizeMb: number | undefined = undefined;
  firstMs: number | undefined = undefined;
  lastMs: number | undefined = undefined;
  #samples = new Uint16Array(MAX_SAMPLES);
  #sampleCount = 0;
  #stride = 1;
  #sinceLastSample = 0;

  constructor(readonly logStream: string) {}

  /** Counts one invocation; `maxMemoryUsedMb` only for warm invocations (the cold one includes the init). */
  add(warmMaxMemoryUsedMb: number | undefined, memorySizeMb: number | undefined, timeMs: number | undefined): void {
    this.invocations += 1;
    if (memorySizeMb !== undefined) this.memorySizeMb = memorySizeMb;
    if (timeMs !== undefined) {
      if (this.firstMs === undefined || timeMs < this.firstMs) this.firstMs = timeMs;
      if (this.lastMs === undefined || timeMs > this.lastMs) this.lastMs = timeMs;
    }
    if (warmMaxMemoryUsedMb === undefined) return;
    this.warmInvocations += 1;
    this.#sinceLastSample += 1;
    if (this.#sinceLastSample < this.#stride) return;
    this.#sinceLastSample = 0;
    if (this.#sampleCount === MAX_SAMPLES) {
      for (let index = 0; index < MAX_SAMPLES / 2; index += 1) this.#samples[index] = this.#samples[index * 2] ?? 0;
      this.#sampleCount = MAX_SAMPLES / 2;
      this.#stride *= 2;
    }
    this.#samples[this.#sampleCount] = Math.min(65_535, Math.round(warmMaxMemoryUsedMb));
    this.#sampleCount += 1;
  }

  /** The memory trend over the warm invocations, or undefined with fewer than two samples. */
  growth(): MemoryGrowth | undefined {
    const count = this.#sampleCount;
    if (count < 2) return undefined;
    const samples = Array.from(this.#samples.subarray(0, count));
    let sumX = 0;
    let sumY = 0;
    let sumXX = 0;
    let sumXY = 0;
    for (let index = 0; index < count; index += 1) {
      const y = samples[index] ?? 0;
      sumX += index;
      sumY += y;
      sumXX += index * index;
      sumXY += index * y;
    }
    const varianceX = count * sumXX - sumX * sumX;
    const slopePerSample = varianceX === 0 ? 0 : (count * sumXY - sumX * sumY) / varianceX;
    const correlation = rankCorrelationWithOrder(samples);
    const half = Math.floor(count / 2);
    const firstMb = samples[0] ?? 0;
    const middleMb = samples[half] ?? 0;
    const lastMb = samples[count - 1] ?? 0;
    const growthMb = lastMb - firstMb;
    const secondHalfGrowthMb = lastMb - middleMb;
    const thresholdMb = Math.max(
      LEAK_RULE.minGrowthMb,
      (this.memorySizeMb ?? 0) * LEAK_RULE.minGrowthShareOfMemorySize,
    );
    const suspected =
      this.warmInvocations >= LEAK_RULE.minWarmInvocations &&
      correlation >= LEAK_RULE.minCorrelation &&
      growthMb >= thresholdMb &&
      secondHalfGrowthMb >= thresholdMb / 2;
    return {
      logStream: this.logStream,
      warmInvocations: this.warmInvocations,
      firstMb,
      lastMb,
      growthMb,
      mbPerInvocation: slopePerSample / this.#stride,
      correlation,
      memorySizeMb: this.memorySizeMb,
      suspectedLeak: suspected,
    };
  }
}

/**
 * Spearman's rank correlation between the samples and their order (ties share their mean rank): 1 for any steady
 * rise, whatever its shape, so one final jump to the memory limit does not hide the leak that caused it.
 */
function rankCorrelationWithOrder(samples: readonly number[]): number {
  const count = samples.length;
  const order = samples.map((value, index) => ({ value, index })).sort((left, right) => left.value - right.value);
  const ranks = new Array<number>(count).fill(0);
  for (let start = 0; start < count; ) {
    let end = start;
    while (end + 1 < count && order[end + 1]?.value === order[start]?.value) end += 1;
    const meanRank = (start + end) / 2;
    for (let position = start; position <= end; position += 1) ranks[order[position]?.index ?? 0] = meanRank;
    start = end + 1;
  }
  const meanRank = (count - 1) / 2;
  let covariance = 0;
  let varianceX = 0;
  let varianceY = 0;
  for (let index = 0; index < count; index += 1) {
    const dx = index - meanRank;
    const dy = (ranks[index] ?? 0) - meanRank;
    covariance += dx * dy;
    varianceX += dx * dx;
    varianceY += dy * dy;
  }
  return varianceX === 0 || varianceY === 0 ? 0 : covariance / Math.sqrt(varianceX * varianceY);
}

export interface MemoryGrowth {
  readonly logStream: string;
  readonly warmInvocations: number;
  /** Max Memory Used of the first and last warm invocations sampled. */
  readonly firstMb: number;
  readonly lastMb: number;
  readonly growthMb: number;
  /** Least-squares slope of Max Memory Used against warm-invocation order. */
  readonly mbPerInvocation: number;
  /** Spearman's rank correlation of Max Memory Used with invocation order (1: it only ever rose). */
  readonly correlation: number;
  readonly memorySizeMb: number | undefined;
  readonly suspectedLeak: boolean;
}
