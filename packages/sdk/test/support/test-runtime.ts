import { WarningCounter } from '../../src/diagnostics/warning-counter.js';
import type { Instrument } from '../../src/instrument/instrument.js';
import type { Runtime } from '../../src/invocation/runtime.js';
import { createLineCoalescer } from '../../src/output/create-line-coalescer.js';
import type { LambdaContext } from '../../src/types.js';
import { createWithObservability } from '../../src/with-observability.js';
import { type EmfDocument, expectValidEmf, isEmfDocument } from './emf-assertions.js';

export interface CapturedRuntime extends Runtime {
  /** Every line written, in order, each with its newline. */
  readonly writes: string[];
  /** What reached the underlying writer, one entry per write call: several lines each when the SDK coalesced them. */
  readonly chunks: string[];
  readonly warnings: WarningCounter;
}

export interface TestRuntimeOptions {
  readonly env?: Record<string, string | undefined>;
  readonly instruments?: readonly Instrument[];
  readonly traceHeader?: () => string | undefined;
  /** Monotonic ms since "process start"; defaults to the real `performance.now()`. */
  readonly monotonicMs?: () => number;
}

export function createTestRuntime(options: TestRuntimeOptions = {}): CapturedRuntime {
  const writes: string[] = [];
  const chunks: string[] = [];
  // The real coalescer over a capturing writer, so tests see the lines exactly as the process would write them.
  const lines = createLineCoalescer((chunk) => {
    chunks.push(chunk);
    for (const line of chunk.split(/(?<=\n)/)) writes.push(line);
  });
  return {
    env: { AWS_LAMBDA_FUNCTION_NAME: 'orders-fn', AWS_LAMBDA_FUNCTION_VERSION: '7', ...options.env },
    write: lines.write,
    hold: lines.hold,
    flush: lines.flush,
    epochMs: Date.now,
    monotonicMs: options.monotonicMs ?? (() => performance.now()),
    maxRssKb: () => 131_072,
    traceHeader: options.traceHeader ?? (() => undefined),
    processState: { coldStartClaimed: false },
    warnings: new WarningCounter(),
    instruments: options.instruments ?? [],
    writes,
    chunks,
  };
}

/** A fresh `withObservability` over its own runtime, so every test starts from a cold process. */
export function createTestSdk(options: TestRuntimeOptions = {}) {
  const runtime = createTestRuntime(options);
  return { runtime, withObservability: createWithObservability(() => runtime) };
}

/** Parses every captured write as exactly one JSON object per line (the SDK's promise about stdout). */
export function parseLines(writes: readonly string[]): Record<string, unknown>[] {
  return writes.map((write) => {
    if (!write.endsWith('\n') || write.slice(0, -1).includes('\n'))
      throw new Error(`not exactly one line: ${JSON.stringify(write)}`);
    const parsed: unknown = JSON.parse(write);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error(`not a JSON object: ${write}`);
    return parsed as Record<string, unknown>;
  });
}

export function emfDocuments(writes: readonly string[]): EmfDocument[] {
  return writes.filter((write) => isEmfDocument(JSON.parse(write))).map((write) => expectValidEmf(write.slice(0, -1)));
}

export function logLines(writes: readonly string[]): Record<string, unknown>[] {
  return parseLines(writes).filter((line) => !isEmfDocument(line));
}

let requestCounter = 0;

/**
 * A Lambda-shaped context with `remainingMs` left when first asked (the SDK asks as the invocation starts), so a
 * loaded machine's pause between building the context and calling the handler does not shorten the deadline.
 */
export function lambdaContext(overrides: Partial<LambdaContext> & { remainingMs?: number } = {}): LambdaContext {
  requestCounter += 1;
  const { remainingMs = 3000, ...fields } = overrides;
  let deadlineMs: number | undefined;
  return {
    awsRequestId: `req-${requestCounter}`,
    functionName: 'orders-fn',
    functionVersion: '7',
    memoryLimitInMB: '512',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:orders-fn',
    getRemainingTimeInMillis: () => {
      const nowMs = Date.now();
      deadlineMs ??= nowMs + remainingMs;
      return deadlineMs - nowMs;
    },
    ...fields,
  };
}
