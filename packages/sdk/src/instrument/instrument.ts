import type { ColdStart } from '../cold-start/classify-cold-start.js';
import type { ResolvedConfig } from '../config/resolve-config.js';
import type { LambdaContext } from '../types.js';

/**
 * The seam tracing (X-Ray, OpenTelemetry) plugs into: the same per-invocation lifecycle the metrics follow.
 * Internal, not exported from the package. Every call is guarded by the wrapper: a hook that throws, rejects
 * or hangs is counted as `instrument-failed` and never reaches the handler's result.
 */
export interface Instrument {
  /** Shown in the configuration line as the tracing mode. */
  readonly name: string;
  /** Called before the handler, inside the invocation's async context. Undefined: nothing to do this time. */
  start(invocation: InvocationStart): InstrumentInvocation | undefined;
}

export interface InvocationStart {
  readonly event: unknown;
  readonly context: LambdaContext;
  readonly coldStart: ColdStart;
  readonly requestId: string | undefined;
  /** The raw X-Ray header of this invocation (`Root=…;Parent=…;Sampled=…`), when Lambda gave one. */
  readonly traceHeader: string | undefined;
  readonly config: ResolvedConfig;
  /** Epoch ms. */
  readonly startedAtMs: number;
}

export type InvocationOutcome =
  | { readonly kind: 'result'; readonly value: unknown }
  | { readonly kind: 'error'; readonly error: unknown };

export interface InstrumentInvocation {
  /** Extra read-only members of `obs` for this invocation, such as `span` or `annotate`. */
  readonly fields?: Readonly<Record<string, unknown>> | undefined;
  /** Runs the handler call inside the instrument's context (an OpenTelemetry span made active) and returns its result. */
  runHandler?(call: () => unknown): unknown;
  /** The handler returned or threw; runs before the metrics are written. */
  end?(outcome: InvocationOutcome): void;
  /** The pre-timeout flush fired: mark the work as timed out and push out what can be pushed. */
  timeout?(info: { readonly elapsedMs: number }): void;
  /** Awaited before the wrapped handler resolves, abandoned at `deadlineMs` (epoch ms). */
  flush?(deadlineMs: number): Promise<void> | undefined;
}
