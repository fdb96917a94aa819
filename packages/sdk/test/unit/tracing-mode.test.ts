import { describe, expect, it } from 'vitest';
import { toSpanAttributes } from '../../src/otel/to-span-attributes.js';
import { MAX_LINKS, toTraceCarriers } from '../../src/otel/to-trace-carriers.js';
import { toXRaySpanContext } from '../../src/otel/to-xray-span-context.js';
import { parseTraceHeader } from '../../src/trace/parse-trace-header.js';
import { resolveTracingMode, TRACING_OPTIONS } from '../../src/tracing/resolve-tracing-mode.js';
import * as samples from '../fixtures/sample-events.js';

describe('resolveTracingMode', () => {
  // [option, Sampled flag, daemon address set, provider registered] → [xray, otel]
  it.each([
    ['auto', true, true, false, [true, false]],
    ['auto', true, false, false, [false, false]],
    ['auto', false, true, false, [false, false]],
    ['auto', undefined, true, true, [false, true]],
    ['auto', true, true, true, [true, true]],
    ['xray', true, false, true, [true, false]],
    ['xray', false, true, false, [false, false]],
    ['otel', true, true, true, [false, true]],
    ['otel', true, true, false, [false, false]],
    ['both', true, false, true, [true, true]],
    ['both', false, true, true, [false, true]],
    ['off', true, true, true, [false, false]],
  ] as const)('%s, Sampled=%s, daemon %s, provider %s → %j', (option, sampled, daemon, provider, [xray, otel]) => {
    expect(resolveTracingMode(option, sampled, daemon, provider)).toEqual({ xray, otel });
  });

  it('never records X-Ray without Sampled=1, whatever the option', () => {
    for (const option of TRACING_OPTIONS) {
      for (const sampled of [false, undefined])
        expect(resolveTracingMode(option, sampled, true, true).xray).toBe(false);
    }
  });
});

describe('parseTraceHeader', () => {
  it.each([
    [
      'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
      { root: '1-5759e988-bd862e3fe1be46a994272793', parent: '53995c3f42cd8ad8', sampled: true },
    ],
    [
      'Sampled=0;Root=1-5759e988-bd862e3fe1be46a994272793;Lineage=a87bd80c:1|68fd508a:5',
      { root: '1-5759e988-bd862e3fe1be46a994272793', parent: undefined, sampled: false },
    ],
    [
      'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=nothex;Sampled=?',
      { root: '1-5759e988-bd862e3fe1be46a994272793', parent: undefined, sampled: undefined },
    ],
    ['Root=2-5759e988-bd862e3fe1be46a994272793;Sampled=1', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%s', (header, expected) => {
    expect(parseTraceHeader(header)).toEqual(expected);
  });
});

describe('the OpenTelemetry parent and attributes', () => {
  it('turns a sampled X-Ray header into a remote parent with the same trace id', () => {
    const header = parseTraceHeader('Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1');
    expect(toXRaySpanContext(header)).toEqual({
      traceId: '5759e988bd862e3fe1be46a994272793',
      spanId: '53995c3f42cd8ad8',
      traceFlags: 1,
      isRemote: true,
    });
    expect(
      toXRaySpanContext(parseTraceHeader('Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0')),
    ).toBeUndefined();
  });

  it('finds trace context in request headers, a single message, or links for a batch', () => {
    expect(toTraceCarriers(samples.apiGatewayRest, 'api-gateway-rest').parent).toMatchObject({
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      accept: 'application/json',
    });
    expect(toTraceCarriers(samples.apiGatewayHttp, 'api-gateway-http').parent?.traceparent).toBe(
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    );
    const batch = toTraceCarriers(samples.sqs, 'sqs');
    expect(batch.parent).toBeUndefined();
    expect(batch.links.map((carrier) => carrier.traceparent)).toEqual([
      '00-6bf92f3577b34da6a3ce929d0e0e4736-20f067aa0ba902b7-01',
      '00-7bf92f3577b34da6a3ce929d0e0e4736-30f067aa0ba902b7-01',
    ]);
    const single = toTraceCarriers({ Records: samples.sqs.Records.slice(0, 1) }, 'sqs');
    expect(single).toEqual({
      parent: { traceparent: '00-6bf92f3577b34da6a3ce929d0e0e4736-20f067aa0ba902b7-01' },
      links: [],
    });
    expect(toTraceCarriers(samples.sns, 'sns').parent?.traceparent).toBe(
      '00-8bf92f3577b34da6a3ce929d0e0e4736-40f067aa0ba902b7-01',
    );
    expect(toTraceCarriers(samples.s3, 's3')).toEqual({ parent: undefined, links: [] });
    const many = { Records: Array.from({ length: 100 }, () => samples.sqs.Records[0]) };
    expect(toTraceCarriers(many, 'sqs').links).toHaveLength(MAX_LINKS);
  });

  it('sets exactly the FaaS attributes, memory in bytes, the alias replaced by the version', () => {
    expect(
      toSpanAttributes({
        requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
        invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:orders:live',
        functionName: 'orders',
        functionVersion: '7',
        memoryLimitMb: 512,
        region: 'eu-west-1',
        coldStart: true,
        faasTrigger: 'http',
      }),
    ).toEqual({
      'faas.invocation_id': 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      'cloud.resource_id': 'arn:aws:lambda:eu-west-1:123456789012:function:orders:7',
      'cloud.account.id': '123456789012',
      'faas.coldstart': true,
      'faas.trigger': 'http',
      'cloud.provider': 'aws',
      'cloud.region': 'eu-west-1',
      'faas.name': 'orders',
      'faas.version': '7',
      'faas.max_memory': 536_870_912,
    });
    const sparse = toSpanAttributes({
      requestId: undefined,
      invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:orders',
      functionName: undefined,
      functionVersion: '$LATEST',
      memoryLimitMb: undefined,
      region: undefined,
      coldStart: false,
      faasTrigger: 'other',
    });
    expect(sparse['cloud.resource_id']).toBe('arn:aws:lambda:eu-west-1:123456789012:function:orders');
    expect(Object.keys(sparse).sort()).toEqual(
      [
        'cloud.account.id',
        'cloud.provider',
        'cloud.resource_id',
        'faas.coldstart',
        'faas.trigger',
        'faas.version',
      ].sort(),
    );
  });
});
