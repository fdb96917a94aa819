import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';

describe('the programmatic API', () => {
  it('exports the pipeline pieces other commands build on, and they compose', async () => {
    for (const name of [
      'parseLine',
      'createInvocationJoiner',
      'createReportCollector',
      'buildReport',
      'formatReportJson',
      'createQuantileSketch',
      'createWindowedAggregator',
      'readLogEvents',
      'runCli',
    ] as const) {
      expect(typeof api[name]).toBe('function');
    }
    const collector = api.createReportCollector();
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
    const report = api.buildReport(functions, { counts, arch: 'arm64' });
    expect(JSON.parse(api.formatReportJson(report)).functions[0]).toMatchObject({
      name: 'orders',
      arch: 'arm64',
      invocations: 1,
    });
    expect(api.COMMANDS.map((command) => command.name)).toContain('report');
  });
});
