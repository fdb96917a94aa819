import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { isServerError, isThrottlingError, isTransientError } from '@smithy/core/retry';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type Fault, type LocalAws, type ServiceName, startLocalAws } from '../support/aws-local/index.js';
import { createCloudWatchClient, createLambdaClient, createLogsClient } from './clients.js';

const GROUP = '/aws/lambda/orders';
const SIGNATURE = 'a'.repeat(64);
const AUTHORIZATION = `AWS4-HMAC-SHA256 Credential=x/20240101/us-east-1/logs/aws4_request, SignedHeaders=host;x-amz-date, Signature=${SIGNATURE}`;

let aws: LocalAws;

beforeEach(async () => {
  aws = await startLocalAws();
  aws.logs.putLogEvents(GROUP, 'stream', [{ timestamp: 1_700_000_000_000, message: 'hello' }]);
  aws.lambda.putFunction({ functionName: 'orders' });
});

afterEach(async () => {
  await aws.close();
});

type SdkError = Error & { code?: string; $metadata?: { httpStatusCode?: number; attempts?: number } };

/** One call through the real client of the service, with the SDK's own retries set to `maxAttempts`. */
async function call(service: ServiceName, maxAttempts = 1): Promise<{ attempts: number | undefined }> {
  switch (service) {
    case 'logs': {
      const client = createLogsClient(aws, { maxAttempts });
      const out = await client
        .send(new FilterLogEventsCommand({ logGroupName: GROUP }))
        .finally(() => client.destroy());
      return { attempts: out.$metadata.attempts };
    }
    case 'cloudwatch': {
      const client = createCloudWatchClient(aws, { maxAttempts });
      const out = await client
        .send(
          new GetMetricDataCommand({
            StartTime: new Date(1_700_000_000_000),
            EndTime: new Date(1_700_000_600_000),
            MetricDataQueries: [
              {
                Id: 'm',
                MetricStat: { Metric: { Namespace: 'AWS/Lambda', MetricName: 'Throttles' }, Period: 60, Stat: 'Sum' },
              },
            ],
          }),
        )
        .finally(() => client.destroy());
      return { attempts: out.$metadata.attempts };
    }
    default: {
      const client = createLambdaClient(aws, { maxAttempts });
      const out = await client
        .send(new GetFunctionConfigurationCommand({ FunctionName: 'orders' }))
        .finally(() => client.destroy());
      return { attempts: out.$metadata.attempts };
    }
  }
}

async function failure(service: ServiceName): Promise<SdkError> {
  return call(service).then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error as SdkError,
  );
}

function retryable(error: SdkError): boolean {
  // The same three predicates the SDK's retry strategy uses to decide THROTTLING / TRANSIENT / SERVER_ERROR.
  return isThrottlingError(error as never) || isTransientError(error as never) || isServerError(error as never);
}

const OPERATIONS: Record<ServiceName, string> = {
  logs: 'FilterLogEvents',
  cloudwatch: 'GetMetricData',
  lambda: 'GetFunctionConfiguration',
};

