import type { LambdaContext, Observability } from '../types.js';

/**
 * What the middleware reads of middy's request object (`@middy/core` 6). Structural, so the SDK does not depend on
 * middy: middy's own `Request` type fits it.
 */
export interface MiddyRequest {
  readonly event: unknown;
  readonly context: LambdaContext;
  response: unknown;
  readonly error: unknown;
  /** Set by a middleware that answers early; middy then skips the handler and every later middleware. */
  readonly earlyResponse?: unknown;
}

/**
 * What the middleware adds to the Lambda context before the handler runs: `context.obs`, the invocation's `obs`
 * (non-enumerable, so logging the context does not print it). Type the handler's context as
 * `Context & ObservedContext`. Optional, so the middy handler stays callable with a plain `Context`, and because a
 * frozen context refuses it (currentObservability() still works there).
 */
export interface ObservedContext {
  readonly obs?: Observability;
}

/** What `observability()` returns, for `middy(handler).use(…)`. Its hooks never throw and never return a value. */
export interface ObservabilityMiddleware {
  readonly before: (request: MiddyRequest) => Promise<void>;
  readonly after: (request: MiddyRequest) => Promise<void>;
  readonly onError: (request: MiddyRequest) => Promise<void>;
}
