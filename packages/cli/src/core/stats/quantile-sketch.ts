import { DDSketch } from '@datadog/sketches-js';
import { nearestRankIndex } from './percentiles.js';

/** 1 %: any quantile the sketch returns is within 1 % of the exact nearest-rank value. */
export const DEFAULT_SKETCH_RELATIVE_ACCURACY = 0.01;

/**
 * A bounded-memory, mergeable quantile sketch for streaming and windowed statistics. Quantiles use the same
 * nearest-rank definition as the report's exact percentiles, so the two differ by at most `relativeAccuracy`
 * of the exact value. Values must be ≥ 0 (durations, memory); negative or non-finite values are ignored.
 */
export interface QuantileSketch {
  readonly relativeAccuracy: number;
  readonly count: number;
  readonly sum: number;
  /** Exact. Undefined when empty. */
  readonly min: number | undefined;
  readonly max: number | undefined;
  add(value: number, weight?: number): void;
  /** Adds every value of `other` (same relative accuracy); `other` is unchanged. */
  merge(other: QuantileSketch): void;
  /** The q-quantile (0 ≤ q ≤ 1), or undefined when empty. */
  quantile(q: number): number | undefined;
  copy(): QuantileSketch;
}

class DdQuantileSketch implements QuantileSketch {
  readonly sketch: DDSketch;

  constructor(readonly relativeAccuracy: number) {
    this.sketch = new DDSketch({ relativeAccuracy });
  }

  get count(): number {
    return this.sketch.count;
  }

  get sum(): number {
    return this.sketch.sum;
  }

  get min(): number | undefined {
    return this.sketch.count === 0 ? undefined : this.sketch.min;
  }

  get max(): number | undefined {
    return this.sketch.count === 0 ? undefined : this.sketch.max;
  }

  add(value: number, weight = 1): void {
    if (!(value >= 0) || !Number.isFinite(value) || !(weight > 0)) return;
    this.sketch.accept(value, weight);
  }

  merge(other: QuantileSketch): void {
    if (!(other instanceof DdQuantileSketch))
      throw new TypeError('can only merge sketches made by createQuantileSketch');
    if (other.relativeAccuracy !== this.relativeAccuracy) {
      throw new TypeError(
        `cannot merge sketches of relative accuracy ${other.relativeAccuracy} and ${this.relativeAccuracy}`,
      );
    }
    // DDSketch's merge copies bins (never aliases them); it ignores negative values, which add() never accepts.
    this.sketch.merge(other.sketch);
  }

  quantile(q: number): number | undefined {
    const count = this.sketch.count;
    if (count === 0 || !(q >= 0 && q <= 1)) return undefined;
    const index = nearestRankIndex(q, count);
    if (index === count - 1) return this.sketch.max;
    if (index === 0) return this.sketch.min;
    // DDSketch reads the value at rank floor(q′·(count − 1)); aim q′ at the middle of the nearest-rank index.
    const value = this.sketch.getValueAtQuantile(Math.min(1, (index + 0.5) / (count - 1)));
    // A bucket's representative value may fall outside the observed range; the exact bounds are known.
    return Math.min(this.sketch.max, Math.max(this.sketch.min, value));
  }

  copy(): QuantileSketch {
    const copy = new DdQuantileSketch(this.relativeAccuracy);
    copy.merge(this);
    return copy;
  }
}

export interface QuantileSketchOptions {
  readonly relativeAccuracy?: number;
}

export function createQuantileSketch(options: QuantileSketchOptions = {}): QuantileSketch {
  const relativeAccuracy = options.relativeAccuracy ?? DEFAULT_SKETCH_RELATIVE_ACCURACY;
  if (!(relativeAccuracy > 0 && relativeAccuracy < 1)) {
    throw new TypeError(`relativeAccuracy must be between 0 and 1 (exclusive), got ${relativeAccuracy}`);
  }
  return new DdQuantileSketch(relativeAccuracy);
}
