/** What the joiner saw, for the report's input summary and its `skippedLines`. */
export interface JoinCounts {
  events: number;
  lines: number;
  blankLines: number;
  platformLines: number;
  appLines: number;
  /** Lines lambdatop could not use, by reason. */
  malformedLines: number;
  unknownLines: number;
  outsideInvocationLines: number;
  duplicateEvents: number;
  duplicateReports: number;
  /** Lines naming an invocation that had already been completed (late beyond the grace). */
  lateLines: number;
  outsideWindowEvents: number;
  firstEventMs: number | undefined;
  lastEventMs: number | undefined;
  eventsWithTimestamp: number;
}

export function createJoinCounts(): JoinCounts {
  return {
    events: 0,
    lines: 0,
    blankLines: 0,
    platformLines: 0,
    appLines: 0,
    malformedLines: 0,
    unknownLines: 0,
    outsideInvocationLines: 0,
    duplicateEvents: 0,
    duplicateReports: 0,
    lateLines: 0,
    outsideWindowEvents: 0,
    firstEventMs: undefined,
    lastEventMs: undefined,
    eventsWithTimestamp: 0,
  };
}
