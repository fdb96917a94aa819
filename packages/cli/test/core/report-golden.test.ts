import { createReadStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/core/report/build-report.js';
import { formatReportJson } from '../../src/core/report/format-json.js';
import { formatReportMarkdown } from '../../src/core/report/format-markdown.js';
import { formatReportTable } from '../../src/core/report/format-table.js';
import type { Report } from '../../src/core/report/report-model.js';
import { createReportCollector } from '../../src/core/report-collector.js';
import { readLogEvents } from '../../src/sources/read-log-events.js';
import { FIXTURE_DIR, makeTailFixture, writeFixtures } from '../support/make-fixtures.js';

// Set UPDATE_GOLDEN=1 to rewrite the expected outputs after an intended change, then review the diff.
const UPDATE = process.env.UPDATE_GOLDEN === '1';

async function reportOf(name: string): Promise<Report> {
  const collector = createReportCollector();
  const path = join(FIXTURE_DIR, name);
  for await (const events of readLogEvents(createReadStream(path), name)) {
    collector.push(events, { inputName: name.replace(/\.log$/, '') });
  }
  const collected = collector.finish();
  return buildReport(collected.functions, { counts: collected.counts, inputs: [name] });
}

function expectGolden(file: string, actual: string): void {
  const path = join(FIXTURE_DIR, file);
  if (UPDATE || !existsSync(path)) writeFileSync(path, actual);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

describe('golden reports', () => {
  it('the generated tail fixture is what its generator makes', () => {
    if (process.env.UPDATE_FIXTURES === '1') writeFixtures();
    expect(readFileSync(join(FIXTURE_DIR, 'tail-two-functions.log'), 'utf8')).toBe(makeTailFixture());
  });

  it.each(['reference-samples.log', 'json-format.log', 'tail-two-functions.log'])(
    '%s in table, markdown and JSON',
    async (name) => {
      const report = await reportOf(name);
      const base = name.replace(/\.log$/, '');
      expectGolden(`${base}.table.txt`, formatReportTable(report, { width: 120 }));
      expectGolden(`${base}.md`, formatReportMarkdown(report));
      expectGolden(`${base}.json`, formatReportJson(report));
    },
  );

  it('the tail fixture report carries the figures the fixture was built with', async () => {
    const report = await reportOf('tail-two-functions.log');
    const [orders, thumbs] = report.functions;
    expect(report.functions.map((fn) => fn.name)).toEqual(['orders', 'thumbs']);
    expect(orders).toMatchObject({ invocations: 200, timeouts: 1, outOfMemory: 0, memorySizeMB: 1024 });
    expect(orders?.configs.map((config) => config.memorySizeMB)).toEqual([512, 1024]);
    expect(orders?.advice.tradeoff).toMatchObject({ cheapestMB: 512, fastestMB: 1024 });
    expect(orders?.advice.memory).toMatchObject({ action: 'decrease', recommendedMB: 128 });
    expect(thumbs?.memoryGrowth.length).toBe(1);
    expect(thumbs).toMatchObject({ errors: 7, outOfMemory: 1 });
    expect(thumbs?.advice.memory).toMatchObject({ action: 'increase', recommendedMB: 3072 });
    expect(report.skippedLines).toBe(0);
  });
});
