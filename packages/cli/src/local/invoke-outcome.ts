import type { MemoryMeasurement } from './memory-probe.js';

/**
 * - `success`, `error`: the handler returned or threw (an init failure is an `error` too).
 * - `timeout`: the function ran past its timeout and its environment was reset.
 * - `oom`: the worker went past the memory size and was killed.
 * - `crash`: the runtime process exited on its own (process.exit, an uncaught exception).
 * - `throttled`: every allowed environment was busy; nothing ran and nothing was logged.
 * - `closed`: the harness was closed while the invocation waited or ran.
 */
export type InvokeOutcomeKind = 'success' | 'error' | 'timeout' | 'oom' | 'crash' | 'throttled' | 'closed';

export const INVOKE_OUTCOME_KINDS: readonly InvokeOutcomeKind[] = [
  'success',
  'error',
  'timeout',
  'oom',
  'crash',
  'throttled',
  'closed',
];

export interface InvokeOutcome {
  readonly kind: InvokeOutcomeKind;
  readonly requestId: string;
  readonly functionName: string;
  /** The invocation waited for an init: a new environment, or a suppressed init after a timeout or crash. */
  readonly cold: boolean;
  /** The execution environment's log stream; absent when nothing ran. */
  readonly logStream?: string | undefined;
  /** What the handler returned, after the JSON round trip Lambda applies (`null` for undefined). */
  readonly response?: unknown;
  /** As Lambda reports them: the handler's error type, `Sandbox.Timedout`, `Runtime.OutOfMemory`, `Runtime.ExitError`. */
  readonly errorType?: string | undefined;
  readonly errorMessage?: string | undefined;
  /** The REPORT line's figures; absent when nothing ran. */
  readonly durationMs?: number | undefined;
  readonly billedDurationMs?: number | undefined;
  /** Only on an environment's first invocation: the suppressed init after a crash has none, as in Lambda. */
  readonly initDurationMs?: number | undefined;
  readonly maxMemoryUsedMb?: number | undefined;
  readonly memoryMeasurement?: MemoryMeasurement | undefined;
}
