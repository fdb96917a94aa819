/**
 * The runtime process of one local execution environment, forked by the harness: it plays the part of
 * Lambda's Node.js runtime (console patching, handler loading and checks, the context object, error lines)
 * around the user's handler. Invocations arrive over IPC; everything it reports goes out on stdout.
 */
import { performance } from 'node:perf_hooks';
import { type Handler, type LoadedHandler, loadHandler } from './load-handler.js';
import { createResponseStream, installAwsLambdaGlobal } from './response-stream.js';
import { installRuntimeConsole } from './runtime-console.js';
import {
  formatRuntimeErrorLine,
  formatRuntimeLogLine,
  type RuntimeErrorLabel,
  type RuntimeLogLevel,
  toErrorSummary,
} from './runtime-log-line.js';
import {
  type DoneFrame,
  encodeFrame,
  type InvokeMessage,
  isInvokeMessage,
  type WorkerFrame,
} from './worker-protocol.js';

/** The runtime's exit codes after an uncaught exception and an unhandled rejection. */
const EXIT_UNCAUGHT_EXCEPTION = 129;
const EXIT_UNHANDLED_REJECTION = 128;

let currentRequestId: string | undefined;

function writeFrame(frame: WorkerFrame): void {
  process.stdout.write(encodeFrame(frame));
}

function writeLog(level: RuntimeLogLevel, args: readonly unknown[]): void {
  const ts = Date.now();
  let message: string;
  try {
    message = formatRuntimeLogLine(ts, currentRequestId, level, args);
  } catch {
    // An argument whose inspection throws (a hostile Proxy) must not break the caller's log call.
    message = formatRuntimeLogLine(ts, currentRequestId, level, ['[unformattable log arguments]']);
  }
  writeFrame({ t: 'log', ts, message });
}

function writeErrorLine(label: RuntimeErrorLabel, thrown: unknown): void {
  const ts = Date.now();
  writeFrame({ t: 'log', ts, message: formatRuntimeErrorLine(ts, currentRequestId, label, thrown) });
}

class UnhandledPromiseRejection extends Error {
  constructor(reason: unknown) {
    super(String(reason));
    this.name = 'Runtime.UnhandledPromiseRejection';
  }
}

class JsonStringifyError extends Error {
  constructor(cause: unknown) {
    super('Unable to stringify the response body', { cause });
    this.name = 'Runtime.JSONStringifyError';
  }
}

function toResponseJson(response: unknown): string | undefined {
  try {
    return JSON.stringify(response);
  } catch (error) {
    throw new JsonStringifyError(error);
  }
}

function createContext(message: InvokeMessage): Record<string, unknown> {
  const env = process.env;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: message.invokedFunctionArn,
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: message.requestId,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
    getRemainingTimeInMillis: () => message.deadlineMs - Date.now(),
  };
}

async function callHandler(loaded: LoadedHandler, message: InvokeMessage): Promise<unknown> {
  const context = createContext(message);
  if (!loaded.streaming) return await loaded.handler(message.event, context);
  const { stream, body } = createResponseStream(loaded.highWaterMark);
  await (loaded.handler as Handler)(message.event, stream, context);
  if (!stream.writableEnded) stream.end();
  return await body;
}

async function invoke(loaded: LoadedHandler, message: InvokeMessage): Promise<void> {
  currentRequestId = message.requestId;
  process.env._X_AMZN_TRACE_ID = message.traceHeader;
  const startedAt = performance.now();
  let done: DoneFrame;
  try {
    const responseJson = toResponseJson(await callHandler(loaded, message));
    done = { t: 'done', requestId: message.requestId, durationMs: performance.now() - startedAt, responseJson };
  } catch (error) {
    const durationMs = performance.now() - startedAt;
    writeErrorLine('Invoke Error', error);
    done = { t: 'done', requestId: message.requestId, durationMs, ...toErrorSummary(error) };
  }
  writeFrame(done);
}

async function main(): Promise<void> {
  const [handlerPath, handlerExport] = process.argv.slice(2);
  // The handler sees the runtime's argv, not the harness's arguments.
  process.argv.splice(2);
  installRuntimeConsole(globalThis.console, writeLog);
  installAwsLambdaGlobal();
  process.on('uncaughtException', (error) => {
    writeErrorLine('Uncaught Exception', error);
    process.exit(EXIT_UNCAUGHT_EXCEPTION);
  });
  process.on('unhandledRejection', (reason) => {
    writeErrorLine('Unhandled Promise Rejection', new UnhandledPromiseRejection(reason));
    process.exit(EXIT_UNHANDLED_REJECTION);
  });
  // The harness decides when an environment ends; a terminal's Ctrl-C or hang-up goes to it, not here.
  process.on('SIGINT', () => {});
  process.on('SIGHUP', () => {});
  // Parent gone: nothing can invoke this environment again.
  process.on('disconnect', () => process.exit(0));

  const initStartedAt = performance.now();
  let loaded: LoadedHandler;
  try {
    loaded = await loadHandler(handlerPath ?? '', handlerExport ?? 'handler');
  } catch (error) {
    const initDurationMs = performance.now() - initStartedAt;
    writeErrorLine('Uncaught Exception', error);
    writeFrame({ t: 'init-error', initDurationMs, ...toErrorSummary(error) });
    process.exit(EXIT_UNCAUGHT_EXCEPTION);
  }
  writeFrame({ t: 'ready', initDurationMs: performance.now() - initStartedAt });
  process.on('message', (message: unknown) => {
    if (isInvokeMessage(message)) void invoke(loaded, message);
  });
}

void main();
