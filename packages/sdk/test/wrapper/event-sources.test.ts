import { describe, expect, it } from 'vitest';
import { SAMPLE_EVENTS as samples } from '../fixtures/sample-events.js';
import { createTestSdk, emfDocuments, lambdaContext } from '../support/test-runtime.js';

describe('event sources in the EMF documents', () => {
  it('names the trigger on every document', async () => {
    const { runtime, withObservability } = createTestSdk();
    const handler = withObservability(async () => undefined);
    const names = ['apiGatewayRest', 'sns', 's3', 'schedule', 'stepFunctions', 'cloudwatchLogs', 'direct'] as const;
    for (const name of names) await handler(samples[name], lambdaContext());
    expect(emfDocuments(runtime.writes).map((document) => document.trigger)).toEqual([
      'api-gateway-rest',
      'sns',
      's3',
      'schedule',
      'step-functions',
      'cloudwatch-logs',
      'direct',
    ]);
  });

  it('measures SQS batches: size, age of the oldest message from its SentTimestamp, reported failures', async () => {
    const { runtime, withObservability } = createTestSdk();
    const handler = withObservability(async () => ({
      batchItemFailures: [{ itemIdentifier: samples.sqs.Records[1]?.messageId }],
    }));
    const started = Date.now();
    await handler(samples.sqs, lambdaContext());
    const [document] = emfDocuments(runtime.writes);
    expect(document).toMatchObject({ trigger: 'sqs', BatchSize: 2, BatchItemFailures: 1 });
    // The older message was sent at 1767225480000.
    const age = document?.OldestMessageAge as number;
    expect(age).toBeGreaterThanOrEqual(started - 1767225480000);
    expect(age).toBeLessThanOrEqual(Date.now() - 1767225480000);
    const units = Object.fromEntries(
      document?._aws.CloudWatchMetrics[0]?.Metrics.map((metric) => [metric.Name, metric.Unit]) ?? [],
    );
    expect(units).toMatchObject({ BatchSize: 'Count', OldestMessageAge: 'Milliseconds', BatchItemFailures: 'Count' });
  });

  it('counts stream batches, and reports no failures metric when the result is not a partial batch response', async () => {
    const { runtime, withObservability } = createTestSdk();
    await withObservability(async () => ({ batchItemFailures: [] }))(samples.kinesisStream, lambdaContext());
    await withObservability(async () => 'done')(samples.dynamodbStream, lambdaContext());
    const failure = new Error('whole batch failed');
    await expect(
      withObservability(async () => {
        throw failure;
      })(samples.dynamodbStream, lambdaContext()),
    ).rejects.toBe(failure);
    const documents = emfDocuments(runtime.writes);
    expect(documents.map((document) => [document.BatchSize, document.BatchItemFailures])).toEqual([
      [1, 0],
      [3, undefined],
      [3, undefined],
    ]);
    expect(documents.every((document) => document.OldestMessageAge === undefined)).toBe(true);
  });

  it('puts the status class of an HTTP response on the document', async () => {
    const { runtime, withObservability } = createTestSdk();
    const respond = (result: unknown) => withObservability(async () => result);
    await respond({ statusCode: 201, body: '{}' })(samples.apiGatewayRest, lambdaContext());
    await respond({ statusCode: 404 })(samples.alb, lambdaContext());
    await respond({ body: 'no status: an HTTP API assumes 200' })(samples.apiGatewayHttp, lambdaContext());
    await respond('plain body')(samples.functionUrl, lambdaContext());
    await respond({ body: 'no status: REST answers 502' })(samples.apiGatewayRest, lambdaContext());
    await expect(
      withObservability(async () => {
        throw new Error('down');
      })(samples.apiGatewayHttp, lambdaContext()),
    ).rejects.toThrow('down');
    await respond({ statusCode: 200 })(samples.sqs, lambdaContext());
    expect(emfDocuments(runtime.writes).map((document) => document.httpStatusClass)).toEqual([
      '2xx',
      '4xx',
      '2xx',
      '2xx',
      '5xx',
      '5xx',
      undefined,
    ]);
  });
});
