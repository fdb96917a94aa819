import type { SampleSummary } from '../core/stats/percentiles.js';
import type { QuantileSketch } from '../core/stats/quantile-sketch.js';

/**
 * The report's SampleSummary from a window's sketch: count, sum, min and max exact, the percentiles within the
 * sketch's relative accuracy (1 %). Undefined for an empty sketch: no data, never zeros.
 */
export function toSampleSummary(sketch: QuantileSketch | undefined): SampleSummary | undefined {
  if (sketch === undefined || sketch.count === 0) return undefined;
  const { count, sum } = sketch;
  const min = sketch.min ?? Number.NaN;
  const max = sketch.max ?? Number.NaN;
  return {
    count,
    sum,
    min,
    max,
    mean: sum / count,
    p50: sketch.quantile(0.5) ?? Number.NaN,
    p90: sketch.quantile(0.9) ?? Number.NaN,
    p99: sketch.quantile(0.99) ?? Number.NaN,
    p999: sketch.quantile(0.999) ?? Number.NaN,
  };
}
