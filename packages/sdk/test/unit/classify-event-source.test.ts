import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TRIGGER_KINDS } from '../../src/catalog.js';
import { classifyEventSource } from '../../src/event-source/classify-event-source.js';
import { countBatchItemFailures, toHttpStatus, toHttpStatusClass } from '../../src/event-source/http-status.js';
import { SAMPLE_EVENTS as samples } from '../fixtures/sample-events.js';

describe('classifyEventSource', () => {
  it.each([
    ['apiGatewayRest', 'api-gateway-rest', 'http', { httpRoute: 'GET /orders/{id}' }],
    ['apiGatewayHttp', 'api-gateway-http', 'http', { httpRoute: 'GET /orders/{id}' }],
    ['apiGatewayHttpV1', 'api-gateway-http', 'http', { httpRoute: 'POST /orders/{id}' }],
    ['apiGatewayWebSocket', 'api-gateway-websocket', 'other', { httpRoute: undefined }],
    ['functionUrl', 'function-url', 'http', { httpRoute: undefined }],
    ['alb', 'alb', 'http', { httpRoute: undefined }],
    ['sqs', 'sqs', 'pubsub', { batchSize: 2, oldestSentAtMs: 1767225480000 }],
    ['sns', 'sns', 'pubsub', { batchSize: undefined }],
    ['s3', 's3', 'datasource', { batchSize: undefined }],
    ['eventBridge', 'eventbridge', 'pubsub', {}],
    ['schedule', 'schedule', 'timer', {}],
    ['dynamodbStream', 'dynamodb-stream', 'datasource', { batchSize: 3, oldestSentAtMs: undefined }],
    ['kinesisStream', 'kinesis-stream', 'pubsub', { batchSize: 1 }],
    ['stepFunctions', 'step-functions', 'other', {}],
    ['cloudwatchLogs', 'cloudwatch-logs', 'pubsub', {}],
    ['direct', 'direct', 'other', { batchSize: undefined, httpRoute: undefined }],
  ] as const)('recognises %s', (name, kind, faasTrigger, details) => {
    const source = classifyEventSource(samples[name]);
    expect(source).toMatchObject({ kind, faasTrigger, ...details });
  });

  it('covers every trigger kind of the catalog with a sample', () => {
    const kinds = new Set(Object.values(samples).map((event) => classifyEventSource(event).kind));
    expect([...kinds].sort()).toEqual([...TRIGGER_KINDS].sort());
  });

  it('treats anything else as a direct invoke, without throwing', () => {
    for (const event of [undefined, null, 42, 'text', [], { Records: [] }, { Records: [null] }, { requestContext: {} }])
      expect(classifyEventSource(event).kind).toBe('direct');
    // A $default route has no template to name the span after.
    expect(classifyEventSource({ ...samples.apiGatewayHttp, routeKey: '$default' }).httpRoute).toBeUndefined();
    // SQS messages without a SentTimestamp give no age.
    expect(
      classifyEventSource({ Records: [{ eventSource: 'aws:sqs', attributes: {} }] }).oldestSentAtMs,
    ).toBeUndefined();
    fc.assert(
      fc.property(fc.anything(), (event) => {
        expect(TRIGGER_KINDS).toContain(classifyEventSource(event).kind);
      }),
    );
  });
});

describe('toHttpStatus', () => {
  it.each([
    // [kind, payload version, threw, result, status]
    ['api-gateway-rest', undefined, false, { statusCode: 201, body: '{}' }, 201],
    ['api-gateway-rest', undefined, false, { statusCode: '404' }, 404],
    ['api-gateway-rest', undefined, false, { body: 'no status' }, 502],
    ['api-gateway-rest', undefined, true, undefined, 502],
    ['api-gateway-http', '2.0', false, { body: 'no status' }, 200],
    ['api-gateway-http', '2.0', false, 'a bare string body', 200],
    ['api-gateway-http', '2.0', false, { statusCode: 'teapot' }, 500],
    ['api-gateway-http', '2.0', true, undefined, 500],
    ['api-gateway-http', '1.0', false, { body: 'no status' }, 500],
    ['function-url', '2.0', false, undefined, 200],
    ['function-url', '2.0', false, { statusCode: 302 }, 302],
    ['alb', undefined, false, { statusCode: 503 }, 503],
    ['alb', undefined, false, {}, 502],
    ['alb', undefined, false, { statusCode: 700 }, 502],
    ['sqs', undefined, false, { statusCode: 200 }, undefined],
    ['direct', undefined, true, undefined, undefined],
  ] as const)('%s (payload %s, threw %s) → %s', (kind, version, threw, result, status) => {
    expect(toHttpStatus(kind, version, threw, result)).toBe(status);
  });

  it('classes 1xx to 5xx', () => {
    expect([100, 204, 301, 429, 599].map(toHttpStatusClass)).toEqual(['1xx', '2xx', '3xx', '4xx', '5xx']);
  });
});

describe('countBatchItemFailures', () => {
  it('counts the reported failures of stream and queue batches only; absent is not zero', () => {
    const result = { batchItemFailures: [{ itemIdentifier: 'a' }, { itemIdentifier: 'b' }] };
    expect(countBatchItemFailures('sqs', result)).toBe(2);
    expect(countBatchItemFailures('kinesis-stream', { batchItemFailures: [] })).toBe(0);
    expect(countBatchItemFailures('dynamodb-stream', result)).toBe(2);
    expect(countBatchItemFailures('sqs', { ok: true })).toBeUndefined();
    expect(countBatchItemFailures('sqs', null)).toBeUndefined();
    expect(countBatchItemFailures('sns', result)).toBeUndefined();
  });
});
