import { format } from 'node:util';

/**
 * What the Lambda Node.js runtime writes for `console.*` in the Text log format:
 * `<ISO timestamp>\t<request id>\t<LEVEL>\t<util.format(...args)>`, one CloudWatch event per call,
 * newlines included. Outside an invocation (during init) the request id prints as `undefined`.
 * https://docs.aws.amazon.com/lambda/latest/dg/nodejs-logging.html
 */

export const RUNTIME_LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;
export type RuntimeLogLevel = (typeof RUNTIME_LOG_LEVELS)[number];

/** The labels the runtime puts before an error it reports on the function's behalf. */
export type RuntimeErrorLabel = 'Invoke Error' | 'Uncaught Exception' | 'Unhandled Promise Rejection';

export function formatRuntimeLogLine(
  timestampMs: number,
  requestId: string | undefined,
  level: RuntimeLogLevel,
  args: readonly unknown[],
): string {
  const [first, ...rest] = args;
  const message = args.length === 0 ? '' : format(first, ...rest);
  return `${new Date(timestampMs).toISOString()}\t${requestId ?? 'undefined'}\t${level}\t${message}`;
}

/** A thrown non-Error becomes an Error of its string form, as the runtime does. */
export function toError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  let text: string;
  try {
    text = String(thrown);
  } catch {
    text = Object.prototype.toString.call(thrown);
  }
  return new Error(text);
}

function describeError(error: Error): Record<string, unknown> {
  const described: Record<string, unknown> = {
    errorType: error.name,
    errorMessage: error.message,
    code: (error as Error & { code?: unknown }).code,
    ...error,
  };
  if (typeof error.stack === 'string') described.stack = error.stack.split('\n');
  return described;
}

function safeText(read: () => unknown): string {
  try {
    return String(read());
  } catch {
    return '';
  }
}

/**
 * The runtime's JSON for an error: errorType, errorMessage, code, the error's own enumerable fields,
 * then the stack as an array of lines. Falls back to the bare fields when the error cannot be serialised.
 */
export function toRuntimeErrorJson(thrown: unknown): string {
  const error = toError(thrown);
  try {
    return JSON.stringify(error, (_key, value: unknown) => (value instanceof Error ? describeError(value) : value));
  } catch {
    return JSON.stringify({
      errorType: safeText(() => error.name),
      errorMessage: safeText(() => error.message),
      stack: [],
    });
  }
}

/** `<ts>\t<id>\tERROR\tInvoke Error \t{"errorType":…}`: util.format joins the label and the TAB-led JSON with a space. */
export function formatRuntimeErrorLine(
  timestampMs: number,
  requestId: string | undefined,
  label: RuntimeErrorLabel,
  thrown: unknown,
): string {
  return formatRuntimeLogLine(timestampMs, requestId, 'ERROR', [label, `\t${toRuntimeErrorJson(thrown)}`]);
}

/** errorType and errorMessage as Lambda returns them to the caller. */
export function toErrorSummary(thrown: unknown): { readonly errorType: string; readonly errorMessage: string } {
  const error = toError(thrown);
  return { errorType: safeText(() => error.name), errorMessage: safeText(() => error.message) };
}
