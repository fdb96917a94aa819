import {
  type CloudWatchClient,
  DeleteDashboardsCommand,
  GetDashboardCommand,
  GetMetricDataCommand,
  type GetMetricDataCommandInput,
  ListDashboardsCommand,
  type MetricDataQuery,
  type MetricDataResult,
  PutDashboardCommand,
} from '@aws-sdk/client-cloudwatch';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type LocalAws, startLocalAws } from '../support/aws-local/index.js';
import { createCloudWatchClient } from './clients.js';

const T0 = Date.UTC(2024, 4, 20, 16, 0, 0);
const MINUTE = 60_000;

let aws: LocalAws;
let client: CloudWatchClient;

/** Throttles of function "orders": 3 samples a minute for 20 minutes, values known to the test. */
const SAMPLES = Array.from({ length: 60 }, (_, i) => ({
  timestampMs: T0 + Math.floor(i / 3) * MINUTE + (i % 3) * 10_000,
  value: (i * 7) % 11,
}));

beforeEach(async () => {
  aws = await startLocalAws({ nowMs: () => T0 + 3_600_000 });
  client = createCloudWatchClient(aws);
  aws.cloudwatch.putMetricData(
    SAMPLES.map((sample) => ({
      namespace: 'AWS/Lambda',
      metricName: 'Throttles',
      dimensions: { FunctionName: 'orders' },
      ...sample,
    })),
  );
  aws.cloudwatch.putMetricData([
    {
      namespace: 'AWS/Lambda',
      metricName: 'Throttles',
      dimensions: { FunctionName: 'orders', Resource: 'orders:live' },
      timestampMs: T0,
      value: 1000,
    },
  ]);
});

afterEach(async () => {
  client.destroy();
  await aws.close();
});

function throttles(id: string, stat: string, periodS = 60, extra: Partial<MetricDataQuery> = {}): MetricDataQuery {
  return {
    Id: id,
    MetricStat: {
      Metric: {
        Namespace: 'AWS/Lambda',
        MetricName: 'Throttles',
        Dimensions: [{ Name: 'FunctionName', Value: 'orders' }],
      },
      Period: periodS,
      Stat: stat,
    },
    ...extra,
  };
}

function byBucket(periodMs: number): Map<number, number[]> {
  const buckets = new Map<number, number[]>();
  for (const sample of SAMPLES) {
    const bucket = Math.floor((sample.timestampMs - T0) / periodMs) * periodMs + T0;
    buckets.set(bucket, [...(buckets.get(bucket) ?? []), sample.value]);
  }
  return buckets;
}

function series(result: MetricDataResult | undefined): [number, number][] {
  return (result?.Timestamps ?? []).map((timestamp, index) => [
    timestamp.getTime(),
    result?.Values?.[index] ?? Number.NaN,
  ]);
}

async function send(input: Partial<GetMetricDataCommandInput>) {
  return client.send(
    new GetMetricDataCommand({
      StartTime: new Date(T0),
      EndTime: new Date(T0 + 20 * MINUTE),
      MetricDataQueries: [],
      ...input,
    }),
  );
}

