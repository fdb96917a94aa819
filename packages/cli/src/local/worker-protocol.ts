/**
 * How the harness and a worker (one execution environment's runtime process) talk.
 *
 * Parent → worker: invocations over the fork IPC channel.
 * Worker → parent: everything on the worker's stdout, in write order. The function's own raw lines
 * (EMF, pino JSON) pass as they are; the runtime's lines and control messages travel as frames
 * (a marker no text output contains, JSON, newline), so a console line holding newlines stays one event
 * and the end of an invocation can never overtake a line written before it.
 */

/** NUL never appears in text a function prints; JSON.stringify escapes it, so a frame never contains it twice. */
export const FRAME_MARKER = '\u0000lambdatop-frame\u0000';

export interface InvokeMessage {
  readonly type: 'invoke';
  readonly requestId: string;
  readonly event: unknown;
  /** Wall-clock epoch ms; `context.getRemainingTimeInMillis()` counts down to it. */
  readonly deadlineMs: number;
  readonly traceHeader: string;
  readonly invokedFunctionArn: string;
}

/** A runtime log line, already formatted the way Lambda's Node.js runtime does. */
export interface LogFrame {
  readonly t: 'log';
  readonly ts: number;
  readonly message: string;
}

export interface ReadyFrame {
  readonly t: 'ready';
  readonly initDurationMs: number;
}

export interface InitErrorFrame {
  readonly t: 'init-error';
  readonly initDurationMs: number;
  readonly errorType: string;
  readonly errorMessage: string;
}

export interface DoneFrame {
  readonly t: 'done';
  readonly requestId: string;
  readonly durationMs: number;
  /** The JSON the function returned (a streamed body as a JSON string); absent for an error. */
  readonly responseJson?: string | undefined;
  readonly errorType?: string | undefined;
  readonly errorMessage?: string | undefined;
}

export type WorkerFrame = LogFrame | ReadyFrame | InitErrorFrame | DoneFrame;

export function encodeFrame(frame: WorkerFrame): string {
  return `${FRAME_MARKER}${JSON.stringify(frame)}\n`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isOptionalString(value: unknown): boolean {
  return value === undefined || typeof value === 'string';
}

/** Checks the shape, so a damaged frame is reported instead of crashing the harness. */
export function parseWorkerFrame(json: string): WorkerFrame | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  switch (value.t) {
    case 'log':
      return typeof value.ts === 'number' && typeof value.message === 'string'
        ? (value as unknown as LogFrame)
        : undefined;
    case 'ready':
      return typeof value.initDurationMs === 'number' ? (value as unknown as ReadyFrame) : undefined;
    case 'init-error':
      return typeof value.initDurationMs === 'number' &&
        typeof value.errorType === 'string' &&
        typeof value.errorMessage === 'string'
        ? (value as unknown as InitErrorFrame)
        : undefined;
    case 'done':
      return typeof value.requestId === 'string' &&
        typeof value.durationMs === 'number' &&
        isOptionalString(value.responseJson) &&
        isOptionalString(value.errorType) &&
        isOptionalString(value.errorMessage)
        ? (value as unknown as DoneFrame)
        : undefined;
    default:
      return undefined;
  }
}

export function isInvokeMessage(value: unknown): value is InvokeMessage {
  return (
    isRecord(value) &&
    value.type === 'invoke' &&
    typeof value.requestId === 'string' &&
    typeof value.deadlineMs === 'number' &&
    typeof value.traceHeader === 'string' &&
    typeof value.invokedFunctionArn === 'string'
  );
}
