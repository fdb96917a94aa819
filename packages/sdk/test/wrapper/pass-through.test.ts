import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SDK_LINE_KEY, SDK_LINE_KINDS } from '../../src/catalog.js';
import { HIGH_WATER_MARK_SYMBOL, STREAMING_SYMBOL, WRAPPED_SYMBOL } from '../../src/with-observability.js';
import { createTestSdk, emfDocuments, lambdaContext, logLines, parseLines } from '../support/test-runtime.js';

// Values a handler may return or throw: everything fast-check can build, plus the awkward ones by name.
const awkward = fc.constantFrom<unknown>(
  undefined,
  null,
  0,
  -0,
  Number.NaN,
  '',
  false,
  Symbol('s'),
  10n,
  Object.freeze({ frozen: true }),
  Object.create(null),
  new Error('plain'),
  Object.freeze(new TypeError('frozen error')),
  [1, [2]],
  () => 1,
);
const anyValue = fc.oneof(
  fc.anything({ withBigInt: true, withMap: true, withSet: true, withDate: true, withTypedArray: true }),
  awkward,
);

describe('the wrapper preserves the handler', () => {
  it('resolves with exactly what an async handler returns', async () => {
    const { withObservability } = createTestSdk();
    await fc.assert(
      fc.asyncProperty(anyValue, async (value) => {
        const handler = withObservability(async () => value);
        expect(Object.is(await handler({}, lambdaContext()), value)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('resolves with exactly what a synchronous handler returns', async () => {
    const { withObservability } = createTestSdk();
    await fc.assert(
      fc.asyncProperty(anyValue, async (value) => {
        const handler = withObservability(() => value);
        expect(Object.is(await handler({}, lambdaContext()), value)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('rejects with exactly what the handler throws, synchronously or as a rejection', async () => {
    const { withObservability } = createTestSdk();
    await fc.assert(
      fc.asyncProperty(anyValue, fc.constantFrom('sync', 'async', 'returned-rejection'), async (thrown, how) => {
        const handler = withObservability((): unknown => {
          if (how === 'sync') throw thrown;
          if (how === 'async') return (async () => Promise.reject(thrown))();
          return Promise.reject(thrown);
        });
        let caught: unknown = 'nothing caught';
        try {
          await handler({}, lambdaContext());
        } catch (error) {
          caught = error;
        }
        expect(Object.is(caught, thrown)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('has length 0, which the Node.js 24 runtime requires to be below 3', () => {
    const { withObservability } = createTestSdk();
    const wrapped = withObservability(async (_event: unknown, _context: unknown, _obs: unknown) => 1);
    expect(wrapped.length).toBe(0);
    expect(wrapped.name).toBe('observedHandler');
    function orders(): number {
      return 1;
    }
    expect(withObservability(orders).name).toBe('orders');
  });

  it('keeps response streaming working: symbols copied, called as (event, responseStream, context, obs)', async () => {
    const { runtime, withObservability } = createTestSdk();
    const stream = { write: (chunk: string) => chunk.length };
    const calls: unknown[][] = [];
    const streaming = Object.assign(
      async (event: unknown, responseStream: typeof stream, context: unknown, obs: { coldStart: boolean }) => {
        calls.push([event, responseStream, context, obs.coldStart]);
        return responseStream.write('hello');
      },
      { [STREAMING_SYMBOL]: 'response', [HIGH_WATER_MARK_SYMBOL]: 4096 },
    );
    const wrapped = withObservability(streaming) as unknown as Record<symbol, unknown> &
      ((...args: unknown[]) => Promise<unknown>);
    expect(wrapped[STREAMING_SYMBOL]).toBe('response');
    expect(wrapped[HIGH_WATER_MARK_SYMBOL]).toBe(4096);
    expect(wrapped.length).toBe(0);
    const context = lambdaContext();
    expect(await wrapped({ id: 1 }, stream, context)).toBe(5);
    expect(calls).toEqual([[{ id: 1 }, stream, context, true]]);
    expect(emfDocuments(runtime.writes)[0]?.requestId).toBe(context.awsRequestId);
  });

  it('notices streamifyResponse applied after wrapping', async () => {
    const { withObservability } = createTestSdk();
    const stream = { written: [] as string[] };
    const wrapped = withObservability(
      async (_event: unknown, responseStream: typeof stream, context: { awsRequestId?: string | undefined }) => {
        responseStream.written.push(context.awsRequestId ?? 'none');
      },
    ) as unknown as Record<symbol, unknown> & ((...args: unknown[]) => Promise<unknown>);
    wrapped[STREAMING_SYMBOL] = 'response';
    const context = lambdaContext();
    await wrapped({}, stream, context);
    expect(stream.written).toEqual([context.awsRequestId]);
  });

  it('does not double the telemetry when wrapped twice, statically or by one wrapped handler calling another', async () => {
    const { runtime, withObservability } = createTestSdk();
    const inner = withObservability(
      async (_event: unknown, _context: unknown, obs: { metrics: { add(name: string, value: number): void } }) => {
        obs.metrics.add('Inner', 1);
        return 'inner';
      },
    );
    expect(withObservability(inner)).toBe(inner);
    expect((inner as unknown as Record<symbol, unknown>)[WRAPPED_SYMBOL]).toBe(true);
    const outer = withObservability(
      async (event: unknown, context: object, obs: { metrics: { add(name: string, value: number): void } }) => {
        obs.metrics.add('Outer', 1);
        return inner(event, context);
      },
    );
    expect(await outer({}, lambdaContext())).toBe('inner');
    const documents = emfDocuments(runtime.writes);
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({ Inner: 1, Outer: 1, ColdStart: 1 });
    expect(logLines(runtime.writes).filter((line) => line[SDK_LINE_KEY] === SDK_LINE_KINDS.config)).toHaveLength(1);
  });

  it('throws a TypeError that says what to change, at wrap time', () => {
    const { withObservability } = createTestSdk();
    expect(() => withObservability(async () => 1, { namespace: 'Shop', servce: 'orders' } as never)).toThrow(
      new TypeError(
        "withObservability: unknown option 'servce' (did you mean 'service'?); valid options: namespace, service, dimensions, logLevel, timeoutMarginMs, flushBeforeTimeout, tracing, captureResponse",
      ),
    );
    expect(() => withObservability('handler.main' as never)).toThrow(
      new TypeError('withObservability: the handler must be a function, got "handler.main"'),
    );
  });
});

describe('the wrapper never breaks the function', () => {
  it('drops bad metrics, counts them and reports each kind once, and still returns the result', async () => {
    const { runtime, withObservability } = createTestSdk();
    const handler = withObservability(async (_event: unknown, _context: unknown, obs) => {
      obs.metrics.add('Good', 1, 'Count');
      obs.metrics.add('Bad', Number.NaN);
      obs.metrics.add('Bad', Number.POSITIVE_INFINITY);
      obs.metrics.add('', 1);
      obs.metrics.add('Unit', 1, 'Furlongs' as never);
      obs.metrics.setProperty('big', 1n);
      obs.metrics.setTimestamp(0);
      return 'ok';
    });
    expect(await handler({}, lambdaContext())).toBe('ok');
    expect(await handler({}, lambdaContext())).toBe('ok');
    const warnings = logLines(runtime.writes).filter((line) => line[SDK_LINE_KEY] === SDK_LINE_KINDS.warning);
    expect(warnings.map((line) => line.kind)).toEqual([
      'invalid-metric-value',
      'invalid-metric-name',
      'invalid-unit',
      'invalid-property',
      'invalid-timestamp',
    ]);
    expect(warnings.every((line) => line.level === 'WARN' && typeof line.requestId === 'string')).toBe(true);
    expect(runtime.warnings.get('invalid-metric-value')).toBe(4);
    expect(emfDocuments(runtime.writes).map((document) => document.Good)).toEqual([1, 1]);
  });

  it('logs a thrown error once at error level with name, message, stack and requestId', async () => {
    const { runtime, withObservability } = createTestSdk();
    const failure = new RangeError('quantity must be positive');
    const handler = withObservability(async () => {
      throw failure;
    });
    const context = lambdaContext();
    await expect(handler({}, context)).rejects.toBe(failure);
    const errors = logLines(runtime.writes).filter((line) => line.level === 'ERROR');
    expect(errors).toEqual([
      expect.objectContaining({
        [SDK_LINE_KEY]: SDK_LINE_KINDS.handlerError,
        requestId: context.awsRequestId,
        error: { name: 'RangeError', message: 'quantity must be positive', stack: failure.stack },
        msg: 'handler failed: RangeError: quantity must be positive',
      }),
    ]);
    const thrower = withObservability(() => {
      throw 'a string';
    });
    await expect(thrower({}, lambdaContext())).rejects.toBe('a string');
    expect(
      logLines(runtime.writes)
        .filter((line) => line.level === 'ERROR')
        .at(-1)?.error,
    ).toEqual({ name: 'string', message: '"a string"' });
  });

  it('writes only single-line JSON objects, whatever the handler logs', async () => {
    const { runtime, withObservability } = createTestSdk({ env: { LOG_LEVEL: 'debug' } });
    const circular: Record<string, unknown> = { name: 'loop' };
    circular.self = circular;
    const handler = withObservability(async (_event: unknown, _context: unknown, obs) => {
      obs.logger.info(circular, 'line one\nline two');
      obs.logger.debug({ big: 10n.toString(), nested: { deep: [1, { x: '\u2028' }] } }, 'debug');
      obs.logger.warn('plain "quoted" text');
      obs.logger.child({ step: 'payment' }).info('from a child logger');
      obs.metrics.setProperty('note', 'multi\nline');
      obs.metrics.add('Ok', 1);
    });
    await handler({}, lambdaContext());
    const lines = parseLines(runtime.writes);
    expect(lines.length).toBeGreaterThanOrEqual(5);
    expect(lines.find((line) => line.msg === 'line one\nline two')).toMatchObject({
      level: 'INFO',
      self: { name: 'loop', self: '[Circular]' },
    });
    expect(lines.find((line) => line.msg === 'from a child logger')).toMatchObject({
      level: 'INFO',
      step: 'payment',
      requestId: expect.stringMatching(/^req-/),
      coldStart: true,
      functionName: 'orders-fn',
    });
  });

  it("writes the handler's lines as they are logged and joins only the epilogue into one write", async () => {
    const { runtime, withObservability } = createTestSdk();
    const handler = withObservability(async (_event: unknown, _context: unknown, obs) => {
      obs.metrics.add('Ok', 1);
      obs.logger.info('one');
      // Nothing may wait for the turn to end: a handler that spins from here until Lambda kills it keeps 'one'.
      expect(runtime.chunks.at(-1)).toContain('"msg":"one"');
      obs.logger.info('two');
      throw new Error('three');
    });
    await handler({}, lambdaContext()).catch(() => undefined);
    const before = runtime.chunks.length;
    await handler({}, lambdaContext()).catch(() => undefined);
    // The thrown error's line and the document leave together, before the wrapped handler settles.
    const chunks = runtime.chunks.slice(before).map((chunk) => parseLines(chunk.split(/(?<=\n)/)));
    expect(chunks.map((lines) => lines.map((line) => line.msg ?? (line._aws === undefined ? '?' : 'emf')))).toEqual([
      ['one'],
      ['two'],
      ['handler failed: Error: three', 'emf'],
    ]);
  });
});
