import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { LocalAws } from '../../../../test/support/aws-local/index.js';
import { classifyAwsError, describeAwsError } from '../../src/aws/aws-errors.js';
import { parseAwsFlags } from '../../src/aws/aws-options.js';
import { createAwsSession } from '../../src/aws/aws-session.js';
import { createSdkLogger } from '../../src/aws/sdk-logger.js';
import { UsageError } from '../../src/errors.js';
import { createLocalSession } from './support/aws-session.js';
import { startLocalCloudWatch } from './support/local-cloudwatch.js';

let aws: LocalAws | undefined;
afterEach(async () => {
  await aws?.close();
  aws = undefined;
});

/** Points the SDK's shared config loader at a config file of our own for the duration of `run`. */
async function withConfigFile<T>(text: string, run: () => Promise<T>): Promise<T> {
  const directory = mkdtempSync(join(tmpdir(), 'lambdatop-config-'));
  const file = join(directory, 'config');
  writeFileSync(file, text);
  const saved = { config: process.env.AWS_CONFIG_FILE, region: process.env.AWS_REGION };
  process.env.AWS_CONFIG_FILE = file;
  delete process.env.AWS_REGION;
  try {
    return await run();
  } finally {
    if (saved.config === undefined) delete process.env.AWS_CONFIG_FILE;
    else process.env.AWS_CONFIG_FILE = saved.config;
    if (saved.region !== undefined) process.env.AWS_REGION = saved.region;
  }
}

describe('the Region, as the AWS CLI resolves it', () => {
  const options = { maxRequestsPerSecond: 4 };
  test.each([
    [{ region: 'eu-west-1' }, { AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'ap-south-1' }, 'eu-west-1'],
    [{}, { AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'ap-south-1' }, 'us-west-2'],
    [{}, { AWS_DEFAULT_REGION: 'ap-south-1' }, 'ap-south-1'],
  ])('flags %j, environment %j: %s', async (flags, env, expected) => {
    const session = await createAwsSession({ ...options, ...flags }, { env });
    expect(session.region).toBe(expected);
    session.destroy();
  });

  test("then the profile's region in ~/.aws/config, and a one-line error when there is none", async () => {
    const config =
      '[default]\nregion = eu-north-1\n\n[profile dev]\nregion = ca-central-1\n\n[profile bare]\noutput = json\n';
    await withConfigFile(config, async () => {
      const fromDefault = await createAwsSession(options, { env: {} });
      expect(fromDefault.region).toBe('eu-north-1');
      const fromProfile = await createAwsSession({ ...options, profile: 'dev' }, { env: {} });
      expect(fromProfile.region).toBe('ca-central-1');
      const fromEnvProfile = await createAwsSession(options, { env: { AWS_PROFILE: 'dev' } });
      expect(fromEnvProfile.region).toBe('ca-central-1');
      for (const session of [fromDefault, fromProfile, fromEnvProfile]) session.destroy();
      await expect(createAwsSession({ ...options, profile: 'bare' }, { env: {} })).rejects.toEqual(
        new UsageError('no AWS Region: pass --region, set AWS_REGION, or set region in profile bare of ~/.aws/config'),
      );
    });
  });
});

