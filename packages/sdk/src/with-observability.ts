import { type ObservabilityOptions, resolveConfig } from './config/resolve-config.js';
import { type AnyHandler, callHandler, type Invocation } from './invocation/invocation.js';
import { Observer } from './invocation/observer.js';
import { defaultRuntime, invocationStore, type Runtime } from './invocation/runtime.js';
import { setLastObserver } from './routed.js';
import { PROCESS_INSTRUMENTS } from './tracing/process-instruments.js';
import type {
  AnyEvent,
  LambdaContext,
  ObservedHandler,
  ObservedStreamingHandler,
  WrappedHandler,
  WrappedStreamingHandler,
} from './types.js';
import { describeValue } from './util/describe.js';

/** Set by `awslambda.streamifyResponse`; the runtime then calls (event, responseStream, context). */
export const STREAMING_SYMBOL = Symbol.for('aws.lambda.runtime.handler.streaming');
export const HIGH_WATER_MARK_SYMBOL = Symbol.for('aws.lambda.runtime.handler.highWaterMark');
/** Marks a wrapped function, across copies of the SDK, so wrapping twice returns the first wrapper. */
export const WRAPPED_SYMBOL = Symbol.for('lambdatop.sdk.wrapped');

type Marked = Record<symbol, unknown>;

function callInStore(
  invocation: Invocation,
  handler: AnyHandler,
  streaming: boolean,
  event: unknown,
  second: unknown,
  context: unknown,
): unknown {
  return invocation.call(handler, streaming, event, second, context);
}

/**
 * Builds `withObservability` over a runtime (stdout, clocks, instruments). The package exports the one over the
 * real process; tests and the tracing layer build their own.
 */
export function createWithObservability(runtime: () => Runtime) {
  function withObservability<TEvent = AnyEvent, TResult = unknown>(
    handler: ObservedHandler<TEvent, TResult>,
    options?: ObservabilityOptions,
  ): WrappedHandler<TEvent, Awaited<TResult>>;
  function withObservability<TEvent = AnyEvent, TStream = AnyEvent, TResult = unknown>(
    handler: ObservedStreamingHandler<TEvent, TStream, TResult>,
    options?: ObservabilityOptions,
  ): WrappedStreamingHandler<TEvent, TStream, Awaited<TResult>>;
  function withObservability(handler: AnyHandler, options?: ObservabilityOptions): AnyHandler {
    if (typeof handler !== 'function') {
      throw new TypeError(`withObservability: the handler must be a function, got ${describeValue(handler)}`);
    }
    if ((handler as unknown as Marked)[WRAPPED_SYMBOL] === true) return handler;
    const current = runtime();
    const { config, warnings } = resolveConfig(options, current.env, 'withObservability');
    const observer = new Observer(config, warnings, current, handler.name);
    setLastObserver(observer);

    // Rest parameters: `length` is 0, which the Node.js 24 runtime requires (it refuses 3 or more).
    const wrapped = async (...args: unknown[]): Promise<unknown> => {
      // Read per call: streamifyResponse may mark the wrapper itself after wrapping.
      const streaming =
        (wrapped as unknown as Marked)[STREAMING_SYMBOL] === 'response' ||
        (handler as unknown as Marked)[STREAMING_SYMBOL] === 'response';
      const event = args[0];
      const second = args[1];
      const context = (streaming ? args[2] : second) as LambdaContext | undefined;
      const active = invocationStore.getStore();
      // A wrapped handler calling another wrapped handler with the same context (or under the middy middleware): one
      // invocation, one set of telemetry.
      if (active !== undefined && !active.ended && context !== undefined && active.context === context) {
        return callHandler(handler, streaming, event, second, context, active.view);
      }
      const invocation = observer.start(event, context);
      if (invocation === undefined)
        return callHandler(handler, streaming, event, second, context, observer.detachedView());
      let result: unknown;
      try {
        // Only the first invocation that uses OpenTelemetry waits here, for the API to load.
        const ready = invocation.ready();
        if (ready !== undefined) await ready;
        result = await invocationStore.run(
          invocation,
          callInStore,
          invocation,
          handler,
          streaming,
          event,
          second,
          context,
        );
      } catch (error) {
        invocation.end(true, error);
        const settling = invocation.settle();
        if (settling !== undefined) await settling;
        throw error;
      }
      invocation.end(false, result);
      const settling = invocation.settle();
      if (settling !== undefined) await settling;
      return result;
    };

    const marked = wrapped as unknown as Marked;
    const source = handler as unknown as Marked;
    if (source[STREAMING_SYMBOL] !== undefined) marked[STREAMING_SYMBOL] = source[STREAMING_SYMBOL];
    if (source[HIGH_WATER_MARK_SYMBOL] !== undefined) marked[HIGH_WATER_MARK_SYMBOL] = source[HIGH_WATER_MARK_SYMBOL];
    Object.defineProperty(wrapped, WRAPPED_SYMBOL, { value: true });
    Object.defineProperty(wrapped, 'name', { value: handler.name || 'observedHandler' });
    return wrapped;
  }
  return withObservability;
}

/**
 * Wraps a Lambda handler: EMF metrics, cold starts, a request-bound pino logger, X-Ray and OpenTelemetry tracing and
 * a pre-timeout flush, passed to the handler as its last argument (`obs`). The handler's result and thrown value
 * pass through untouched. Throws a TypeError at wrap time for invalid options.
 */
export const withObservability = createWithObservability(() => defaultRuntime(PROCESS_INSTRUMENTS));
