import type { MiddyRequest } from './middy-request.js';

/** How a middy request ended: what Lambda receives. */
export interface RequestOutcome {
  readonly threw: boolean;
  /** The answer, or the error middy goes on to throw. */
  readonly value: unknown;
}

export interface EarlyResponseTracking {
  /** Our after or onError ran: put `request.response` back as a plain property holding its current value. */
  stop(): void;
}

/**
 * middy 6 skips the handler and every later middleware — our after and onError included — once a middleware answers
 * early (`request.earlyResponse`, from a before, after or onError middleware). What it still does is copy that answer
 * into `request.response`; an accessor in place of `response` sees the copy and ends the invocation there.
 *
 * `onEarly` may return a promise (tracing flushes): until it settles, `request.response` reads as a promise of the
 * same answer, which middy's own `return request.response` adopts, so the caller gets the very same value only after
 * the flush. An answer of `undefined` is never deferred: middy tests it with `typeof` to decide whether to throw.
 */
export function trackEarlyResponse(
  request: MiddyRequest,
  onEarly: (outcome: RequestOutcome) => Promise<void> | undefined,
): EarlyResponseTracking {
  let value = request.response;
  let deferred: Promise<unknown> | undefined;
  let done = false;
  const restore = (): void => {
    try {
      Object.defineProperty(request, 'response', { value, writable: true, enumerable: true, configurable: true });
    } catch {
      // Another middleware made `response` non-configurable since: it holds what that middleware put there.
    }
  };
  const accessor: PropertyDescriptor = {
    configurable: true,
    enumerable: true,
    get: () => deferred ?? value,
    set(next: unknown) {
      value = next;
      // middy writes `request.response = request.earlyResponse` right after a middleware answered early.
      if (done || !Object.hasOwn(request, 'earlyResponse') || !Object.is(next, request.earlyResponse)) return;
      done = true;
      // From an onError middleware, an undefined answer leaves middy to throw the error it was handling.
      const threw = next === undefined && request.error !== undefined;
      const settling = onEarly({ threw, value: threw ? request.error : next });
      if (settling === undefined || next === undefined) {
        restore();
        return;
      }
      deferred = settling.then(() => {
        deferred = undefined;
        restore();
        return next;
      });
    },
  };
  try {
    Object.defineProperty(request, 'response', accessor);
  } catch {
    // A request that refuses the accessor: an early answer goes unseen, the pre-timeout flush still writes.
    return { stop() {} };
  }
  return {
    stop() {
      if (done) return;
      done = true;
      restore();
    },
  };
}