describe.each([
  ['logs', { kind: 'throttle' }, 'ThrottlingException', 400, true],
  ['logs', { kind: 'server-error', httpStatus: 503 }, 'ServiceUnavailableException', 503, true],
  ['logs', { kind: 'server-error', httpStatus: 500 }, 'ServiceUnavailableException', 500, true],
  ['logs', { kind: 'access-denied' }, 'AccessDeniedException', 400, false],
  ['logs', { kind: 'unknown-operation' }, 'UnknownOperationException', 400, false],
  ['cloudwatch', { kind: 'throttle' }, 'Throttling', 400, true],
  ['cloudwatch', { kind: 'server-error', httpStatus: 500 }, 'InternalServiceFault', 500, true],
  ['cloudwatch', { kind: 'server-error', httpStatus: 503 }, 'ServiceUnavailable', 503, true],
  ['cloudwatch', { kind: 'access-denied' }, 'AccessDenied', 403, false],
  ['cloudwatch', { kind: 'unknown-operation' }, 'UnknownOperationException', 400, false],
  ['lambda', { kind: 'throttle' }, 'TooManyRequestsException', 429, true],
  ['lambda', { kind: 'server-error', httpStatus: 500 }, 'ServiceException', 500, true],
  ['lambda', { kind: 'server-error', httpStatus: 503 }, 'ServiceException', 503, true],
  ['lambda', { kind: 'access-denied' }, 'AccessDeniedException', 403, false],
  ['lambda', { kind: 'unknown-operation' }, 'UnknownOperationException', 404, false],
] as const)('%s %o', (service, fault: Fault, name, httpStatus, isRetryable) => {
  test(`surfaces as ${name} (${httpStatus}), ${isRetryable ? '' : 'not '}retryable by the SDK`, async () => {
    aws.faults.add({ service, operation: OPERATIONS[service], fault });
    const error = await failure(service);
    expect(error.name).toBe(name);
    expect(error.$metadata?.httpStatusCode).toBe(httpStatus);
    expect(retryable(error)).toBe(isRetryable);
    expect(isThrottlingError(error as never)).toBe(fault.kind === 'throttle');
    const [entry] = aws.requests.entries({ service });
    expect(entry?.outcome).toMatchObject({ kind: 'error', errorType: name, injected: fault.kind });
  });

  test(`the SDK's own retries ${isRetryable ? 'recover from two' : 'give up after one'}`, async () => {
    aws.faults.add({ service, fault, times: 2 });
    if (isRetryable) {
      expect(await call(service, 3)).toEqual({ attempts: 3 });
      expect(aws.requests.entries({ service }).map((entry) => entry.outcome.kind)).toEqual(['error', 'error', 'ok']);
    } else {
      await expect(call(service, 3)).rejects.toMatchObject({ name, $metadata: { attempts: 1 } });
    }
  }, 20_000);
});

describe('connection resets', () => {
  test.each(['reset-before-response', 'reset-mid-response'] as const)(
    '%s is ECONNRESET, transient, and retried',
    async (kind) => {
      aws.faults.add({ operation: 'FilterLogEvents', fault: { kind } });
      const error = await failure('logs');
      expect(error.code).toBe('ECONNRESET');
      expect(isTransientError(error as never)).toBe(true);
      aws.faults.add({ operation: 'FilterLogEvents', fault: { kind }, times: 2 });
      expect(await call('logs', 3)).toEqual({ attempts: 3 });
      expect(aws.requests.entries({ operation: 'FilterLogEvents' }).map((entry) => entry.outcome.kind)).toEqual([
        'reset',
        'reset',
        'reset',
        'ok',
      ]);
    },
    20_000,
  );
});

describe('slow responses', () => {
  test('a delayed response arrives late but intact', async () => {
    aws.faults.add({ operation: 'FilterLogEvents', fault: { kind: 'delay', delayMs: 300 } });
    const started = performance.now();
    await call('logs');
    // A lower bound only: the server's 300 ms timer cannot fire early.
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(aws.requests.entries()[0]).toMatchObject({ delayMs: 300, outcome: { kind: 'ok' } });
  });

  test('a delay beyond the client request timeout is a TimeoutError (only with throwOnRequestTimeout)', async () => {
    aws.faults.add({ operation: 'FilterLogEvents', fault: { kind: 'delay', delayMs: 1000 } });
    const client = new CloudWatchLogsClient({
      endpoint: aws.endpoint,
      region: aws.region,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      maxAttempts: 1,
      // Without throwOnRequestTimeout this SDK version only logs a warning and keeps waiting.
      requestHandler: { requestTimeout: 100, throwOnRequestTimeout: true },
    });
    const error = await client.send(new FilterLogEventsCommand({ logGroupName: GROUP })).then(
      () => undefined,
      (caught: unknown) => caught as SdkError,
    );
    client.destroy();
    expect(error?.name).toBe('TimeoutError');
    expect(isTransientError(error as never)).toBe(true);
  });
});

