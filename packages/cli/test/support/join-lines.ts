import { createInvocationJoiner, type JoinCounts, type JoinerOptions } from '../../src/core/join/invocation-joiner.js';
import type { InitReportFact, InvocationRecord } from '../../src/core/join/invocation-record.js';
import type { LogEvent } from '../../src/core/log-event.js';
import type { EmfMetric } from '../../src/core/parse/parsed-line.js';

export interface Joined {
  readonly records: InvocationRecord[];
  readonly initReports: InitReportFact[];
  readonly metrics: { functionName: string; metrics: readonly EmfMetric[] }[];
  readonly counts: JoinCounts;
  readonly maxPending: number;
}

/** Runs events (or raw lines) through a joiner and collects everything it emits. */
export function joinEvents(
  input: readonly (LogEvent | string)[],
  options: JoinerOptions = {},
  context: { functionName?: string; inputName?: string } = { inputName: 'test' },
): Joined {
  const records: InvocationRecord[] = [];
  const initReports: InitReportFact[] = [];
  const metrics: Joined['metrics'] = [];
  const joiner = createInvocationJoiner(
    {
      invocation: (record) => records.push(record),
      initReport: (fact) => initReports.push(fact),
      metrics: (functionName, values) => metrics.push({ functionName, metrics: values }),
    },
    options,
  );
  let maxPending = 0;
  for (const item of input) {
    joiner.push([typeof item === 'string' ? { message: item } : item], context);
    maxPending = Math.max(maxPending, joiner.pendingCount());
  }
  joiner.flush();
  return { records, initReports, metrics, counts: { ...joiner.counts() }, maxPending };
}