describe('GetMetricData through the real SDK client (JSON 1.0, awsQueryCompatible)', () => {
  test('each statistic per period, newest first by default, computed independently here', async () => {
    const response = await send({
      MetricDataQueries: [
        throttles('sum', 'Sum', 300),
        throttles('avg', 'Average', 300),
        throttles('lo', 'Minimum', 300),
        throttles('hi', 'Maximum', 300),
        throttles('n', 'SampleCount', 300),
        throttles('p90', 'p90', 300),
      ],
    });
    const buckets = [...byBucket(5 * MINUTE).entries()].sort(([a], [b]) => b - a);
    const expect90 = (values: number[]) =>
      values.toSorted((a, b) => a - b)[Math.ceil(0.9 * values.length) - 1] as number;
    const expected: Record<string, (values: number[]) => number> = {
      sum: (values) => values.reduce((a, b) => a + b, 0),
      avg: (values) => values.reduce((a, b) => a + b, 0) / values.length,
      lo: (values) => Math.min(...values),
      hi: (values) => Math.max(...values),
      n: (values) => values.length,
      p90: expect90,
    };
    for (const result of response.MetricDataResults ?? []) {
      const compute = expected[result.Id ?? ''];
      expect(series(result)).toEqual(buckets.map(([bucket, values]) => [bucket, compute?.(values)]));
      expect(result.StatusCode).toBe('Complete');
      expect(result.Label).toBe('Throttles');
    }
    expect(response.MetricDataResults).toHaveLength(6);
  });

  test('ScanBy ascending, EndTime exclusive, StartTime rounded down to the minute', async () => {
    const response = await send({
      StartTime: new Date(T0 + 30_000),
      EndTime: new Date(T0 + 3 * MINUTE),
      ScanBy: 'TimestampAscending',
      MetricDataQueries: [throttles('sum', 'Sum')],
    });
    const buckets = byBucket(MINUTE);
    expect(series(response.MetricDataResults?.[0])).toEqual(
      [T0, T0 + MINUTE, T0 + 2 * MINUTE].map((bucket) => [bucket, buckets.get(bucket)?.reduce((a, b) => a + b, 0)]),
    );
  });

  test('dimensions must match exactly; ReturnData false and Label are honoured', async () => {
    const response = await send({
      MetricDataQueries: [
        throttles('hidden', 'Sum', 60, { ReturnData: false }),
        throttles('labelled', 'Sum', 1200, { Label: 'orders throttles' }),
        {
          Id: 'alias',
          MetricStat: {
            Metric: {
              Namespace: 'AWS/Lambda',
              MetricName: 'Throttles',
              Dimensions: [
                { Name: 'Resource', Value: 'orders:live' },
                { Name: 'FunctionName', Value: 'orders' },
              ],
            },
            Period: 60,
            Stat: 'Sum',
          },
        },
        {
          Id: 'none',
          MetricStat: { Metric: { Namespace: 'AWS/Lambda', MetricName: 'Throttles' }, Period: 60, Stat: 'Sum' },
        },
      ],
    });
    expect(response.MetricDataResults?.map((result) => [result.Id, result.Label, result.Values])).toEqual([
      ['labelled', 'orders throttles', [SAMPLES.reduce((total, sample) => total + sample.value, 0)]],
      ['alias', 'Throttles', [1000]],
      ['none', 'Throttles', []],
    ]);
  });

  test('MaxDatapoints paginates across queries with NextToken and PartialData', async () => {
    const queries = [throttles('a', 'Sum'), throttles('b', 'Maximum')];
    const full = await send({ MetricDataQueries: queries });
    const collected = new Map<string, [number, number][]>();
    const statuses: string[][] = [];
    let nextToken: string | undefined;
    do {
      const page = await send({
        MetricDataQueries: queries,
        MaxDatapoints: 7,
        ...(nextToken ? { NextToken: nextToken } : {}),
      });
      statuses.push((page.MetricDataResults ?? []).map((result) => result.StatusCode ?? ''));
      for (const result of page.MetricDataResults ?? []) {
        collected.set(result.Id ?? '', [...(collected.get(result.Id ?? '') ?? []), ...series(result)]);
      }
      nextToken = page.NextToken;
    } while (nextToken !== undefined);
    expect(collected.get('a')).toEqual(series(full.MetricDataResults?.[0]));
    expect(collected.get('b')).toEqual(series(full.MetricDataResults?.[1]));
    expect(statuses).toHaveLength(Math.ceil(40 / 7));
    expect(statuses[0]).toEqual(['PartialData', 'PartialData']);
    expect(statuses.at(-1)).toEqual(['Complete', 'Complete']);
  });

  test('unsupported or invalid queries fail clearly, with the query-compatible error code', async () => {
    const cases: [Partial<GetMetricDataCommandInput>, string, string][] = [
      [
        { MetricDataQueries: [{ Id: 'e1', Expression: 'SUM(METRICS())' }] },
        'InvalidParameterValueException',
        'Expression queries are not supported',
      ],
      [{ MetricDataQueries: [throttles('p', 'Sum', 45)] }, 'InvalidParameterValueException', 'Period'],
      [{ MetricDataQueries: [throttles('p', 'tm99')] }, 'InvalidParameterValueException', 'tm99'],
      [{ MetricDataQueries: [throttles('Bad', 'Sum')] }, 'ValidationException', 'lowercase'],
      [{ MetricDataQueries: [throttles('a', 'Sum'), throttles('a', 'Sum')] }, 'ValidationException', 'not unique'],
      [{ MetricDataQueries: [throttles('a', 'Sum')], EndTime: new Date(T0) }, 'ValidationException', 'StartTime'],
    ];
    for (const [input, name, message] of cases) {
      const error = await send(input).then(
        () => undefined,
        (caught: unknown) => caught as Error & { Code?: string; $metadata: { httpStatusCode?: number } },
      );
      expect(error?.name, JSON.stringify(input.MetricDataQueries?.[0])).toBe(name);
      expect(error?.message).toContain(message);
      expect(error?.$metadata.httpStatusCode).toBe(400);
      expect(error?.Code).toBe(name === 'ValidationException' ? 'ValidationError' : 'InvalidParameterValue');
    }
  });
});

