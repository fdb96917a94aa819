import { describe, expect, it } from 'vitest';
import { adviseMemory } from '../../src/core/advice/memory-advice.js';
import type { InvocationRecord } from '../../src/core/join/invocation-record.js';
import { buildReport } from '../../src/core/report/build-report.js';
import { formatAtLeast, formatCount } from '../../src/core/report/format-figures.js';
import { formatReportJson } from '../../src/core/report/format-json.js';
import { formatReportMarkdown } from '../../src/core/report/format-markdown.js';
import { formatReportTable } from '../../src/core/report/format-table.js';
import type { FunctionStats } from '../../src/core/stats/function-stats.js';
import { createReportAggregator } from '../../src/core/stats/report-aggregator.js';
import { COUNTS_NOT_IN_REPORT_LINES } from '../support/counts-not-in-report-lines.js';
import { makeRecord } from '../support/records.js';

/** The counts a REPORT-only source (Logs Insights) cannot give, as such a source leaves them. */
const UNCOUNTED = Object.fromEntries(
  [...COUNTS_NOT_IN_REPORT_LINES, 'suppressedInits'].map((field) => [field, undefined]),
) as Partial<FunctionStats>;

function record(index: number): Partial<InvocationRecord> {
  const base = { memorySizeMb: 1024, maxMemoryUsedMb: 150 + (index % 50), durationMs: 20, billedDurationMs: 20 };
  if (index % 40 === 0) return { ...base, outcome: 'crash', crashed: true };
  if (index % 30 === 1) return { ...base, errorLogged: true };
  if (index % 25 === 2) return { ...base, outcome: 'error', failed: true, status: 'error' };
  return base;
}

/** 100 invocations with crashes, error logs, platform errors and two failed inits, counted exactly. */
function exactStats(): FunctionStats {
  const aggregator = createReportAggregator();
  for (let index = 0; index < 100; index += 1) aggregator.invocation(makeRecord({ sequence: index, ...record(index) }));
  for (const status of ['error', 'timeout']) {
    aggregator.initReport?.({
      functionName: 'orders',
      logStream: 's',
      timeMs: undefined,
      durationMs: 150,
      phase: 'init',
      status,
      errorType: undefined,
    });
  }
  const [stats] = aggregator.finish();
  if (stats === undefined) throw new Error('no function');
  return stats;
}

/** The same function as Logs Insights sees it: errors from the REPORT status only, the rest not counted. */
function insightsStats(exact: FunctionStats): FunctionStats {
  const platformErrors = 4;
  return {
    ...exact,
    basis: { figures: 'estimated', source: 'insights' },
    errors: platformErrors,
    configs: exact.configs.map((config) => ({ ...config, errors: platformErrors })),
    ...UNCOUNTED,
  };
}

describe('counts a source could not give', () => {
  const exact = exactStats();
  const estimated = insightsStats(exact);

  it('the exact counts are the fixture’s, so the comparisons below mean something', () => {
    expect(exact).toMatchObject({ invocations: 100, crashes: 3, errorLogs: 4, initFailures: 2, initTimeouts: 1 });
    expect(exact.errors).toBe(11);
  });

  it('are null in the JSON (present, not dropped), numbers on the exact path', () => {
    const exactJson = JSON.parse(formatReportJson(buildReport([exact]))).functions[0];
    const estimatedJson = JSON.parse(formatReportJson(buildReport([estimated]))).functions[0];
    for (const field of COUNTS_NOT_IN_REPORT_LINES) {
      expect(exactJson[field], field).toEqual(expect.any(Number));
      expect(estimatedJson, field).toHaveProperty(field, null);
    }
    expect(estimatedJson).toMatchObject({ invocations: 100, errors: 4, coldStartShare: 0 });
  });

  it('are “–” in the table and markdown, and the error count beside them reads as a lower bound', () => {
    const estimatedReport = buildReport([estimated]);
    for (const text of [formatReportTable(estimatedReport, { width: 200 }), formatReportMarkdown(estimatedReport)]) {
      expect(text).toContain('(errors ≥ 4 · timeouts 0 · out of memory 0 · crashes – · init failures –)');
      expect(text).toContain('· provisioned – · proactive – · SnapStart restores –');
      expect(text).not.toMatch(/crashes 0|init failures 0|provisioned 0|SnapStart restores 0/);
    }
    expect(formatReportTable(estimatedReport, { width: 200 })).toMatch(/^ {2}orders +100 +≥ 4 +0 +0 /m);
    expect(formatReportTable(estimatedReport, { width: 200 })).toMatch(/^ +1,024 +100 +≥ 4 +0 /m);
    expect(formatReportMarkdown(estimatedReport)).toMatch(/^\| orders \| 100 \| ≥ 4 \| 0 \|/m);
    const exactTable = formatReportTable(buildReport([exact]), { width: 200 });
    expect(exactTable).toContain('(errors 11 · timeouts 0 · out of memory 0 · crashes 3 · init failures 2)');
    expect(exactTable).not.toContain('≥');
  });

  it('raise no warning and no advice from an unknown count', () => {
    const exactFn = buildReport([exact]).functions[0];
    const estimatedFn = buildReport([estimated]).functions[0];
    expect(exactFn?.warnings).toContain('2 init failures (1 timed out): INIT_REPORT with an error status.');
    expect(estimatedFn?.warnings.filter((warning) => warning.includes('init failure'))).toEqual([]);
    // Memory advice rests on REPORT figures only: the unknown counts change nothing, and nothing claims a zero.
    expect(adviseMemory(estimated)).toEqual(adviseMemory(exact));
    expect(JSON.stringify(estimatedFn?.advice)).not.toMatch(/\b(no|0) (crash|init failure|error log)/i);
  });

  it('format as the unknown mark, and a lower bound as such', () => {
    expect(formatCount(undefined)).toBe('–');
    expect(formatCount(null)).toBe('–');
    expect(formatCount(0)).toBe('0');
    expect(formatCount(12_345)).toBe('12,345');
    expect(formatAtLeast(1_200)).toBe('≥ 1,200');
  });
});
