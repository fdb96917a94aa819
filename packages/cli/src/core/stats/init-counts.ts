import type { InitReportFact } from '../join/invocation-record.js';

/**
 * What INIT_REPORT lines count toward: an init the platform suppressed and retried in the invoke phase, a failed init
 * (a timeout is a failure too) and a timed-out one. One copy of the rules, for the report and the dashboard alike.
 */
export class InitCounts {
  initFailures = 0;
  initTimeouts = 0;
  suppressedInits = 0;

  add(fact: InitReportFact): void {
    if (fact.phase === 'invoke') this.suppressedInits += 1;
    if (fact.status === 'error' || fact.status === 'failure' || fact.status === 'timeout') this.initFailures += 1;
    if (fact.status === 'timeout') this.initTimeouts += 1;
  }

  /** Adds every count of `other`; `other` is unchanged. */
  merge(other: InitCounts): void {
    this.initFailures += other.initFailures;
    this.initTimeouts += other.initTimeouts;
    this.suppressedInits += other.suppressedInits;
  }
}
