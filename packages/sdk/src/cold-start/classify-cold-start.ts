/** `AWS_LAMBDA_INITIALIZATION_TYPE` values; unset (local runs, tests) is treated as on-demand. */
export type InitType =
  | 'on-demand'
  | 'provisioned-concurrency'
  | 'snap-start'
  | 'lambda-managed-instances'
  | (string & {});

/** OpenTelemetry and Datadog both call an init proactive when the first invocation came more than 10 s later. */
export const PROACTIVE_INIT_THRESHOLD_MS = 10_000;

export interface ColdStartInput {
  /** `AWS_LAMBDA_INITIALIZATION_TYPE`, possibly unset. */
  readonly initializationType: string | undefined;
  /** When init ended as far as the SDK can tell (the handler was wrapped), ms since process start. */
  readonly initEndMs: number;
  /** When this invocation started, ms since process start (`performance.now()`). */
  readonly invokeStartMs: number;
  /** Whether an earlier invocation of this process already claimed the first invocation. */
  readonly alreadyClaimed: boolean;
}

export interface ColdStart {
  /** A caller waited for this environment's init: the first on-demand invocation, not proactive. */
  readonly coldStart: boolean;
  readonly initType: InitType;
  /** Only on the first invocation of a process: true when nobody waited for the init. */
  readonly proactiveInit: boolean | undefined;
  /** Only on the first invocation: process start to invocation start, ms. */
  readonly initDurationMs: number | undefined;
  /** Whether this invocation is the process's first and must mark it claimed. */
  readonly claims: boolean;
}

/** Pure: the caller owns the claimed flag and sets it when `claims` is true, in the same synchronous step. */
export function classifyColdStart(input: ColdStartInput): ColdStart {
  const initType =
    input.initializationType === undefined || input.initializationType === '' ? 'on-demand' : input.initializationType;
  if (input.alreadyClaimed) {
    return { coldStart: false, initType, proactiveInit: undefined, initDurationMs: undefined, claims: false };
  }
  const proactiveInit = input.invokeStartMs - input.initEndMs > PROACTIVE_INIT_THRESHOLD_MS;
  return {
    coldStart: initType === 'on-demand' && !proactiveInit,
    initType,
    proactiveInit,
    initDurationMs: input.invokeStartMs,
    claims: true,
  };
}
