import { type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  BatchSpanProcessor,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTracingInstrument } from '../../src/tracing/create-tracing-instrument.js';
import type { Observability } from '../../src/types.js';
import * as samples from '../fixtures/sample-events.js';
import { registerOtelProvider, resetOtelGlobals } from '../support/otel-provider.js';
import { createTestSdk, lambdaContext, type TestRuntimeOptions } from '../support/test-runtime.js';

const XRAY_HEADER = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
const ENV = { AWS_REGION: 'eu-west-1', AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512' };

function tracedSdk(options: TestRuntimeOptions = {}) {
  return createTestSdk({ instruments: [createTracingInstrument()], ...options, env: { ...ENV, ...options.env } });
}

function byName(spans: readonly ReadableSpan[], name: string): ReadableSpan {
  const found = spans.find((span) => span.name === name);
  if (found === undefined) throw new Error(`no span named ${name} among ${spans.map((span) => span.name).join(', ')}`);
  return found;
}

afterEach(resetOtelGlobals);

describe('OpenTelemetry through the real SDK', () => {
  it('records one SERVER span per invocation, named after the route, child of the incoming traceparent', async () => {
    const exporter = registerOtelProvider((exporter) => new SimpleSpanProcessor(exporter));
    const { withObservability } = tracedSdk();
    let seen: { obsSpan: Span | undefined; active: Span | undefined } | undefined;
    const handler = withObservability(async (_event: unknown, _context: unknown, obs: Observability) => {
      seen = { obsSpan: obs.span, active: trace.getActiveSpan() };
      // A span the function starts itself becomes a child of the invocation's span.
      await trace.getTracer('orders').startActiveSpan('load-order', async (span) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        span.end();
      });
      obs.annotate('OrderId', 'o-17');
      return { statusCode: 200, body: '{}' };
    });
    const invocationContext = lambdaContext({
      invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:orders-fn:live',
    });
    expect(await handler(samples.apiGatewayRest, invocationContext)).toEqual({ statusCode: 200, body: '{}' });

    const spans = exporter.getFinishedSpans();
    expect(spans.map((span) => span.name).sort()).toEqual(['GET /orders/{id}', 'load-order']);
    const server = byName(spans, 'GET /orders/{id}');
    expect(server.kind).toBe(SpanKind.SERVER);
    expect(server.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(server.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    expect(server.status.code).toBe(SpanStatusCode.UNSET);
    expect(server.attributes).toEqual({
      'faas.invocation_id': invocationContext.awsRequestId,
      'cloud.resource_id': 'arn:aws:lambda:eu-west-1:123456789012:function:orders-fn:7',
      'cloud.account.id': '123456789012',
      'faas.coldstart': true,
      'faas.trigger': 'http',
      'cloud.provider': 'aws',
      'cloud.region': 'eu-west-1',
      'faas.name': 'orders-fn',
      'faas.version': '7',
      'faas.max_memory': 512 * 1_048_576,
      OrderId: 'o-17',
    });
    const child = byName(spans, 'load-order');
    expect(child.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
    expect(child.spanContext().traceId).toBe(server.spanContext().traceId);
    expect(seen?.obsSpan).toBeDefined();
    expect(seen?.obsSpan).toBe(seen?.active);
  });

  it('parents the spans of overlapping invocations to their own invocation', async () => {
    const exporter = registerOtelProvider((exporter) => new SimpleSpanProcessor(exporter));
    const { withObservability } = tracedSdk();
    const handler = withObservability(async (event: { id: string; waitMs: number }) => {
      await new Promise((resolve) => setTimeout(resolve, event.waitMs));
      trace.getTracer('orders').startSpan(`work-${event.id}`).end();
    });
    await Promise.all([
      handler({ id: 'slow', waitMs: 40 }, lambdaContext({ awsRequestId: 'req-slow' })),
      handler({ id: 'fast', waitMs: 5 }, lambdaContext({ awsRequestId: 'req-fast' })),
    ]);
    const spans = exporter.getFinishedSpans();
    const servers = spans.filter((span) => span.kind === SpanKind.SERVER);
    const serverOf = (requestId: string) => servers.find((span) => span.attributes['faas.invocation_id'] === requestId);
    expect(byName(spans, 'work-slow').parentSpanContext?.spanId).toBe(serverOf('req-slow')?.spanContext().spanId);
    expect(byName(spans, 'work-fast').parentSpanContext?.spanId).toBe(serverOf('req-fast')?.spanContext().spanId);
    expect(serverOf('req-slow')?.spanContext().traceId).not.toBe(serverOf('req-fast')?.spanContext().traceId);
  });

  it('exports batched spans before the wrapped handler resolves, through the provider behind the proxy', async () => {
    // A delay far beyond the test: only forceFlush can have exported these spans.
    const exporter = registerOtelProvider(
      (exporter) => new BatchSpanProcessor(exporter, { scheduledDelayMillis: 600_000, maxExportBatchSize: 512 }),
    );
    const { withObservability } = tracedSdk();
    const handler = withObservability(async () => {
      trace.getTracer('orders').startSpan('inner').end();
      return 'done';
    });
    expect(await handler(samples.direct, lambdaContext())).toBe('done');
    const spans = exporter.getFinishedSpans();
    expect(spans.map((span) => span.name).sort()).toEqual(['inner', 'orders-fn']);
    // A direct invoke has no incoming context: the span is a root named after the function.
    expect(byName(spans, 'orders-fn').parentSpanContext).toBeUndefined();
    expect(byName(spans, 'orders-fn').attributes['faas.trigger']).toBe('other');
  });

  it('records the exception and an ERROR status on a throw, and rethrows the same value', async () => {
    const exporter = registerOtelProvider((exporter) => new SimpleSpanProcessor(exporter));
    const { withObservability } = tracedSdk();
    const failure = new RangeError('quantity out of range');
    const handler = withObservability(async () => {
      throw failure;
    });
    await expect(handler(samples.direct, lambdaContext())).rejects.toBe(failure);
    const [span] = exporter.getFinishedSpans();
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'RangeError: quantity out of range' });
    expect(span?.events.map((event) => [event.name, event.attributes?.['exception.type']])).toEqual([
      ['exception', 'RangeError'],
    ]);
    expect(span?.events[0]?.attributes?.['exception.message']).toBe('quantity out of range');
  });

  it('takes the Lambda X-Ray header as parent only when X-Ray records the invocation', async () => {
    const exporter = registerOtelProvider((exporter) => new SimpleSpanProcessor(exporter));
    const both = tracedSdk({ traceHeader: () => XRAY_HEADER, env: { AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1:9' } });
    await both.withObservability(async () => 1, { tracing: 'both' })(samples.direct, lambdaContext());
    const otelOnly = tracedSdk({ traceHeader: () => XRAY_HEADER });
    await otelOnly.withObservability(async () => 2, { tracing: 'otel' })(samples.direct, lambdaContext());
    const [fromXRay, root] = exporter.getFinishedSpans();
    expect(fromXRay?.spanContext().traceId).toBe('5759e988bd862e3fe1be46a994272793');
    expect(fromXRay?.parentSpanContext?.spanId).toBe('53995c3f42cd8ad8');
    expect(root?.parentSpanContext).toBeUndefined();
  });

  it('links every message of an SQS batch, which has no single parent', async () => {
    const exporter = registerOtelProvider((exporter) => new SimpleSpanProcessor(exporter));
    const { withObservability } = tracedSdk();
    await withObservability(async () => ({ batchItemFailures: [] }))(samples.sqs, lambdaContext());
    const [span] = exporter.getFinishedSpans();
    expect(span?.parentSpanContext).toBeUndefined();
    expect(span?.attributes['faas.trigger']).toBe('pubsub');
    expect(span?.links.map((link) => link.context.traceId)).toEqual([
      '6bf92f3577b34da6a3ce929d0e0e4736',
      '7bf92f3577b34da6a3ce929d0e0e4736',
    ]);
  });

  it('is not delayed past the bound by a provider whose forceFlush hangs, nor broken by one that throws', async () => {
    const hanging: SpanProcessor = {
      onStart() {},
      onEnd() {},
      forceFlush: () => new Promise<void>(() => {}),
      shutdown: async () => {},
    };
    registerOtelProvider(() => hanging);
    const { runtime, withObservability } = tracedSdk();
    const handler = withObservability(async () => 'answered');
    const started = Date.now();
    // 1 s left: the automatic margin is 500 ms, so the flush is abandoned about 500 ms in.
    expect(await handler(samples.direct, lambdaContext({ remainingMs: 1000 }))).toBe('answered');
    const elapsedMs = Date.now() - started;
    // Not before the 500 ms settle timer; and back before Lambda's deadline (1 s), however late that timer ran: a
    // forceFlush that is waited for never returns at all.
    expect(elapsedMs).toBeGreaterThanOrEqual(400);
    expect(elapsedMs).toBeLessThan(1000);
    expect(runtime.warnings.get('trace-flush-timeout')).toBe(1);
    trace.disable();

    for (const forceFlush of [
      () => {
        throw new Error('exporter misconfigured');
      },
      () => Promise.reject(new Error('collector down')),
    ]) {
      registerOtelProvider(() => ({ onStart() {}, onEnd() {}, forceFlush, shutdown: async () => {} }));
      const failing = tracedSdk();
      const result = { same: 'object' };
      expect(await failing.withObservability(async () => result)(samples.direct, lambdaContext())).toBe(result);
      expect(failing.runtime.warnings.get('trace-flush-failed')).toBe(1);
      trace.disable();
    }
  });

  it('ends the span as an ERROR at the pre-timeout flush and exports it while the handler still runs', async () => {
    const exporter = registerOtelProvider(
      (exporter) => new BatchSpanProcessor(exporter, { scheduledDelayMillis: 600_000 }),
    );
    const { withObservability } = tracedSdk();
    let exportedWhileRunning: readonly ReadableSpan[] = [];
    const handler = withObservability(async () => {
      // 600 ms left and a 500 ms margin: the pre-timeout flush fires 100 ms in. The handler waits for the export
      // itself (no fixed sleep a loaded machine could outlast); without one, waitFor throws and the handler fails.
      await vi.waitFor(
        () => {
          if (exporter.getFinishedSpans().length === 0) throw new Error('no span exported yet');
        },
        { timeout: 10_000, interval: 5 },
      );
      exportedWhileRunning = [...exporter.getFinishedSpans()];
      return 'late';
    });
    expect(await handler(samples.direct, lambdaContext({ remainingMs: 600 }))).toBe('late');
    expect(exportedWhileRunning).toHaveLength(1);
    expect(exportedWhileRunning[0]?.status.code).toBe(SpanStatusCode.ERROR);
    expect(exportedWhileRunning[0]?.status.message).toContain('about to stop it');
    // Ended once: finishing after the flush adds nothing.
    expect(exporter.getFinishedSpans()).toHaveLength(1);
  });

  it('records nothing and gives no span without a registered provider, or with tracing off', async () => {
    const { withObservability } = tracedSdk();
    let span: unknown = 'unset';
    await withObservability(async (_event: unknown, _context: unknown, obs: Observability) => {
      span = obs.span;
    })(samples.direct, lambdaContext());
    expect(span).toBeUndefined();
    const exporter = registerOtelProvider((exporter) => new SimpleSpanProcessor(exporter));
    await tracedSdk().withObservability(async () => 1, { tracing: 'off' })(samples.direct, lambdaContext());
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});
