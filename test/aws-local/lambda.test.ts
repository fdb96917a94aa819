import {
  GetFunctionConfigurationCommand,
  GetProvisionedConcurrencyConfigCommand,
  type LambdaClient,
  ListProvisionedConcurrencyConfigsCommand,
  paginateListFunctions,
} from '@aws-sdk/client-lambda';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type LocalAws, startLocalAws } from '../support/aws-local/index.js';
import { createLambdaClient } from './clients.js';

let aws: LocalAws;
let client: LambdaClient;

beforeEach(async () => {
  aws = await startLocalAws({ accountId: '210987654321', region: 'eu-west-3' });
  client = createLambdaClient(aws);
  aws.lambda.putFunction({
    functionName: 'orders',
    runtime: 'nodejs22.x',
    memorySizeMb: 1769,
    timeoutSeconds: 29,
    architecture: 'arm64',
    logFormat: 'JSON',
    applicationLogLevel: 'INFO',
    systemLogLevel: 'WARN',
    logGroup: '/shared/functions',
    snapStartApplyOn: 'PublishedVersions',
    qualifiers: ['7', 'live'],
  });
  aws.lambda.putFunction({ functionName: 'payments' });
  aws.lambda.putProvisionedConcurrencyConfig({ functionName: 'orders', qualifier: 'live', requested: 10 });
  aws.lambda.putProvisionedConcurrencyConfig({
    functionName: 'orders',
    qualifier: '7',
    requested: 5,
    allocated: 2,
    available: 2,
    status: 'IN_PROGRESS',
  });
});

afterEach(async () => {
  client.destroy();
  await aws.close();
});

describe('Lambda REST-JSON through the real SDK client', () => {
  test('GetFunctionConfiguration: memory, timeout, architecture, logging config, SnapStart, ARN with the account', async () => {
    const configuration = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'orders' }));
    expect(configuration).toMatchObject({
      FunctionName: 'orders',
      FunctionArn: 'arn:aws:lambda:eu-west-3:210987654321:function:orders',
      Runtime: 'nodejs22.x',
      MemorySize: 1769,
      Timeout: 29,
      Architectures: ['arm64'],
      Version: '$LATEST',
      LoggingConfig: {
        LogFormat: 'JSON',
        ApplicationLogLevel: 'INFO',
        SystemLogLevel: 'WARN',
        LogGroup: '/shared/functions',
      },
      SnapStart: { ApplyOn: 'PublishedVersions', OptimizationStatus: 'Off' },
    });
    const defaults = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'payments' }));
    expect(defaults).toMatchObject({
      MemorySize: 128,
      Timeout: 3,
      Architectures: ['x86_64'],
      LoggingConfig: { LogFormat: 'Text', LogGroup: '/aws/lambda/payments' },
    });
    expect(defaults.LoggingConfig?.SystemLogLevel).toBeUndefined();
  });

  test('a function is found by name, name:qualifier, ARN or partial ARN, and Qualifier', async () => {
    const arns = await Promise.all(
      [
        { FunctionName: 'orders', Qualifier: '7' },
        { FunctionName: 'orders:live' },
        { FunctionName: 'arn:aws:lambda:eu-west-3:210987654321:function:orders:7' },
        { FunctionName: '210987654321:function:orders' },
      ].map(async (input) => (await client.send(new GetFunctionConfigurationCommand(input))).FunctionArn),
    );
    expect(arns).toEqual([
      'arn:aws:lambda:eu-west-3:210987654321:function:orders:7',
      'arn:aws:lambda:eu-west-3:210987654321:function:orders:live',
      'arn:aws:lambda:eu-west-3:210987654321:function:orders:7',
      'arn:aws:lambda:eu-west-3:210987654321:function:orders',
    ]);
    const published = await client.send(
      new GetFunctionConfigurationCommand({ FunctionName: 'orders', Qualifier: '7' }),
    );
    expect(published).toMatchObject({ Version: '7', SnapStart: { OptimizationStatus: 'On' } });
  });

  test('missing functions and qualifiers are ResourceNotFoundException (404); a conflicting qualifier is 400', async () => {
    for (const input of [{ FunctionName: 'missing' }, { FunctionName: 'orders', Qualifier: '99' }]) {
      await expect(client.send(new GetFunctionConfigurationCommand(input))).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        $metadata: { httpStatusCode: 404 },
        message: expect.stringContaining('Function not found: arn:aws:lambda:eu-west-3:210987654321:function:'),
      });
    }
    await expect(
      client.send(new GetFunctionConfigurationCommand({ FunctionName: 'orders:7', Qualifier: 'live' })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterValueException',
      $metadata: { httpStatusCode: 400 },
    });
  });

  test('ListFunctions paginates with MaxItems and NextMarker', async () => {
    for (let i = 0; i < 5; i += 1) aws.lambda.putFunction({ functionName: `extra-${i}` });
    const names: string[] = [];
    let pages = 0;
    for await (const page of paginateListFunctions({ client, pageSize: 3 }, {})) {
      pages += 1;
      names.push(...(page.Functions ?? []).map((fn) => fn.FunctionName ?? ''));
    }
    expect(names).toEqual(['extra-0', 'extra-1', 'extra-2', 'extra-3', 'extra-4', 'orders', 'payments']);
    expect(pages).toBe(3);
  });

  test('provisioned concurrency: one config by qualifier, all configs, and the 404 when there is none', async () => {
    expect(
      await client.send(new GetProvisionedConcurrencyConfigCommand({ FunctionName: 'orders', Qualifier: 'live' })),
    ).toMatchObject({
      RequestedProvisionedConcurrentExecutions: 10,
      AllocatedProvisionedConcurrentExecutions: 10,
      AvailableProvisionedConcurrentExecutions: 10,
      Status: 'READY',
    });
    const all = await client.send(new ListProvisionedConcurrencyConfigsCommand({ FunctionName: 'orders' }));
    expect(
      all.ProvisionedConcurrencyConfigs?.map((config) => [
        config.FunctionArn,
        config.Status,
        config.AllocatedProvisionedConcurrentExecutions,
      ]),
    ).toEqual([
      ['arn:aws:lambda:eu-west-3:210987654321:function:orders:live', 'READY', 10],
      ['arn:aws:lambda:eu-west-3:210987654321:function:orders:7', 'IN_PROGRESS', 2],
    ]);
    await expect(
      client.send(new GetProvisionedConcurrencyConfigCommand({ FunctionName: 'payments', Qualifier: '1' })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } });
    aws.lambda.putFunction({ functionName: 'payments', qualifiers: ['1'] });
    await expect(
      client.send(new GetProvisionedConcurrencyConfigCommand({ FunctionName: 'payments', Qualifier: '1' })),
    ).rejects.toMatchObject({
      name: 'ProvisionedConcurrencyConfigNotFoundException',
      $metadata: { httpStatusCode: 404 },
    });
    expect(
      (await client.send(new ListProvisionedConcurrencyConfigsCommand({ FunctionName: 'payments' })))
        .ProvisionedConcurrencyConfigs,
    ).toEqual([]);
  });
});
