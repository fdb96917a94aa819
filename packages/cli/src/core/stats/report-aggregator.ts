import type { JoinSink } from '../join/invocation-joiner.js';
import type { InitReportFact, InvocationRecord } from '../join/invocation-record.js';
import type { EmfMetric } from '../parse/parsed-line.js';
import { type AccumulatorLimits, FunctionAccumulator } from './function-accumulator.js';
import type { FunctionStats, StatsBasis } from './function-stats.js';

export interface ReportAggregatorOptions {
  /** Slowest invocations kept per function (default 10). */
  readonly slowestPerFunction?: number;
  /** Failed invocations listed per function before the rest are only counted (default 1,000). */
  readonly maxFailuresPerFunction?: number;
  /** Distinct EMF metrics summarised per function (default 100). */
  readonly maxMetricsPerFunction?: number;
  /** Leak suspects listed per function (default 5). */
  readonly maxLeaksPerFunction?: number;
  readonly basis?: StatsBasis;
}

export interface ReportAggregator extends JoinSink {
  /** Functions in name order. The aggregator must not be used afterwards. */
  finish(): FunctionStats[];
}

const LOGS_BASIS: StatsBasis = { figures: 'exact', source: 'logs' };

/** Per-function statistics from joined invocations, exact percentiles included, in memory linear in invocations at ~30 bytes each. */
export function createReportAggregator(options: ReportAggregatorOptions = {}): ReportAggregator {
  const limits: AccumulatorLimits = {
    slowest: options.slowestPerFunction ?? 10,
    failures: options.maxFailuresPerFunction ?? 1000,
    metrics: options.maxMetricsPerFunction ?? 100,
    leaks: options.maxLeaksPerFunction ?? 5,
  };
  const functions = new Map<string, FunctionAccumulator>();
  const accumulatorFor = (name: string): FunctionAccumulator => {
    let accumulator = functions.get(name);
    if (accumulator === undefined) {
      accumulator = new FunctionAccumulator(name, limits);
      functions.set(name, accumulator);
    }
    return accumulator;
  };
  return {
    invocation(record: InvocationRecord) {
      accumulatorFor(record.functionName).add(record);
    },
    initReport(fact: InitReportFact) {
      accumulatorFor(fact.functionName).addInitReport(fact);
    },
    metrics(functionName: string, metrics: readonly EmfMetric[]) {
      accumulatorFor(functionName).addMetrics(metrics);
    },
    finish() {
      return [...functions.values()]
        .sort((left, right) => left.name.localeCompare(right.name))
        .map((accumulator) => accumulator.finish(options.basis ?? LOGS_BASIS));
    },
  };
}