describe('rate limits per account, like the service quotas', () => {
  test('above R requests per second the extra requests are throttled, per access key', async () => {
    // A frozen window clock: the burst is one window however slowly a loaded machine delivers its twelve requests.
    aws.faults.addRateLimit({
      requestsPerSecond: 5,
      service: 'logs',
      operations: ['FilterLogEvents'],
      windowClockMs: () => 0,
    });
    const burst = async (accessKeyId: string) => {
      const client = createLogsClient(aws, { accessKeyId });
      const outcomes = await Promise.allSettled(
        Array.from({ length: 12 }, () => client.send(new FilterLogEventsCommand({ logGroupName: GROUP }))),
      );
      client.destroy();
      return outcomes;
    };
    const first = await burst('account-a');
    expect(first.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(5);
    const rejected = first.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(rejected.map((outcome) => (outcome.reason as Error).name)).toEqual(Array(7).fill('ThrottlingException'));
    const second = await burst('account-b');
    expect(second.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(5);
    const admitted = aws.requests.entries().filter((entry) => entry.outcome.kind === 'ok');
    expect(admitted.map((entry) => entry.accessKeyId).sort()).toEqual([
      ...Array(5).fill('account-a'),
      ...Array(5).fill('account-b'),
    ]);
    expect(
      aws.requests
        .entries()
        .filter((entry) => entry.outcome.kind === 'error' && entry.outcome.injected === 'rate-limit'),
    ).toHaveLength(14);
  });

  test('requests spread over time stay under the limit and the log measures the peak rate', async () => {
    aws.faults.addRateLimit({ requestsPerSecond: 4 });
    // Each request leaves after the last answer and a 260 ms timer: load only spreads them further apart.
    for (let i = 0; i < 6; i += 1) {
      await call('logs');
      await new Promise((resolve) => setTimeout(resolve, 260));
    }
    expect(aws.requests.entries().every((entry) => entry.outcome.kind === 'ok')).toBe(true);
    expect(aws.requests.peakRequestsPerWindow({ service: 'logs' })).toBeLessThanOrEqual(4);
  });
});

describe('authentication and protocol details', () => {
  test('an unsigned request is refused like the service does', async () => {
    const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.FilterLogEvents' };
    const body = JSON.stringify({ logGroupName: GROUP });
    const missing = await fetch(aws.endpoint, { method: 'POST', headers, body });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ __type: 'MissingAuthenticationTokenException' });
    const malformed = await fetch(aws.endpoint, {
      method: 'POST',
      headers: { ...headers, authorization: 'Bearer x' },
      body,
    });
    expect(await malformed.json()).toMatchObject({ __type: 'IncompleteSignatureException' });
    const signed = await fetch(aws.endpoint, {
      method: 'POST',
      headers: { ...headers, authorization: AUTHORIZATION },
      body,
    });
    expect(signed.status).toBe(200);
    expect(signed.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('CloudWatch sends x-amzn-query-error only to clients in query mode (x-amzn-query-mode: true)', async () => {
    aws.faults.add({ service: 'cloudwatch', fault: { kind: 'throttle' }, times: 2 });
    const request = (queryMode: boolean) =>
      fetch(aws.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'GraniteServiceVersion20100801.ListDashboards',
          authorization: AUTHORIZATION,
          ...(queryMode ? { 'x-amzn-query-mode': 'true' } : {}),
        },
        body: '{}',
      });
    expect((await request(true)).headers.get('x-amzn-query-error')).toBe('Throttling;Sender');
    expect((await request(false)).headers.get('x-amzn-query-error')).toBeNull();
  });

  test('an unknown target or path is UnknownOperationException, and the server keeps serving', async () => {
    const unknown = await fetch(aws.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'Logs_20140328.PutLogEvents',
        authorization: AUTHORIZATION,
      },
      body: '{}',
    });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ __type: 'UnknownOperationException' });
    const path = await fetch(`${aws.endpoint}/2015-03-31/functions/orders/invocations`, {
      headers: { authorization: AUTHORIZATION },
    });
    expect(path.status).toBe(404);
    expect(path.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    expect(await call('logs')).toEqual({ attempts: 1 });
  });

  test('a rule for one operation leaves the others alone and is used up after its count', async () => {
    const rule = aws.faults.add({ operation: 'GetFunctionConfiguration', fault: { kind: 'throttle' }, times: 2 });
    expect(await call('logs')).toEqual({ attempts: 1 });
    await expect(call('lambda')).rejects.toMatchObject({ name: 'TooManyRequestsException' });
    expect(rule.remaining()).toBe(1);
    await expect(call('lambda')).rejects.toMatchObject({ name: 'TooManyRequestsException' });
    expect(await call('lambda')).toEqual({ attempts: 1 });
    expect(rule.applied()).toBe(2);
  });
});