describe('dashboards', () => {
  const BODY = JSON.stringify({
    widgets: [
      {
        type: 'metric',
        x: 0,
        y: 0,
        width: 12,
        height: 6,
        properties: {
          region: 'us-east-1',
          metrics: [
            ['AWS/Lambda', 'Duration', 'FunctionName', 'orders', { stat: 'p99' }],
            ['.', 'Errors', '.', '.'],
          ],
        },
      },
      {
        type: 'log',
        x: 12,
        y: 0,
        width: 12,
        height: 6,
        properties: {
          region: 'us-east-1',
          query: 'SOURCE \'/aws/lambda/orders\' | filter @type = "REPORT" | stats count(*)',
        },
      },
      { type: 'text', x: 0, y: 6, width: 24, height: 2, properties: { markdown: '# Orders' } },
    ],
  });

  test('PutDashboard stores a valid body; Get, List and Delete see it', async () => {
    expect(
      (await client.send(new PutDashboardCommand({ DashboardName: 'orders-prod', DashboardBody: BODY })))
        .DashboardValidationMessages,
    ).toEqual([]);
    await client.send(new PutDashboardCommand({ DashboardName: 'payments', DashboardBody: '{"widgets":[]}' }));
    expect(aws.cloudwatch.getDashboard('orders-prod')?.dashboardBody).toBe(BODY);
    expect(await client.send(new GetDashboardCommand({ DashboardName: 'orders-prod' }))).toMatchObject({
      DashboardName: 'orders-prod',
      DashboardBody: BODY,
      DashboardArn: `arn:aws:cloudwatch::${aws.accountId}:dashboard/orders-prod`,
    });
    const listed = await client.send(new ListDashboardsCommand({ DashboardNamePrefix: 'orders' }));
    expect(listed.DashboardEntries?.map((entry) => [entry.DashboardName, entry.Size])).toEqual([
      ['orders-prod', Buffer.byteLength(BODY)],
    ]);
    expect(listed.DashboardEntries?.[0]?.LastModified).toEqual(new Date(T0 + 3_600_000));
    await expect(
      client.send(new DeleteDashboardsCommand({ DashboardNames: ['payments', 'missing'] })),
    ).rejects.toMatchObject({
      $metadata: { httpStatusCode: 404 },
      Code: 'ResourceNotFound',
    });
    expect(aws.cloudwatch.dashboards().map((dashboard) => dashboard.dashboardName)).toEqual([
      'orders-prod',
      'payments',
    ]);
    await client.send(new DeleteDashboardsCommand({ DashboardNames: ['payments'] }));
    // DashboardNotFoundError shares the query code ResourceNotFound, which the SDK resolves to its ResourceNotFound shape.
    await expect(client.send(new GetDashboardCommand({ DashboardName: 'payments' }))).rejects.toMatchObject({
      name: 'ResourceNotFound',
      $metadata: { httpStatusCode: 404 },
    });
  });

  test('invalid JSON is DashboardInvalidInputError (InvalidParameterInput)', async () => {
    const error = await client
      .send(new PutDashboardCommand({ DashboardName: 'x', DashboardBody: '{"widgets": [' }))
      .then(
        () => undefined,
        (caught: unknown) => caught as Error & { Code?: string; dashboardValidationMessages?: unknown[] },
      );
    expect(error?.name).toBe('DashboardInvalidInputError');
    expect(error?.Code).toBe('InvalidParameterInput');
    expect(error?.message).toBe('The field DashboardBody must be a valid JSON object');
    expect(error?.dashboardValidationMessages).toHaveLength(1);
    expect(aws.cloudwatch.dashboards()).toEqual([]);
  });

  test.each([
    ['{"widget": []}', [{ DataPath: '', Message: "Should have required property 'widgets'" }]],
    ['[]', [{ DataPath: '', Message: 'Should be object' }]],
    [
      '{"widgets": [{"x": 0, "properties": {}}]}',
      [{ DataPath: '/widgets/0', Message: "Should have required property 'type'" }],
    ],
    [
      '{"widgets": [{"type": "metric", "width": 30, "properties": {"metrics": [["AWS/Lambda"]]}}]}',
      [
        { DataPath: '/widgets/0/width', Message: 'Should be <= 24' },
        { DataPath: '/widgets/0/properties', Message: "Should have required property 'region'" },
        {
          DataPath: '/widgets/0/properties/metrics/0',
          Message: 'Dimensions must come in name/value pairs after the namespace and metric name',
        },
      ],
    ],
    [
      '{"widgets": [{"type": "log", "properties": {"region": "us-east-1", "query": "fields @message"}}]}',
      [{ DataPath: '/widgets/0/properties/query', Message: "The query must start with SOURCE '<log group>'" }],
    ],
    [
      '{"widgets": [{"type": "chart", "properties": {}}]}',
      [{ DataPath: '/widgets/0/type', Message: 'Should be equal to one of the allowed values' }],
    ],
  ])('%s → validation messages', async (body, messages) => {
    await expect(
      client.send(new PutDashboardCommand({ DashboardName: 'x', DashboardBody: body })),
    ).rejects.toMatchObject({
      name: 'DashboardInvalidInputError',
      dashboardValidationMessages: messages,
    });
  });
});
