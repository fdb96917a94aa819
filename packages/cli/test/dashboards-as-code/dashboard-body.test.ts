import { DEFAULT_NAMESPACE, SDK_METRICS, SERVICE_DIMENSION } from '@lambdatop/sdk/catalog';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { checkDashboardBody } from '../../../../test/support/aws-local/dashboard-body.js';
import {
  API_GATEWAY_METRICS,
  API_GATEWAY_NAMESPACE,
  LAMBDA_METRICS,
  LAMBDA_NAMESPACE,
} from '../../src/dashboards/aws-metrics.js';
import { createDashboardBody, toDashboardBody } from '../../src/dashboards/create-dashboard-body.js';
import type { DashboardBody, MetricLine } from '../../src/dashboards/dashboard-body.js';
import { type DashboardOptions, resolveDashboardParameters } from '../../src/dashboards/dashboard-parameters.js';
import { placeOnGrid } from '../../src/dashboards/place-on-grid.js';
import { findBodyProblems } from './support/body-problems.js';

/** `namespace|metric|dimension values|stat` for every line of the body's metric widgets. */
function graphedLines(body: DashboardBody): Set<string> {
  const lines = new Set<string>();
  for (const widget of body.widgets) {
    if (widget.type !== 'metric') continue;
    for (const line of widget.properties.metrics as readonly MetricLine[]) {
      const options = line.at(-1);
      const strings = line.filter((item): item is string => typeof item === 'string');
      const stat = typeof options === 'object' && options.stat !== undefined ? options.stat : widget.properties.stat;
      const [namespace, name, ...pairs] = strings;
      const values = pairs.filter((_, index) => index % 2 === 1);
      lines.add(`${namespace}|${name}|${values.join(',')}|${stat}`);
    }
  }
  return lines;
}

const ORDERS: DashboardOptions = {
  functionNames: ['orders-api', 'payments'],
  region: 'eu-west-1',
  namespace: 'Shop',
  services: ['orders', 'payments'],
  dimensions: { stage: 'prod' },
  apiNames: ['orders-api'],
};

