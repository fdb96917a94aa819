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
    let sumX = 0;
    let sumY = 0;
    let sumXX = 0;
    let sumYY = 0;
    let sumXY = 0;
    for (let index = 0; index < count; index += 1) {
      const y = this.#samples[index] ?? 0;
      sumX += index;
      sumY += y;
      sumXX += index * index;
      sumYY += y * y;
      sumXY += index * y;
    }
    const varianceX = count * sumXX - sumX * sumX;
    const varianceY = count * sumYY - sumY * sumY;
    const covariance = count * sumXY - sumX * sumY;
    const slopePerSample = varianceX === 0 ? 0 : covariance / varianceX;
    const correlation = varianceX === 0 || varianceY === 0 ? 0 : covariance / Math.sqrt(varianceX * varianceY);
    const half = Math.floor(count / 2);
    const firstMb = this.#samples[0] ?? 0;
    const middleMb = this.#samples[half] ?? 0;
    const lastMb = this.#samples[count - 1] ?? 0;
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

export interface MemoryGrowth {
  readonly logStream: string;
  readonly warmInvocations: number;
  /** Max Memory Used of the first and last warm invocations sampled. */
  readonly firstMb: number;
  readonly lastMb: number;
  readonly growthMb: number;
  /** Least-squares slope of Max Memory Used against warm-invocation order. */
  readonly mbPerInvocation: number;
  readonly correlation: number;
  readonly memorySizeMb: number | undefined;
  readonly suspectedLeak: boolean;
}
