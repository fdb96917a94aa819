import { describe, expect, it } from 'vitest';
import {
  buildReport,
  COMMANDS,
  createInvocationJoiner,
  createQuantileSketch,
  createReportCollector,
  createWindowedAggregator,
  formatReportJson,
  parseLine,
  readLogEvents,
  runCli,
} from '../../src/index.js';

describe('the programmatic API', () => {
  it('exports the pipeline pieces other commands build on, and they compose', async () => {
    for (const exported of [
      parseLine,
      createInvocationJoiner,
      createQuantileSketch,
      createWindowedAggregator,
      readLogEvents,
      runCli,
    ]) {
      expect(typeof exported).toBe('function');
    }
    const collector = createReportCollector();
    collector.push(
      [
        {
          message:
            'REPORT RequestId: 11111111-0000-4000-8000-000000000001\tDuration: 5.00 ms\tBilled Duration: 5 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB',
          logGroup: '/aws/lambda/orders',
        },
      ],
      {},
    );
    const { functions, counts } = collector.finish();
    const report = buildReport(functions, { counts, arch: 'arm64' });
    expect(JSON.parse(formatReportJson(report)).functions[0]).toMatchObject({
      name: 'orders',
      arch: 'arm64',
      invocations: 1,
    });
    expect(COMMANDS.map((command) => command.name)).toContain('report');
  });
});