describe('createDashboardBody', () => {
  test('graphs each metric the dashboards promise, per function, API and service, with its statistic', () => {
    const body = createDashboardBody(ORDERS);
    const lines = graphedLines(body);
    const expected: string[] = [];
    for (const name of ['orders-api', 'payments']) {
      const lambda = (metric: string, stat: string) => `${LAMBDA_NAMESPACE}|${metric}|${name}|${stat}`;
      expected.push(
        lambda(LAMBDA_METRICS.invocations.name, 'Sum'),
        lambda(LAMBDA_METRICS.errors.name, 'Sum'),
        lambda(LAMBDA_METRICS.throttles.name, 'Sum'),
        lambda(LAMBDA_METRICS.concurrentExecutions.name, 'Maximum'),
        lambda(LAMBDA_METRICS.duration.name, 'p50'),
        lambda(LAMBDA_METRICS.duration.name, 'p90'),
        lambda(LAMBDA_METRICS.duration.name, 'p99'),
        lambda(LAMBDA_METRICS.iteratorAge.name, 'Maximum'),
        lambda(LAMBDA_METRICS.deadLetterErrors.name, 'Sum'),
      );
    }
    const api = (metric: string, stat: string) => `${API_GATEWAY_NAMESPACE}|${metric}|orders-api|${stat}`;
    expected.push(
      api(API_GATEWAY_METRICS.count.name, 'SampleCount'),
      api(API_GATEWAY_METRICS.latency.name, 'p99'),
      api(API_GATEWAY_METRICS.integrationLatency.name, 'p99'),
      api(API_GATEWAY_METRICS.clientErrors.name, 'Sum'),
      api(API_GATEWAY_METRICS.serverErrors.name, 'Sum'),
      api(API_GATEWAY_METRICS.cacheHitCount.name, 'Sum'),
      api(API_GATEWAY_METRICS.cacheMissCount.name, 'Sum'),
    );
    for (const service of ['orders', 'payments']) {
      const sdk = (metric: string, stat: string) => `Shop|${metric}|${service},prod|${stat}`;
      expected.push(
        sdk(SDK_METRICS.coldStart.name, 'Sum'),
        sdk(SDK_METRICS.initDuration.name, 'Average'),
        sdk(SDK_METRICS.initDuration.name, 'Maximum'),
        sdk(SDK_METRICS.memoryWatermark.name, 'Maximum'),
        sdk(SDK_METRICS.timeoutImminent.name, 'Sum'),
        sdk(SDK_METRICS.batchSize.name, 'Average'),
        sdk(SDK_METRICS.batchSize.name, 'Maximum'),
        sdk(SDK_METRICS.oldestMessageAge.name, 'Maximum'),
        sdk(SDK_METRICS.batchItemFailures.name, 'Sum'),
      );
    }
    expect([...lines].toSorted()).toEqual(expected.toSorted());
    const logWidgets = body.widgets.filter((widget) => widget.type === 'log');
    expect(logWidgets.map((widget) => widget.properties.title)).toEqual([
      'Memory over-provisioning (REPORT lines)',
      'Cold-start share (REPORT lines)',
      'Duration percentiles by memory size (REPORT lines)',
      'Recent errors and imminent timeouts, with trace ids (SDK lines)',
    ]);
  });

  test('has the dashboard shape, passes the local server’s PutDashboard validation, and reads top to bottom', () => {
    const cases: DashboardOptions[] = [
      ORDERS,
      { functionNames: ['thumbs'], region: 'us-east-1' },
      { functionNames: ['a', 'b', 'c'], region: 'ap-southeast-2', logGroups: ['/aws/vendedlogs/shared'] },
    ];
    for (const options of cases) {
      const body = createDashboardBody(options);
      expect(findBodyProblems(body, resolveDashboardParameters(options))).toEqual([]);
      expect(checkDashboardBody(JSON.stringify(body))).toEqual({ ok: true });
      const headings = body.widgets
        .filter((widget) => widget.type === 'text')
        .map((widget) => widget.properties.markdown.split('\n')[0]);
      expect(headings).toEqual([
        expect.stringMatching(/^# lambdatop: /),
        '## Lambda',
        ...(options.apiNames === undefined ? [] : ['## API Gateway']),
        '## lambdatop SDK',
        '## Logs Insights',
      ]);
      // Widgets come in reading order: each starts at or below the previous one's row.
      const rows = body.widgets.map((widget) => widget.y);
      expect(rows).toEqual(rows.toSorted((left, right) => left - right));
    }
  });

  test('defaults: the SDK’s default namespace, one service per function, /aws/lambda log groups', () => {
    const body = createDashboardBody({ functionNames: ['thumbs', 'thumbs'], region: 'us-east-1' });
    const lines = graphedLines(body);
    expect(lines.has(`${DEFAULT_NAMESPACE}|${SDK_METRICS.coldStart.name}|thumbs|Sum`)).toBe(true);
    expect(
      [...lines].filter((line) => line.startsWith(`${LAMBDA_NAMESPACE}|${LAMBDA_METRICS.invocations.name}|`)),
    ).toHaveLength(1);
    const log = body.widgets.find((widget) => widget.type === 'log');
    expect(log?.properties.query.startsWith("SOURCE '/aws/lambda/thumbs' | filter")).toBe(true);
  });

  test('puts a text with namespace, dimensions and log groups over their sections', () => {
    const body = createDashboardBody({ ...ORDERS, services: ['orders`s'], logGroups: ['/aws/lambda/orders-api'] });
    const texts = body.widgets.flatMap((widget) => (widget.type === 'text' ? [widget.properties.markdown] : []));
    expect(texts).toContainEqual(expect.stringContaining(`\`Shop\`, one line per \`${SERVICE_DIMENSION}\``));
    expect(texts).toContainEqual(expect.stringContaining('`` orders`s `` and `stage` = `prod`'));
    expect(texts).toContainEqual(expect.stringContaining('Log groups: `/aws/lambda/orders-api`.'));
  });

  test('any valid parameters give a sound body, the same each time, without touching the options', () => {
    const name = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
    const notShorthand = (text: string) => text !== '.' && text !== '..';
    const value = fc.stringMatching(/^[\x21-\x7e][\x20-\x7e]{0,30}$/).filter(notShorthand);
    const options = fc.record({
      functionNames: fc.uniqueArray(name, { minLength: 1, maxLength: 12 }),
      region: fc.constantFrom('us-east-1', 'eu-central-1', 'ap-northeast-3'),
      namespace: fc.option(fc.stringMatching(/^[A-Za-z0-9._#/-]{1,40}$/).filter(notShorthand), { nil: undefined }),
      services: fc.option(fc.uniqueArray(value, { minLength: 1, maxLength: 5 }), { nil: undefined }),
      dimensions: fc.dictionary(fc.stringMatching(/^[a-z]{1,10}$/), value, { maxKeys: 3 }),
      apiNames: fc.uniqueArray(value, { maxLength: 3 }),
    });
    fc.assert(
      fc.property(options, (generated) => {
        fc.pre(!(SERVICE_DIMENSION in generated.dimensions));
        fc.pre(generated.namespace === undefined || !/^(AWS\/|:)/.test(generated.namespace));
        const frozen = structuredClone(generated);
        const body = createDashboardBody(Object.freeze(generated));
        const parameters = resolveDashboardParameters(generated);
        expect(findBodyProblems(body, parameters)).toEqual([]);
        expect(checkDashboardBody(JSON.stringify(body))).toEqual({ ok: true });
        expect(createDashboardBody(generated)).toEqual(body);
        expect(generated).toEqual(frozen);
        // Each function has one line in each single-series Lambda widget, three in Duration's.
        const lines = [...graphedLines(body)];
        for (const fn of parameters.functionNames) {
          const own = lines.filter((line) => line.startsWith(`${LAMBDA_NAMESPACE}|`) && line.split('|')[2] === fn);
          expect(own).toHaveLength(9);
        }
      }),
      { numRuns: 150 },
    );
  });

  test('refuses what cannot be graphed, naming the value', () => {
    const base = { functionNames: ['orders'], region: 'us-east-1' };
    const cases: [Partial<DashboardOptions>, RegExp][] = [
      [{ functionNames: [] }, /at least one function/],
      [{ functionNames: ['orders api'] }, /function name "orders api" is not a Lambda function name/],
      [{ functionNames: ['arn:aws:lambda:us-east-1:123456789012:function:x'] }, /is not a Lambda function name/],
      [{ functionNames: Array.from({ length: 51 }, (_, index) => `f${index}`) }, /at most 50 functions/],
      [{ region: 'Europe' }, /"Europe" is not an AWS Region/],
      [{ namespace: 'AWS/Lambda' }, /namespace "AWS\/Lambda" is not one the SDK can write to/],
      [{ namespace: 'shop!' }, /namespace "shop!"/],
      [{ services: ['caf\u00e9'] }, /service "café" is not a dimension value/],
      [{ dimensions: { service: 'x' } }, /the service dimension is given by the services/],
      [{ dimensions: { stage: '' } }, /dimension stage "" is not a dimension value/],
      [
        { services: ['orders', '.'] },
        /service "\." cannot be graphed: a dashboard's metric array reads it as "as above"/,
      ],
      [{ apiNames: ['..'] }, /API name "\.\." cannot be graphed/],
      [{ namespace: '.' }, /namespace "\." cannot be graphed/],
      [{ apiNames: ['\u00fc\u00f6'] }, /an API name needs at least one ASCII character/],
      [{ logGroups: ["/aws/lambda/x' | filter"] }, /is not a log group name/],
      [{ logGroups: Array.from({ length: 51 }, (_, index) => `/g/${index}`) }, /at most 50 log groups/],
    ];
    for (const [patch, message] of cases) {
      expect(() => createDashboardBody({ ...base, ...patch })).toThrow(message);
    }
  });

  test('graphs an API name as API Gateway publishes it: non-ASCII characters dropped', () => {
    const body = createDashboardBody({ functionNames: ['orders'], region: 'us-east-1', apiNames: ['orders-\u00e4pi'] });
    expect([...graphedLines(body)].some((line) => line.includes('|orders-pi|'))).toBe(true);
  });
});

describe('placeOnGrid', () => {
  test('wraps at 24 columns, starts each group on a new row, and rows are as tall as their tallest block', () => {
    const block = (width: number, height: number) => ({ x: -1, y: -1, width, height });
    const placed = placeOnGrid([[block(24, 2)], [block(12, 6), block(8, 3), block(8, 6), block(30, 1)], [block(6, 6)]]);
    expect(placed.map(({ x, y, width }) => [x, y, width])).toEqual([
      [0, 0, 24],
      [0, 2, 12],
      [12, 2, 8],
      [0, 8, 8],
      [0, 14, 24],
      [0, 15, 6],
    ]);
  });

  test('toDashboardBody keeps the key order type, x, y, width, height, properties', () => {
    const body = toDashboardBody(resolveDashboardParameters({ functionNames: ['orders'], region: 'us-east-1' }));
    for (const widget of body.widgets) {
      expect(Object.keys(widget)).toEqual(['type', 'x', 'y', 'width', 'height', 'properties']);
    }
  });
});
