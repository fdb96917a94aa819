import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { Instrument, InvocationOutcome } from '../../src/instrument/instrument.js';
import type { Observability } from '../../src/types.js';
import { createTestSdk, emfDocuments, lambdaContext, logLines } from '../support/test-runtime.js';

const TRACE = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';

/** Records every hook call, the way an X-Ray or OpenTelemetry instrument would use them. */
function recordingInstrument(log: string[], spanStore: AsyncLocalStorage<string>): Instrument {
  return {
    name: 'recorder',
    start(invocation) {
      log.push(`start ${invocation.requestId} cold=${invocation.coldStart.coldStart} trace=${invocation.traceHeader}`);
      const span = `span-for-${invocation.requestId}`;
      return {
        fields: { recorder: 'recording' },
        span,
        annotate: (key: string, value: unknown) => log.push(`annotate ${key}=${String(value)}`),
        addMetadata: (key: string, _value: unknown, namespace: string | undefined) =>
          log.push(`metadata ${namespace ?? '(default)'}/${key}`),
        runHandler: (call) => spanStore.run(span, call),
        end(outcome: InvocationOutcome) {
          log.push(`end ${outcome.kind}`);
        },
        timeout({ elapsedMs }) {
          log.push(`timeout after ${elapsedMs >= 0 ? 'some' : 'no'} ms`);
        },
        async flush(deadlineMs) {
          log.push(`flush ${deadlineMs > Date.now() ? 'before' : 'after'} deadline`);
          await sleep(5);
          log.push('flushed');
        },
      };
    },
  };
}

describe('the instrument seam tracing will plug into', () => {
  it('follows the invocation: start, handler inside the instrument context, end, flush before resolving', async () => {
    const log: string[] = [];
    const spans = new AsyncLocalStorage<string>();
    const { runtime, withObservability } = createTestSdk({
      instruments: [recordingInstrument(log, spans)],
      traceHeader: () => TRACE,
    });
    const handler = withObservability(async (_event: unknown, _context: unknown, obs: Observability) => {
      await sleep(1);
      log.push(`handler sees ${String(obs.span)} active=${spans.getStore()}`);
      log.push(`field ${(obs as Observability & { recorder?: string }).recorder}`);
      obs.annotate('OrderId', 17);
      obs.addMetadata('order', { id: 17 });
      return 'ok';
    });
    const context = lambdaContext();
    expect(await handler({}, context)).toBe('ok');
    log.push('resolved');
    expect(log).toEqual([
      `start ${context.awsRequestId} cold=true trace=${TRACE}`,
      `handler sees span-for-${context.awsRequestId} active=span-for-${context.awsRequestId}`,
      'field recording',
      'annotate OrderId=17',
      'metadata (default)/order',
      'end result',
      'flush before deadline',
      'flushed',
      'resolved',
    ]);
    const config = logLines(runtime.writes).find((line) => line.lambdatop === 'config') as
      | { config?: { tracing?: string } }
      | undefined;
    expect(config?.config?.tracing).toBe('auto');
    expect(emfDocuments(runtime.writes)[0]?.xrayTraceId).toBe('1-5759e988-bd862e3fe1be46a994272793');
  });

  it('passes the error to end and the timeout to timeout; past the deadline it does not wait for flushes', async () => {
    const log: string[] = [];
    const { withObservability } = createTestSdk({ instruments: [recordingInstrument(log, new AsyncLocalStorage())] });
    const failure = new Error('boom');
    const handler = withObservability(async () => {
      await sleep(350);
      throw failure;
    });
    // 600 ms left: the pre-timeout flush fires at 100 ms, well before the handler throws.
    await expect(handler({}, lambdaContext({ remainingMs: 600 }))).rejects.toBe(failure);
    // The handler ran past the flush point (100 ms), so the response goes out without waiting for the flush.
    expect(log.filter((entry) => !entry.startsWith('start'))).toEqual([
      'timeout after some ms',
      'end error',
      'flush after deadline',
    ]);
  });

  it('survives instruments that throw, reject or hang, within the deadline', async () => {
    const hanging: Instrument = { name: 'hangs', start: () => ({ flush: () => new Promise<void>(() => {}) }) };
    const throwing: Instrument = {
      name: 'throws',
      start: () => ({
        fields: { metrics: 'must not replace obs.metrics' },
        runHandler: () => {
          throw new Error('before the call');
        },
        end: () => {
          throw new Error('end');
        },
        flush: () => Promise.reject(new Error('flush')),
      }),
    };
    const broken: Instrument = {
      name: 'broken',
      start: () => {
        throw new Error('start');
      },
    };
    const { runtime, withObservability } = createTestSdk({ instruments: [hanging, throwing, broken] });
    const handler = withObservability(async (_event: unknown, _context: unknown, obs: Observability) => {
      obs.metrics.add('Handled', 1);
      return 42;
    });
    const started = Date.now();
    // 1 s left: the automatic margin is 500 ms, so a hanging flush is abandoned about 500 ms in.
    expect(await handler({}, lambdaContext({ remainingMs: 1000 }))).toBe(42);
    const elapsed = Date.now() - started;
    // Not before the 500 ms settle timer; and back before Lambda's deadline (1 s), however late that timer ran: a
    // flush that is waited for never returns at all.
    expect(elapsed).toBeGreaterThanOrEqual(400);
    expect(elapsed).toBeLessThan(1000);
    expect(runtime.warnings.get('trace-flush-timeout')).toBe(1);
    expect(runtime.warnings.get('instrument-failed')).toBe(4);
    expect(emfDocuments(runtime.writes)[0]?.Handled).toBe(1);
  });

  it("keeps the handler's own throw when the instrument wraps the call", async () => {
    const wrapping: Instrument = { name: 'wraps', start: () => ({ runHandler: (call) => call() }) };
    const swallowing: Instrument = {
      name: 'swallows',
      start: () => ({
        runHandler: (call) => {
          try {
            return call();
          } catch {
            return 'swallowed';
          }
        },
      }),
    };
    const { withObservability } = createTestSdk({ instruments: [wrapping, swallowing] });
    const failure = { reason: 'not an Error' };
    const handler = withObservability(() => {
      throw failure;
    });
    await expect(handler({}, lambdaContext())).rejects.toBe(failure);
  });
});