describe('session.call: retries through the shared limiter', () => {
  test('transient errors are retried with backoff; permanent ones fail at once; throttles slow the limiter', async () => {
    aws = await startLocalCloudWatch();
    aws.lambda.putFunction({ functionName: 'orders' });
    const session = await createLocalSession(aws, { maxRequestsPerSecond: 40 });
    const lambda = await session.lambda();
    const { GetFunctionConfigurationCommand } = await import('@aws-sdk/client-lambda');
    const get = (name: string) =>
      session.call('GetFunctionConfiguration', () =>
        lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name })),
      );
    aws.faults.add({ fault: { kind: 'throttle' }, service: 'lambda' });
    aws.faults.add({ fault: { kind: 'server-error', httpStatus: 503 }, service: 'lambda' });
    aws.faults.add({ fault: { kind: 'reset-before-response' }, service: 'lambda' });
    aws.faults.add({ fault: { kind: 'reset-mid-response' }, service: 'lambda' });
    await expect(get('orders')).resolves.toMatchObject({ FunctionName: 'orders' });
    expect(session.stats()).toEqual({ requests: 5, throttles: 1, retries: 4, failures: 0 });
    expect(session.limiter.currentRate()).toBeLessThan(40);
    await expect(get('missing')).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect(session.stats()).toMatchObject({ requests: 6, failures: 1 });
    aws.faults.add({ fault: { kind: 'server-error' }, service: 'lambda', times: 20 });
    await expect(
      session.call(
        'GetFunctionConfiguration',
        () => lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'orders' })),
        {
          maxAttempts: 3,
        },
      ),
    ).rejects.toMatchObject({ $fault: 'server' });
    expect(session.stats()).toMatchObject({ requests: 9, failures: 2 });
    session.destroy();
  });
});

describe('errors and the SDK logger', () => {
  test.each([
    [{ name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }, 'throttle'],
    [{ name: 'TooManyRequestsException', $metadata: { httpStatusCode: 429 } }, 'throttle'],
    [{ name: 'ServiceUnavailableException', $fault: 'server', $metadata: { httpStatusCode: 503 } }, 'server'],
    [{ name: 'TimeoutError', code: 'ECONNRESET', message: 'socket hang up' }, 'network'],
    [{ name: 'Error', message: 'aborted' }, 'network'],
    [{ name: 'Error', code: 'ECONNREFUSED' }, 'unreachable'],
    [{ name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } }, 'access-denied'],
    [{ name: 'UnrecognizedClientException' }, 'access-denied'],
    [{ name: 'CredentialsProviderError' }, 'credentials'],
    [{ name: 'UnknownOperationException' }, 'unknown-operation'],
    [{ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 400 } }, 'not-found'],
    [{ name: 'AbortError' }, 'abort'],
    [{ name: 'InvalidParameterException', $metadata: { httpStatusCode: 400 } }, 'invalid'],
  ])('%j is %s', (error, kind) => {
    expect(classifyAwsError(error)).toBe(kind);
  });

  test('describes an error in one line', () => {
    expect(describeAwsError({ name: 'ThrottlingException', message: 'Rate exceeded\nmore' })).toBe(
      'ThrottlingException: Rate exceeded',
    );
  });

  test('the SDK logger drops info and error (every command and failure) and keeps a warning as one line', () => {
    const warnings: string[] = [];
    const logger = createSdkLogger((line) => warnings.push(line));
    logger.info({ commandName: 'FilterLogEventsCommand', output: {} });
    logger.error({ error: new Error('x') });
    logger.debug('noise');
    logger.warn(
      '\n  @smithy/node-http-handler:WARN - socket usage at capacity=50 and 120 additional\nrequests are enqueued.',
    );
    logger.warn(`long ${'word '.repeat(100)}`);
    expect(warnings[0]).toBe(
      'AWS SDK: @smithy/node-http-handler:WARN - socket usage at capacity=50 and 120 additional requests are enqueued.',
    );
    expect(warnings[1]).toMatch(/^AWS SDK: long word word .*word…$/);
    expect(warnings[1]?.length).toBeLessThanOrEqual(210);
  });

  test('the connection flags: an endpoint must be a URL, the rate positive, the Region well formed', () => {
    expect(parseAwsFlags({ 'endpoint-url': 'http://127.0.0.1:4566', 'max-requests-per-second': '2.5' })).toEqual({
      profile: undefined,
      region: undefined,
      endpointUrl: 'http://127.0.0.1:4566',
      maxRequestsPerSecond: 2.5,
    });
    expect(() => parseAwsFlags({ 'endpoint-url': 'localhost:4566' })).toThrow(UsageError);
    expect(() => parseAwsFlags({ 'max-requests-per-second': '0' })).toThrow(UsageError);
    expect(() => parseAwsFlags({ region: 'Frankfurt' })).toThrow(UsageError);
  });
});
