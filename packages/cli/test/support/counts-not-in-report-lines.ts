/**
 * The report's counts that need lines other than REPORT (crash lines, application lines, INIT_REPORT, INIT_START,
 * RESTORE_START): a REPORT-only source such as Logs Insights cannot give them. Written out here, independently of the
 * source's own list, so the tests say what must be unknown. `suppressedInits` is in the model but not the JSON.
 */
export const COUNTS_NOT_IN_REPORT_LINES = [
  'crashes',
  'errorLogs',
  'timeoutImminent',
  'initFailures',
  'initTimeouts',
  'provisionedInits',
  'proactiveInits',
  'snapStartRestores',
] as const;

export type CountNotInReportLines = (typeof COUNTS_NOT_IN_REPORT_LINES)[number];
