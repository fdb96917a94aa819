import type { JoinCounts, JoinerOptions, PushContext } from './join/invocation-joiner.js';
import { createInvocationJoiner } from './join/invocation-joiner.js';
import type { LogEvent } from './log-event.js';
import type { FunctionStats } from './stats/function-stats.js';
import { createReportAggregator, type ReportAggregatorOptions } from './stats/report-aggregator.js';

export interface ReportCollectorOptions extends JoinerOptions, ReportAggregatorOptions {}

export interface CollectedReport {
  readonly functions: FunctionStats[];
  readonly counts: Readonly<JoinCounts>;
}

export interface ReportCollector {
  push(events: readonly LogEvent[], context?: PushContext): void;
  /** Ends the input and computes the statistics; the collector is spent afterwards. */
  finish(): CollectedReport;
}

/** Log events in, per-function statistics out: the joiner feeding the report aggregator. Synchronous and pure. */
export function createReportCollector(options: ReportCollectorOptions = {}): ReportCollector {
  const aggregator = createReportAggregator(options);
  // The aggregator copies what it keeps of a record, so the joiner may reuse them.
  const joiner = createInvocationJoiner(aggregator, { ...options, reuseRecords: true });
  return {
    push: (events, context) => joiner.push(events, context),
    finish() {
      joiner.flush();
      return { functions: aggregator.finish(), counts: { ...joiner.counts() } };
    },
  };
}
