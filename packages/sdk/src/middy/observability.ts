import { type ObservabilityOptions, resolveConfig } from '../config/resolve-config.js';
import type { Invocation } from '../invocation/invocation.js';
import { Observer } from '../invocation/observer.js';
import { defaultRuntime, invocationStore, type Runtime } from '../invocation/runtime.js';
import { setLastObserver } from '../routed.js';
import { PROCESS_INSTRUMENTS } from '../tracing/process-instruments.js';
import type { LambdaContext, Observability } from '../types.js';
import type { MiddyRequest, ObservabilityMiddleware } from './middy-request.js';
import { type EarlyResponseTracking, type RequestOutcome, trackEarlyResponse } from './track-early-response.js';

/** An invocation this middleware started, and so ends. */
interface Owned {
  readonly invocation: Invocation;
  tracking: EarlyResponseTracking | undefined;
}

/** `context.obs`. A context that refuses new properties (frozen) still has currentObservability(). */
function attachObs(context: unknown, obs: Observability): void {
  if (typeof context !== 'object' || context === null) return;
  try {
    Object.defineProperty(context, 'obs', { value: obs, configurable: true, enumerable: false, writable: false });
  } catch {
    // Frozen or sealed: the handler reaches obs through currentObservability() instead.
  }
}

/**
 * Builds `observability` over a runtime (stdout, clocks, instruments), like createWithObservability: the package
 * exports the one over the real process, tests build their own.
 */
export function createObservability(runtime: () => Runtime) {
  return function observability(options?: ObservabilityOptions): ObservabilityMiddleware {
    const current = runtime();
    const { config, warnings } = resolveConfig(options, current.env, 'observability');
    const observer = new Observer(config, warnings, current);
    setLastObserver(observer);
    const owned = new WeakMap<MiddyRequest, Owned>();

    /**
     * The one place an owned invocation ends; afterwards its after or onError (if they still run) find nothing.
     * Returns what is still being delivered (tracing flushes), bounded by the deadline. Never throws.
     */
    const finish = (request: MiddyRequest, outcome: RequestOutcome): Promise<void> | undefined => {
      try {
        const entry = owned.get(request);
        if (entry === undefined) return undefined;
        owned.delete(request);
        entry.tracking?.stop();
        entry.invocation.end(outcome.threw, outcome.value);
        return entry.invocation.settle();
      } catch (error) {
        observer.internalError(error);
        return undefined;
      }
    };

    const lambdatopObservabilityBefore = async (request: MiddyRequest): Promise<void> => {
      try {
        const context = request.context as LambdaContext | undefined;
        const active = invocationStore.getStore();
        // Inside withObservability, or this middleware used twice: the running invocation is this request's.
        if (active !== undefined && !active.ended && active.context === context) {
          attachObs(context, active.view);
          return;
        }
        const invocation = observer.start(request.event, context);
        if (invocation === undefined) {
          attachObs(context, observer.detachedView());
          return;
        }
        // middy offers no hook around the handler call: entering the store here, before middy awaits this hook, is
        // what makes the rest of the request (later middlewares, the handler, its awaits) see the invocation.
        invocationStore.enterWith(invocation);
        const entry: Owned = { invocation, tracking: undefined };
        owned.set(request, entry);
        attachObs(context, invocation.view);
        entry.tracking = trackEarlyResponse(request, (outcome) => finish(request, outcome));
        // Only the first invocation that uses OpenTelemetry waits here, for the API to load.
        const ready = invocation.ready();
        if (ready !== undefined) await ready;
      } catch (error) {
        observer.internalError(error);
      }
    };

    const lambdatopObservabilityAfter = async (request: MiddyRequest): Promise<void> => {
      const settling = finish(request, { threw: false, value: request.response });
      if (settling !== undefined) await settling;
    };

    // An onError middleware before this one may have answered with a response: then that is what Lambda gets.
    const lambdatopObservabilityOnError = async (request: MiddyRequest): Promise<void> => {
      const handled = request.response !== undefined;
      const settling = finish(request, { threw: !handled, value: handled ? request.response : request.error });
      if (settling !== undefined) await settling;
    };

    return {
      before: lambdatopObservabilityBefore,
      after: lambdatopObservabilityAfter,
      onError: lambdatopObservabilityOnError,
    };
  };
}

/**
 * The middy middleware: the telemetry of withObservability for a middy handler. Use it first, so its after and onError
 * run last and see what Lambda gets. The handler reaches `obs` as `context.obs` and through currentObservability(),
 * `logger` and `metrics`. Throws a TypeError at creation for invalid options; its hooks never throw.
 */
export const observability = createObservability(() => defaultRuntime(PROCESS_INSTRUMENTS));
