import type { Context, Link, Span, Tracer, TracerProvider } from '@opentelemetry/api';
import type { InvocationStart } from '../instrument/instrument.js';
import type { TraceHeader } from '../trace/parse-trace-header.js';
import { describeError } from '../util/describe.js';
import type { OtelApiModule } from './load-otel-api.js';
import { toSpanAttributes } from './to-span-attributes.js';
import { toTraceCarriers } from './to-trace-carriers.js';
import { toXRaySpanContext } from './to-xray-span-context.js';

/** The instrumentation scope of every span the SDK starts. */
export const TRACER_NAME = '@lambdatop/sdk';

function toMemoryMb(value: unknown): number | undefined {
  const mb = typeof value === 'number' ? value : typeof value === 'string' && value !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(mb) && mb > 0 ? mb : undefined;
}

/**
 * The parent of the invocation's span: the event's own trace context (request headers, a single message's
 * attributes) through the registered propagator; failing that, Lambda's X-Ray header when X-Ray records this
 * invocation (so it is sampled); failing that, none.
 */
function parentContext(
  api: OtelApiModule,
  invocation: InvocationStart,
  xrayHeader: TraceHeader | undefined,
): { parent: Context; links: Link[] } {
  const root = api.ROOT_CONTEXT;
  const carriers = toTraceCarriers(invocation.event, invocation.eventSource.kind);
  const extracted = carriers.parent === undefined ? undefined : api.propagation.extract(root, carriers.parent);
  const links: Link[] = [];
  for (const carrier of carriers.links) {
    const context = api.trace.getSpanContext(api.propagation.extract(root, carrier));
    if (context !== undefined && api.isSpanContextValid(context)) links.push({ context });
  }
  const fromEvent = extracted === undefined ? undefined : api.trace.getSpanContext(extracted);
  if (extracted !== undefined && fromEvent !== undefined && api.isSpanContextValid(fromEvent)) {
    return { parent: extracted, links };
  }
  const fromXRay = toXRaySpanContext(xrayHeader);
  return { parent: fromXRay === undefined ? root : api.trace.setSpanContext(root, fromXRay), links };
}

const tracers = new WeakMap<object, Tracer>();

/** The SDK's tracer from the registered provider, looked up once per provider rather than per invocation. */
function tracerOf(api: OtelApiModule): Tracer {
  const global = api.trace.getTracerProvider() as TracerProvider & { getDelegate?(): TracerProvider };
  const provider = typeof global.getDelegate === 'function' ? global.getDelegate() : global;
  let tracer = tracers.get(provider);
  if (tracer === undefined) {
    tracer = provider.getTracer(TRACER_NAME);
    tracers.set(provider, tracer);
  }
  return tracer;
}

/** One invocation's SERVER span: started before the handler, active around it, ended when it returns or throws. */
export class InvocationSpan {
  readonly span: Span;
  readonly #api: OtelApiModule;
  readonly #active: Context;
  #ended = false;

  constructor(api: OtelApiModule, invocation: InvocationStart, xrayHeader: TraceHeader | undefined) {
    this.#api = api;
    const { context, env, eventSource } = invocation;
    const functionName = context.functionName ?? env.AWS_LAMBDA_FUNCTION_NAME;
    const { parent, links } = parentContext(api, invocation, xrayHeader);
    const attributes = toSpanAttributes({
      requestId: invocation.requestId,
      invokedFunctionArn: context.invokedFunctionArn,
      functionName,
      functionVersion: context.functionVersion ?? env.AWS_LAMBDA_FUNCTION_VERSION,
      memoryLimitMb: toMemoryMb(context.memoryLimitInMB ?? env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE),
      region: env.AWS_REGION,
      coldStart: invocation.coldStart.coldStart,
      faasTrigger: eventSource.faasTrigger,
    });
    this.span = tracerOf(api).startSpan(
      eventSource.httpRoute ?? functionName ?? invocation.handlerName,
      { kind: api.SpanKind.SERVER, attributes, links, startTime: invocation.startedEpochMs },
      parent,
    );
    this.#active = api.trace.setSpan(parent, this.span);
  }

  /** Calls the handler with the span active, so spans user code starts inside become its children. */
  run(call: () => unknown): unknown {
    return this.#api.context.with(this.#active, call);
  }

  setAttribute(key: string, value: string | number | boolean): void {
    if (!this.#ended) this.span.setAttribute(key, value);
  }

  end(threw: boolean, error: unknown): void {
    if (this.#ended) return;
    this.#ended = true;
    if (threw) {
      const description = describeError(error);
      const { name, message, stack } = description;
      this.span.recordException(
        error instanceof Error ? error : stack === undefined ? { name, message } : { name, message, stack },
      );
      this.span.setStatus({
        code: this.#api.SpanStatusCode.ERROR,
        message: `${description.name}: ${description.message}`,
      });
    }
    this.span.end();
  }

  /** The pre-timeout flush: end the span as an error now, while there is time to export it. */
  timeout(elapsedMs: number): void {
    if (this.#ended) return;
    this.#ended = true;
    this.span.setStatus({
      code: this.#api.SpanStatusCode.ERROR,
      message: `still running after ${elapsedMs} ms with the timeout margin left; Lambda is about to stop it`,
    });
    this.span.end();
  }
}
