import middy from '@middy/core';
import { context as otelContext, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  BatchSpanProcessor,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import type { ObservedContext } from '../../src/middy/middy-request.js';
import { createTracingInstrument } from '../../src/tracing/create-tracing-instrument.js';
import * as samples from '../fixtures/sample-events.js';
import { registerOtelProvider, resetOtelGlobals } from '../support/otel-provider.js';
import { lambdaContext } from '../support/test-runtime.js';
import { startUdpDaemon } from '../support/udp-daemon.js';
import { expectValidDatagram } from '../support/xray-schema.js';
import { createTestMiddy, obsOf } from './middy-sdk.js';

const ROOT = '1-5759e988-bd862e3fe1be46a994272793';
const ENV = { AWS_REGION: 'eu-west-1', AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512' };

/** Stores spans only 20 ms after export is called, like an exporter sending them over the network. */
class SlowExporter extends InMemorySpanExporter {
  override export(spans: ReadableSpan[], done: Parameters<InMemorySpanExporter['export']>[1]): void {
    setTimeout(() => super.export(spans, done), 20);
  }
}

function servers(spans: readonly ReadableSpan[]): ReadableSpan[] {
  return spans.filter((span) => span.kind === SpanKind.SERVER);
}

afterEach(resetOtelGlobals);

describe('OpenTelemetry under middy, through the real SDK', () => {
  it('records one SERVER span per invocation, OK on success or an early answer, ERROR on a throw', async () => {
    const exporter = registerOtelProvider((exporter) => new SimpleSpanProcessor(exporter));
    const { observability } = createTestMiddy({ instruments: [createTracingInstrument()], env: ENV });
    const failure = new RangeError('quantity out of range');
    const handler = middy(async (event: { fail?: boolean }, context: Context & ObservedContext) => {
      obsOf(context).annotate('OrderId', '17');
      if (event.fail) throw failure;
      return { statusCode: 200, body: '{}' };
    })
      .use(observability())
      .use({ before: (request) => ((request.event as { cached?: boolean }).cached ? { statusCode: 304 } : undefined) });

    const contexts = [lambdaContext(), lambdaContext(), lambdaContext()];
    await handler(samples.apiGatewayRest, contexts[0] as Context);
    await expect(handler({ ...samples.apiGatewayRest, fail: true }, contexts[1] as Context)).rejects.toBe(failure);
    expect(await handler({ ...samples.apiGatewayRest, cached: true }, contexts[2] as Context)).toEqual({
      statusCode: 304,
    });

    const spans = servers(exporter.getFinishedSpans());
    expect(exporter.getFinishedSpans()).toHaveLength(3);
    expect(spans.map((span) => [span.name, span.attributes['faas.invocation_id'], span.status.code])).toEqual([
      ['GET /orders/{id}', contexts[0]?.awsRequestId, SpanStatusCode.UNSET],
      ['GET /orders/{id}', contexts[1]?.awsRequestId, SpanStatusCode.ERROR],
      ['GET /orders/{id}', contexts[2]?.awsRequestId, SpanStatusCode.UNSET],
    ]);
    expect(spans[0]?.attributes).toMatchObject({
      'faas.coldstart': true,
      'faas.trigger': 'http',
      'cloud.region': 'eu-west-1',
      OrderId: '17',
    });
    // The event's traceparent is the parent.
    expect(spans[0]?.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    expect(spans[1]?.status.message).toBe('RangeError: quantity out of range');
    expect(spans[1]?.events.map((event) => event.attributes?.['exception.type'])).toEqual(['RangeError']);
    // The early answer never reached the handler: no annotation.
    expect(spans[2]?.attributes.OrderId).toBeUndefined();
  });

  it('exports batched spans before the middy handler resolves or rejects, also after an early answer', async () => {
    // A delay far beyond the test: only the bounded forceFlush, awaited, can have exported these spans.
    const exporter = registerOtelProvider(
      (exporter) => new BatchSpanProcessor(exporter, { scheduledDelayMillis: 600_000, maxExportBatchSize: 512 }),
      new SlowExporter(),
    );
    const { observability } = createTestMiddy({ instruments: [createTracingInstrument()], env: ENV });
    const cached = { statusCode: 200, body: 'cached' };
    const handler = middy(async (event: { fail?: boolean }) => {
      trace.getTracer('orders').startSpan('inner').end();
      if (event.fail) throw new Error('failed');
      return 'computed';
    })
      .use(observability())
      .use({ before: (request) => ((request.event as { cached?: boolean }).cached ? cached : undefined) });

    expect(await handler(samples.direct, lambdaContext() as Context)).toBe('computed');
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(['inner', 'orders-fn']);
    expect(await handler({ ...samples.direct, cached: true }, lambdaContext() as Context)).toBe(cached);
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(['inner', 'orders-fn', 'orders-fn']);
    await expect(handler({ ...samples.direct, fail: true }, lambdaContext() as Context)).rejects.toThrow('failed');
    expect(exporter.getFinishedSpans().map((span) => [span.name, span.status.code])).toEqual([
      ['inner', SpanStatusCode.UNSET],
      ['orders-fn', SpanStatusCode.UNSET],
      ['orders-fn', SpanStatusCode.UNSET],
      ['inner', SpanStatusCode.UNSET],
      ['orders-fn', SpanStatusCode.ERROR],
    ]);
  });

  it('gives the handler the span as obs.span; spans parented to it explicitly become its children', async () => {
    const exporter = registerOtelProvider((exporter) => new SimpleSpanProcessor(exporter));
    const { observability } = createTestMiddy({ instruments: [createTracingInstrument()], env: ENV });
    let activeInHandler: unknown = 'unset';
    const handler = middy(async (_event: unknown, context: Context & ObservedContext) => {
      // middy has no hook around the handler call, so the span cannot be made active there: see the README.
      activeInHandler = trace.getActiveSpan();
      const { span } = obsOf(context);
      if (span === undefined) throw new Error('no span');
      await otelContext.with(trace.setSpan(otelContext.active(), span), () =>
        trace.getTracer('orders').startActiveSpan('load-order', async (child) => {
          await new Promise((resolve) => setTimeout(resolve, 1));
          child.end();
        }),
      );
    }).use(observability());
    await handler(samples.direct, lambdaContext() as Context);

    const [server] = servers(exporter.getFinishedSpans());
    const child = exporter.getFinishedSpans().find((span) => span.name === 'load-order');
    expect(activeInHandler).toBeUndefined();
    expect(child?.parentSpanContext?.spanId).toBe(server?.spanContext().spanId);
    expect(child?.spanContext().traceId).toBe(server?.spanContext().traceId);
  });
});

describe('X-Ray under middy, through a real UDP socket standing in for the daemon', () => {
  it('sends one valid subsegment per sampled invocation, a fault on a throw, one for an early answer', async () => {
    const daemon = await startUdpDaemon();
    try {
      let parent = '1111111111111111';
      const { observability } = createTestMiddy({
        instruments: [createTracingInstrument()],
        traceHeader: () => `Root=${ROOT};Parent=${parent};Sampled=1`,
        env: { AWS_XRAY_DAEMON_ADDRESS: daemon.address, _HANDLER: 'index.handler' },
      });
      const handler = middy(async (event: { fail?: boolean }) => {
        if (event.fail) throw new Error('order could not be loaded');
        return { statusCode: 200, body: '{}' };
      })
        .use(observability({ service: 'orders' }))
        .use({
          before: (request) => ((request.event as { cached?: boolean }).cached ? { statusCode: 304 } : undefined),
        });

      await handler(samples.apiGatewayRest, lambdaContext() as Context);
      parent = '2222222222222222';
      await expect(handler({ ...samples.apiGatewayRest, fail: true }, lambdaContext() as Context)).rejects.toThrow(
        'order could not be loaded',
      );
      parent = '3333333333333333';
      await handler({ ...samples.apiGatewayRest, cached: true }, lambdaContext() as Context);

      const documents = (await daemon.waitFor(3)).map(expectValidDatagram);
      expect(documents.map((document) => [document.name, document.parent_id, document.fault ?? false])).toEqual([
        ['## index.handler', '1111111111111111', false],
        ['## index.handler', '2222222222222222', true],
        ['## index.handler', '3333333333333333', false],
      ]);
      expect(
        documents.map((document) => (document.http as { response?: { status?: number } }).response?.status),
      ).toEqual([200, 502, 304]);
      expect(documents[0]?.annotations).toMatchObject({ ColdStart: true, Service: 'orders' });
      expect(daemon.datagrams).toHaveLength(3);
    } finally {
      await daemon.close();
    }
  });
});
