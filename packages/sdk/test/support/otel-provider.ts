import { context, propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { AlsContextManager } from '../fixtures/als-context-manager.mjs';

/**
 * The real SDK, registered the way NodeSDK or the ADOT layer would: provider, context manager, propagator.
 * Returns the exporter the processor was given, to read the finished spans from.
 */
export function registerOtelProvider(
  processor: (exporter: InMemorySpanExporter) => SpanProcessor,
  exporter = new InMemorySpanExporter(),
): InMemorySpanExporter {
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [processor(exporter)] }));
  context.setGlobalContextManager(new AlsContextManager());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  return exporter;
}

/** Unregisters all three, so that the next test starts with the API's no-op defaults. */
export function resetOtelGlobals(): void {
  trace.disable();
  context.disable();
  propagation.disable();
}
