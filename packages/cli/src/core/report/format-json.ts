import type { Report } from './report-model.js';

/** The report as the documented JSON contract (packages/cli/README.md), two-space indented, one trailing newline. */
export function formatReportJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
