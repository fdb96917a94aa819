import type { WarningKind } from '../diagnostics/warning-kind.js';
import { describeError } from '../util/describe.js';
import type { OtelApiModule } from './load-otel-api.js';

interface Flushable {
  forceFlush?(): unknown;
}

/**
 * Starts the registered tracer provider's forceFlush() (through the ProxyTracerProvider to its delegate). The
 * promise settles when the flush does, and never rejects: a provider that throws or rejects is reported. The caller
 * bounds the wait (the invocation's deadline), so a flush that hangs is left behind, not awaited. Undefined when the
 * provider has nothing to flush.
 */
export function flushTracerProvider(
  api: OtelApiModule,
  warn: (kind: WarningKind, detail: string) => void,
): Promise<void> | undefined {
  const global = api.trace.getTracerProvider() as { getDelegate?(): unknown };
  const provider = (typeof global.getDelegate === 'function' ? global.getDelegate() : global) as Flushable | undefined;
  if (typeof provider?.forceFlush !== 'function') return undefined;
  const failed = (error: unknown): void => {
    const { name, message } = describeError(error);
    warn('trace-flush-failed', `the tracer provider's forceFlush failed: ${name}: ${message}`);
  };
  let flushing: unknown;
  try {
    flushing = provider.forceFlush();
  } catch (error) {
    failed(error);
    return undefined;
  }
  if (typeof (flushing as PromiseLike<unknown> | undefined)?.then !== 'function') return undefined;
  return Promise.resolve(flushing).then(() => undefined, failed);
}
