import type { ColdStart } from '../cold-start/classify-cold-start.js';
import type { ResolvedConfig } from '../config/resolve-config.js';
import type { WarningKind } from '../diagnostics/warning-kind.js';
import type { EventSource } from '../event-source/classify-event-source.js';
import type { LambdaContext } from '../types.js';

/**
 * The seam tracing (X-Ray, OpenTelemetry) plugs into: the same per-invocation lifecycle the metrics follow.
 * Internal, not exported from the package. Every call is guarded by the wrapper: a hook that throws, rejects
 * or hangs is counted as `instrument-failed` and never reaches the handler's result.
 */
export interface Instrument {
  readonly name: string;
  /** Called before the handler, on every invocation. Undefined: nothing to do this time. */
  start(invocation: InvocationStart): InstrumentInvocation | undefined;
}

/** What an instrument sees of an invocation (the invocation itself: nothing is copied for it). */
export interface InvocationStart {
  readonly event: unknown;
  readonly context: LambdaContext;
  readonly coldStart: ColdStart;
  readonly requestId: string | undefined;
  /** The raw X-Ray header of this invocation (`Root=…;Parent=…;Sampled=…`), when Lambda gave one. */
  readonly traceHeader: string | undefined;
  readonly config: ResolvedConfig;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** `_HANDLER` (`index.handler`), else the handler function's name. */
  readonly handlerName: string;
  readonly eventSource: EventSource;
  /** Epoch ms. */
  readonly startedEpochMs: number;
  /** Counts a failure of the instrument's own; the first of its kind in the process becomes a warning line. */
  warn(kind: WarningKind, detail: string): void;
}

export type InvocationOutcome =
  | { readonly kind: 'result'; readonly value: unknown; readonly httpStatus: number | undefined }
  | { readonly kind: 'error'; readonly error: unknown; readonly httpStatus: number | undefined };

export interface TimeoutInfo {
  readonly elapsedMs: number;
  /** When Lambda will stop the function, epoch ms; what is left to push out has until then. */
  readonly deadlineEpochMs: number;
}

export interface InstrumentInvocation {
  /** Extra read-only members of `obs` for this invocation. */
  readonly fields?: Readonly<Record<string, unknown>> | undefined;
  /** Awaited before the handler is called: something start() needs is still loading (first use only). */
  readonly ready?: Promise<void> | undefined;
  /** `obs.span`: the invocation's OpenTelemetry span. */
  readonly span?: unknown;
  /** `obs.annotate` and `obs.addMetadata`. */
  annotate?(key: string, value: unknown): void;
  addMetadata?(key: string, value: unknown, namespace: string | undefined): void;
  /** Runs the handler call inside the instrument's context (an OpenTelemetry span made active) and returns its result. */
  runHandler?(call: () => unknown): unknown;
  /** The handler returned or threw; runs before the metrics are written. */
  end?(outcome: InvocationOutcome): void;
  /** The pre-timeout flush fired: mark the work as timed out and push out what can be pushed. */
  timeout?(info: TimeoutInfo): void;
  /** Awaited before the wrapped handler resolves, abandoned at `deadlineMs` (epoch ms). */
  flush?(deadlineMs: number): Promise<void> | undefined;
}
