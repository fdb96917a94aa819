import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type LocalAws, type StoredLogEvent, startLocalAws } from '../support/aws-local/index.js';

const run = promisify(execFile);

/** The Debian AWS CLI v2 (installed by the test global setup), never the pyenv shim that comes first on PATH. */
const AWS_CLI = '/usr/bin/aws';
const GROUP = '/aws/lambda/orders';
const STREAMS = [
  '2026/01/02/[$LATEST]8b8754041414437ca5b22b9106549a2f',
  '2026/01/02/[$LATEST]4d9204ca996c4d9bb21818e050ff8fee',
];

let aws: LocalAws;
let stored: StoredLogEvent[];
const nowMs = Date.now();

async function cli(...args: string[]): Promise<string> {
  const { stdout } = await run(AWS_CLI, [...args, '--endpoint-url', aws.endpoint, '--color', 'off'], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      AWS_ACCESS_KEY_ID: 'x',
      AWS_SECRET_ACCESS_KEY: 'x',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_PAGER: '',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_EC2_METADATA_DISABLED: 'true',
    },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

/** Member names of a shape in the service model bundled with this CLI. */
function cliModelMembers(service: string, shape: string): Set<string> {
  const model = JSON.parse(
    readFileSync(`/usr/lib/python3/dist-packages/awscli/botocore/data/${service}/service-2.json`, 'utf8'),
  );
  return new Set(Object.keys(model.shapes[shape].members));
}

async function cliError(...args: string[]): Promise<string> {
  return cli(...args).then(
    () => 'expected the CLI to fail',
    (error: unknown) => String((error as { stderr?: string }).stderr),
  );
}

beforeAll(async () => {
  aws = await startLocalAws();
  // 40 minutes of invocations ending a minute ago, so `--since 1h` from the CLI's own clock covers them.
  const start = nowMs - 40 * 60_000;
  stored = Array.from({ length: 45 }, (_, i) => {
    const timestamp = start + i * 50_000 + (i % 4) * 7;
    const stream = STREAMS[i % 2] as string;
    const message =
      i % 5 === 4
        ? `REPORT RequestId: 00000000-0000-4000-8000-${String(i).padStart(12, '0')}\tDuration: ${10 + i}.5 ms\tBilled Duration: ${11 + i} ms\tMemory Size: 128 MB\tMax Memory Used: ${60 + i} MB\t`
        : i % 7 === 3
          ? `${new Date(timestamp).toISOString()}\t${i}\tERROR\tboom ${i}`
          : `${new Date(timestamp).toISOString()}\t${i}\tINFO\tprocessed order ${i}`;
    return aws.logs.putLogEvents(GROUP, stream, [{ timestamp, message }]);
  }).flat();
});

afterAll(async () => {
  await aws.close();
});

function sortedTruth(): StoredLogEvent[] {
  return stored.toSorted(
    (a, b) => a.timestamp - b.timestamp || a.ingestionTime - b.ingestionTime || a.sequence - b.sequence,
  );
}

describe('the real AWS CLI v2 against the local server', () => {
  test('logs filter-log-events paginates on its own (--page-size) and prints exactly the stored events', async () => {
    aws.requests.clear();
    const output = JSON.parse(await cli('logs', 'filter-log-events', '--log-group-name', GROUP, '--page-size', '7'));
    expect(output.events).toEqual(
      sortedTruth().map((event) => ({
        logStreamName: event.logStreamName,
        timestamp: event.timestamp,
        message: event.message,
        ingestionTime: event.ingestionTime,
        eventId: event.eventId,
      })),
    );
    expect(output.nextToken).toBeUndefined();
    const requests = aws.requests.entries({ operation: 'FilterLogEvents' });
    expect(requests).toHaveLength(Math.ceil(45 / 7));
    expect(requests.every((entry) => (entry.parameters as { limit?: number }).limit === 7)).toBe(true);
  });

  test('logs filter-log-events with --filter-pattern and a time range, through empty pages', async () => {
    aws.setFilterLogEventsQuirks({ emptyPageEvery: 2, maxEventsPerPage: 3 });
    const startTime = stored[10]?.timestamp ?? 0;
    const endTime = stored[40]?.timestamp ?? 0;
    const output = JSON.parse(
      await cli(
        'logs',
        'filter-log-events',
        '--log-group-name',
        GROUP,
        '--filter-pattern',
        '?REPORT ?ERROR',
        '--start-time',
        String(startTime),
        '--end-time',
        String(endTime),
      ),
    );
    aws.setFilterLogEventsQuirks({});
    const expected = sortedTruth().filter(
      (event) => event.timestamp >= startTime && event.timestamp <= endTime && /^REPORT|\tERROR\t/.test(event.message),
    );
    expect(expected.length).toBeGreaterThan(5);
    expect(output.events.map((event: { eventId: string }) => event.eventId)).toEqual(
      expected.map((event) => event.eventId),
    );
  });

  test('logs tail --since 1h prints the detailed format: ISO time with microseconds, stream, message', async () => {
    const output = await cli('logs', 'tail', GROUP, '--since', '1h');
    const expected = sortedTruth().map(
      (event) =>
        `${new Date(event.timestamp).toISOString().replace('Z', '000+00:00')} ${event.logStreamName} ${event.message.trimEnd()}`,
    );
    expect(output.split('\n').filter((line) => line !== '')).toEqual(expected);
    const [request] = aws.requests.entries({ operation: 'FilterLogEvents' }).slice(-1);
    expect(request?.parameters).toMatchObject({ logGroupName: GROUP, interleaved: true });
  });

  test('logs tail --format short prints second-resolution times and messages', async () => {
    const output = await cli('logs', 'tail', GROUP, '--since', '1h', '--format', 'short');
    const expected = sortedTruth().map(
      (event) => `${new Date(event.timestamp).toISOString().slice(0, 19)} ${event.message.trimEnd()}`,
    );
    expect(output.split('\n').filter((line) => line !== '')).toEqual(expected);
  });

  test('logs start-query and get-query-results answer like the SDK path', async () => {
    const startTime = String(Math.floor((nowMs - 3_600_000) / 1000));
    const endTime = String(Math.ceil(nowMs / 1000));
    const { queryId } = JSON.parse(
      await cli(
        'logs',
        'start-query',
        '--log-group-name',
        GROUP,
        '--start-time',
        startTime,
        '--end-time',
        endTime,
        '--query-string',
        'filter @type = "REPORT" | stats count(*) as n, max(@maxMemoryUsed / 1000 / 1000) as peakMb',
      ),
    );
    let result: {
      status: string;
      results: { field: string; value: string }[][];
      statistics: { recordsScanned: number };
    };
    do {
      result = JSON.parse(await cli('logs', 'get-query-results', '--query-id', queryId));
    } while (result.status !== 'Complete');
    const reports = stored.filter((event) => event.message.startsWith('REPORT'));
    const peak = Math.max(...reports.map((event) => Number(/Max Memory Used: (\d+)/.exec(event.message)?.[1])));
    expect(result.results).toEqual([
      [
        { field: 'n', value: String(reports.length) },
        { field: 'peakMb', value: String(peak) },
      ],
    ]);
    expect(result.statistics.recordsScanned).toBe(stored.length);
  });

  test('lambda get-function-configuration prints the seeded configuration', async () => {
    aws.lambda.putFunction({
      functionName: 'orders',
      memorySizeMb: 512,
      architecture: 'arm64',
      systemLogLevel: 'WARN',
      logFormat: 'JSON',
    });
    const configuration = JSON.parse(await cli('lambda', 'get-function-configuration', '--function-name', 'orders'));
    // The CLI prints only the members its bundled model knows: 2.9 predates LoggingConfig (November 2023).
    const known = cliModelMembers('lambda/2015-03-31', 'FunctionConfiguration');
    const truth = aws.lambda.toConfiguration(aws.lambda.getFunction('orders') ?? { functionName: '' }, undefined);
    expect(configuration).toEqual(Object.fromEntries(Object.entries(truth).filter(([member]) => known.has(member))));
    expect(configuration).toMatchObject({ MemorySize: 512, Architectures: ['arm64'] });
    expect('LoggingConfig' in configuration).toBe(known.has('LoggingConfig'));
    expect(await cliError('lambda', 'get-function-configuration', '--function-name', 'missing')).toContain(
      'An error occurred (ResourceNotFoundException) when calling the GetFunctionConfiguration operation',
    );
  });
});

describe('CloudWatch through the CLI, which speaks AWS Query (form-encoded, XML) in Debian awscli 2.9', () => {
  test('cloudwatch get-metric-data', async () => {
    const t0 = Date.UTC(2024, 0, 1, 0, 0, 0);
    aws.cloudwatch.putMetricData(
      [0, 1, 2, 3, 4, 5].map((i) => ({
        namespace: 'AWS/Lambda',
        metricName: 'Throttles',
        dimensions: { FunctionName: 'orders' },
        timestampMs: t0 + i * 30_000,
        value: i + 0.5,
      })),
    );
    const queries = [
      {
        Id: 'throttles',
        MetricStat: {
          Metric: {
            Namespace: 'AWS/Lambda',
            MetricName: 'Throttles',
            Dimensions: [{ Name: 'FunctionName', Value: 'orders' }],
          },
          Period: 60,
          Stat: 'Sum',
        },
      },
    ];
    const output = JSON.parse(
      await cli(
        'cloudwatch',
        'get-metric-data',
        '--start-time',
        new Date(t0).toISOString(),
        '--end-time',
        new Date(t0 + 3 * 60_000).toISOString(),
        '--scan-by',
        'TimestampAscending',
        '--metric-data-queries',
        JSON.stringify(queries),
      ),
    );
    expect(output.MetricDataResults).toEqual([
      {
        Id: 'throttles',
        Label: 'Throttles',
        Timestamps: ['2024-01-01T00:00:00+00:00', '2024-01-01T00:01:00+00:00', '2024-01-01T00:02:00+00:00'],
        Values: [0.5 + 1.5, 2.5 + 3.5, 4.5 + 5.5],
        StatusCode: 'Complete',
      },
    ]);
    expect(aws.requests.entries({ operation: 'GetMetricData' }).at(-1)?.parameters).toMatchObject({
      StartTime: '2024-01-01T00:00:00Z',
    });
  });

  test('cloudwatch put-dashboard stores the body; an invalid body is InvalidParameterInput', async () => {
    const body = JSON.stringify({
      widgets: [{ type: 'text', x: 0, y: 0, width: 6, height: 3, properties: { markdown: 'hi' } }],
    });
    expect(
      JSON.parse(await cli('cloudwatch', 'put-dashboard', '--dashboard-name', 'orders', '--dashboard-body', body)),
    ).toEqual({
      DashboardValidationMessages: [],
    });
    expect(aws.cloudwatch.getDashboard('orders')?.dashboardBody).toBe(body);
    expect(
      await cliError('cloudwatch', 'put-dashboard', '--dashboard-name', 'bad', '--dashboard-body', '{"widgets":[{}]}'),
    ).toContain('An error occurred (InvalidParameterInput) when calling the PutDashboard operation');
    expect(aws.cloudwatch.getDashboard('bad')).toBeUndefined();
  });
});
