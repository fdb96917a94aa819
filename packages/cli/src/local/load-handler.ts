import { existsSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The marks `awslambda.streamifyResponse` puts on a handler. https://docs.aws.amazon.com/lambda/latest/dg/config-rs-write-functions.html */
export const STREAMING_HANDLER_SYMBOL = Symbol.for('aws.lambda.runtime.handler.streaming');
export const HIGH_WATER_MARK_SYMBOL = Symbol.for('aws.lambda.runtime.handler.streaming.highWaterMark');
export const STREAMING_RESPONSE = 'response';

/** Node.js 24 and later refuse handlers that take a callback (three parameters or more). */
const CALLBACK_PARAMETER_COUNT = 3;

export type Handler = (...args: unknown[]) => unknown;

export interface LoadedHandler {
  readonly handler: Handler;
  readonly streaming: boolean;
  readonly highWaterMark?: number | undefined;
}

/** An init failure, named after the runtime's error type (`Runtime.ImportModuleError`, …). */
export class RuntimeInitError extends Error {
  constructor(errorType: string, message: string, options?: { cause?: unknown; stack?: string | undefined }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = errorType;
    if (options?.stack !== undefined) this.stack = options.stack;
  }
}

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
}

async function importModule(modulePath: string): Promise<Record<string, unknown>> {
  if (!existsSync(modulePath)) {
    throw new RuntimeInitError('Runtime.ImportModuleError', `Error: Cannot find module '${modulePath}'`);
  }
  try {
    return (await import(pathToFileURL(modulePath).href)) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof SyntaxError) {
      throw new RuntimeInitError('Runtime.UserCodeSyntaxError', String(error), { cause: error, stack: error.stack });
    }
    const code = errorCode(error);
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new RuntimeInitError('Runtime.ImportModuleError', String(error), { cause: error });
    }
    // The module's own error at load time is reported under its own type.
    throw error;
  }
}

function lookUp(container: unknown, path: readonly string[]): unknown {
  let value = container;
  for (const key of path) {
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * Imports the handler module (ESM or CommonJS) and checks the handler the way the Node.js runtime does at init.
 * `exportName` may be dotted (`api.handler`) like Lambda's handler setting.
 */
export async function loadHandler(handlerPath: string, exportName: string): Promise<LoadedHandler> {
  const modulePath = resolve(handlerPath);
  const moduleNamespace = await importModule(modulePath);
  const path = exportName.split('.');
  // A CommonJS module's exports that Node could not detect statically are still on `default`.
  const exported = lookUp(moduleNamespace, path) ?? lookUp(moduleNamespace.default, path);
  const label = `${basename(modulePath, extname(modulePath))}.${exportName}`;
  if (exported === undefined) {
    throw new RuntimeInitError('Runtime.HandlerNotFound', `${label}: the module has no such export`);
  }
  if (typeof exported !== 'function') {
    throw new RuntimeInitError('Runtime.HandlerNotFound', `${label} is not a function`);
  }
  const handler = exported as Handler;
  const marks = handler as unknown as Record<symbol, unknown>;
  const streamingMark = marks[STREAMING_HANDLER_SYMBOL];
  if (streamingMark !== undefined && streamingMark !== STREAMING_RESPONSE) {
    throw new RuntimeInitError(
      'Runtime.MalformedStreamingHandler',
      `${label}: a streaming handler must be marked 'response'`,
    );
  }
  const streaming = streamingMark === STREAMING_RESPONSE;
  if (!streaming && handler.length >= CALLBACK_PARAMETER_COUNT) {
    throw new RuntimeInitError(
      'Runtime.CallbackHandlerDeprecated',
      `${label} takes ${handler.length} parameters: callback-based handlers are refused from Node.js 24 on; ` +
        'declare (event, context) and return a value or a promise instead.',
    );
  }
  const highWaterMark = Number(marks[HIGH_WATER_MARK_SYMBOL]);
  return { handler, streaming, highWaterMark: Number.isFinite(highWaterMark) ? highWaterMark : undefined };
}
