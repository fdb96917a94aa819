import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { SDK_LINE_KEY, SDK_LINE_KINDS } from '../../src/catalog.js';
import { invocationStore } from '../../src/invocation/runtime.js';
import type { ObservedContext } from '../../src/middy/middy-request.js';
import { currentObservability, logger, metrics } from '../../src/routed.js';
import type { Observability } from '../../src/types.js';
import { SAMPLE_EVENTS as samples } from '../fixtures/sample-events.js';
import { emfDocuments, lambdaContext, logLines } from '../support/test-runtime.js';
import { createTestMiddy, obsOf } from './middy-sdk.js';

type ObservedLambdaContext = Context & ObservedContext;

/** A helper far from the handler, reaching the invocation only through the package's accessors. */
async function reserveStock(quantity: number): Promise<string | undefined> {
  await new Promise((resolve) => setImmediate(resolve));
  metrics.add('ItemsReserved', quantity, 'Count');
  logger.info({ quantity }, 'stock reserved');
  return currentObservability()?.requestId;
}

function handlerErrors(writes: readonly string[]): Record<string, unknown>[] {
  return logLines(writes).filter((line) => line[SDK_LINE_KEY] === SDK_LINE_KINDS.handlerError);
}

describe('the middy middleware, with the real @middy/core', () => {
  it('writes what withObservability writes, and the handler reaches obs through context.obs and the accessors', async () => {
    const { runtime, observability } = createTestMiddy();
    const seen: { obs?: Observability; current?: Observability | undefined; helperRequestId?: string | undefined } = {};
    const response = { ok: true };
    const handler = middy(async (event: { id: string }, context: ObservedLambdaContext) => {
      seen.obs = obsOf(context);
      seen.current = currentObservability();
      obsOf(context).metrics.add('OrdersPlaced', 3, 'Count');
      obsOf(context).metrics.setProperty('orderId', event.id);
      obsOf(context).logger.info({ orderId: event.id }, 'order placed');
      seen.helperRequestId = await reserveStock(2);
      return response;
    }).use(observability({ namespace: 'Shop', service: 'orders', dimensions: { stage: 'test' } }));

    const context = lambdaContext();
    expect(await handler({ id: 'o-17' }, context as Context)).toBe(response);
    expect(seen.current).toBe(seen.obs);
    expect(seen.obs?.requestId).toBe(context.awsRequestId);
    expect(seen.obs?.coldStart).toBe(true);
    expect(seen.helperRequestId).toBe(context.awsRequestId);
    // Non-enumerable: a handler that logs its context does not print the SDK.
    expect(Object.keys(context)).not.toContain('obs');

    const [document, ...others] = emfDocuments(runtime.writes);
    expect(others).toEqual([]);
    expect(document?._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: 'Shop',
      Dimensions: [['service', 'stage']],
    });
    expect(document).toMatchObject({
      service: 'orders',
      stage: 'test',
      requestId: context.awsRequestId,
      coldStart: true,
      proactiveInit: false,
      functionName: 'orders-fn',
      functionVersion: '7',
      memoryLimitMB: 512,
      initType: 'on-demand',
      trigger: 'direct',
      orderId: 'o-17',
      OrdersPlaced: 3,
      ItemsReserved: 2,
      ColdStart: 1,
      MemoryWatermark: 128,
    });
    expect(document?.InitDuration).toBeGreaterThan(0);

    const lines = logLines(runtime.writes);
    expect(lines.filter((line) => line[SDK_LINE_KEY] === SDK_LINE_KINDS.config)).toHaveLength(1);
    expect(
      lines.filter((line) => line.msg !== 'lambdatop configuration').map((line) => [line.msg, line.requestId]),
    ).toEqual([
      ['order placed', context.awsRequestId],
      ['stock reserved', context.awsRequestId],
    ]);
  });

  it('measures the event source: SQS batch metrics from the event and the partial batch response', async () => {
    const { runtime, observability } = createTestMiddy();
    const handler = middy(async () => ({
      batchItemFailures: [{ itemIdentifier: samples.sqs.Records[1]?.messageId }],
    })).use(observability());
    await handler(samples.sqs, lambdaContext() as Context);
    const http = middy(async () => ({ statusCode: 404, body: '' })).use(observability());
    await http(samples.apiGatewayRest, lambdaContext() as Context);
    const [sqs, api] = emfDocuments(runtime.writes);
    expect(sqs).toMatchObject({ trigger: 'sqs', BatchSize: 2, BatchItemFailures: 1 });
    expect(sqs?.OldestMessageAge).toBeGreaterThan(0);
    expect(api).toMatchObject({ trigger: 'api-gateway-rest', httpStatusClass: '4xx' });
  });

  it('lets the very error object through, logs it once and still writes the document', async () => {
    const { runtime, observability } = createTestMiddy();
    const failure = new TypeError('order o-4 rejected');
    let seenByOnError: unknown;
    const handler = middy(async (_event: unknown, context: ObservedLambdaContext) => {
      obsOf(context).metrics.add('Attempts', 1, 'Count');
      throw failure;
    })
      .use(observability())
      // Used after ours, so its onError runs before ours: it sees middy's error, and leaves it unhandled.
      .use({
        onError: (request) => {
          seenByOnError = request.error;
        },
      });
    const context = lambdaContext();
    await expect(handler({}, context as Context)).rejects.toBe(failure);
    expect(seenByOnError).toBe(failure);
    const errors = handlerErrors(runtime.writes);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      level: 'ERROR',
      requestId: context.awsRequestId,
      error: { name: 'TypeError', message: 'order o-4 rejected' },
    });
    expect(emfDocuments(runtime.writes)).toMatchObject([{ requestId: context.awsRequestId, Attempts: 1 }]);

    // Not an Error at all: still the same value.
    const thrown = { code: 'E_ODD' };
    const odd = middy(async () => {
      throw thrown;
    }).use(observability());
    await expect(odd({}, lambdaContext() as Context)).rejects.toBe(thrown);
    expect(emfDocuments(runtime.writes)).toHaveLength(2);
  });

  it('completes the telemetry once when a later before-middleware answers early, with the very answer', async () => {
    const { runtime, observability } = createTestMiddy();
    const cached = { statusCode: 200, body: 'from cache' };
    let handlerCalls = 0;
    let laterAfterCalls = 0;
    const handler = middy(async () => {
      handlerCalls += 1;
      return { statusCode: 200, body: 'computed' };
    })
      .use(observability())
      .use({
        before: (request) => {
          currentObservability()?.metrics.add('CacheHit', 1, 'Count');
          if ((request.event as { cached?: boolean }).cached) return cached;
          return undefined;
        },
        after: () => {
          laterAfterCalls += 1;
        },
      });
    const early = lambdaContext();
    expect(await handler({ ...samples.apiGatewayRest, cached: true }, early as Context)).toBe(cached);
    expect(handlerCalls).toBe(0);
    expect(laterAfterCalls).toBe(0);
    const computed = lambdaContext();
    expect(await handler(samples.apiGatewayRest, computed as Context)).toEqual({ statusCode: 200, body: 'computed' });

    const documents = emfDocuments(runtime.writes);
    expect(documents.map((document) => [document.requestId, document.CacheHit, document.httpStatusClass])).toEqual([
      [early.awsRequestId, 1, '2xx'],
      [computed.awsRequestId, 1, '2xx'],
    ]);
    expect(handlerErrors(runtime.writes)).toEqual([]);
  });

  it('records an early answer from an after-middleware that runs before ours, and from an onError one', async () => {
    const { runtime, observability } = createTestMiddy();
    const replaced = { statusCode: 202, body: 'replaced' };
    const afterEarly = middy(async () => ({ statusCode: 200, body: 'original' }))
      .use(observability())
      .use({ after: () => replaced });
    expect(await afterEarly(samples.apiGatewayRest, lambdaContext() as Context)).toBe(replaced);

    const handledAnswer = { statusCode: 503, body: 'try later' };
    const handled = middy(async () => {
      throw new Error('database down');
    })
      .use(observability())
      .use({ onError: () => handledAnswer });
    expect(await handled(samples.apiGatewayRest, lambdaContext() as Context)).toBe(handledAnswer);

    // An onError that answers undefined leaves middy to throw the error it was handling.
    const failure = new Error('still failing');
    const unhandled = middy(async () => {
      throw failure;
    })
      .use(observability())
      .use({
        onError: (request) => {
          (request as { earlyResponse?: unknown }).earlyResponse = undefined;
        },
      });
    await expect(unhandled(samples.apiGatewayRest, lambdaContext() as Context)).rejects.toBe(failure);

    expect(emfDocuments(runtime.writes).map((document) => document.httpStatusClass)).toEqual(['2xx', '5xx', '5xx']);
    // What Lambda got decides: the handled error became an answer, the unhandled one is logged as the failure.
    expect(handlerErrors(runtime.writes).map((line) => (line.error as { message: string }).message)).toEqual([
      'still failing',
    ]);
  });

  it('records the failure of a middleware that runs after ours, and lets its error through', async () => {
    const { runtime, observability } = createTestMiddy();
    const validationError = new RangeError('quantity must be positive');
    let handlerCalls = 0;
    const validating = middy(async () => {
      handlerCalls += 1;
      return 'ok';
    })
      .use(observability())
      .use({
        before: () => {
          throw validationError;
        },
      });
    await expect(validating({}, lambdaContext() as Context)).rejects.toBe(validationError);
    expect(handlerCalls).toBe(0);

    const serializeError = new Error('response is not serialisable');
    const serializing = middy(async () => ({ statusCode: 200, body: 'fine' }))
      .use(observability())
      .use({
        after: () => {
          throw serializeError;
        },
      });
    await expect(serializing(samples.apiGatewayRest, lambdaContext() as Context)).rejects.toBe(serializeError);

    expect(handlerErrors(runtime.writes).map((line) => (line.error as { message: string }).message)).toEqual([
      'quantity must be positive',
      'response is not serialisable',
    ]);
    expect(emfDocuments(runtime.writes).map((document) => document.httpStatusClass)).toEqual([undefined, '5xx']);
  });

  it('records an error that an earlier onError turned into a response as that response', async () => {
    const { runtime, observability } = createTestMiddy();
    const handler = middy(async () => {
      throw new Error('not found');
    })
      .use(observability())
      .use({
        onError: (request) => {
          request.response = { statusCode: 404, body: 'no such order' };
        },
      });
    expect(await handler(samples.apiGatewayRest, lambdaContext() as Context)).toEqual({
      statusCode: 404,
      body: 'no such order',
    });
    expect(emfDocuments(runtime.writes)[0]?.httpStatusClass).toBe('4xx');
    expect(handlerErrors(runtime.writes)).toEqual([]);
  });
});

describe('one set of telemetry per invocation', () => {
  it('with withObservability inside middy, middy inside withObservability, or the middleware used twice', async () => {
    const { runtime, observability, withObservability } = createTestMiddy();
    const seen: Observability[] = [];
    const body = async (_event: unknown, context: ObservedLambdaContext) => {
      seen.push(obsOf(context));
      obsOf(context).metrics.add('Work', 1, 'Count');
      return 'done';
    };
    const inner = middy(
      withObservability(async (_event: unknown, _context: unknown, obs: Observability) => {
        seen.push(obs);
        obs.metrics.add('Work', 1, 'Count');
        return 'done';
      }),
    ).use(observability());
    // A middy handler declares a third parameter (middy's { signal }); as withObservability calls it, it takes two.
    const outer = withObservability(middy(body).use(observability()) as unknown as (event: unknown) => unknown);
    const twice = middy(body).use(observability()).use(observability());

    const contexts = [lambdaContext(), lambdaContext(), lambdaContext()];
    expect(await inner({}, contexts[0] as Context)).toBe('done');
    expect(await outer({}, contexts[1] as Context)).toBe('done');
    expect(await twice({}, contexts[2] as Context)).toBe('done');

    expect(seen.map((obs) => obs.requestId)).toEqual(contexts.map((context) => context.awsRequestId));
    const documents = emfDocuments(runtime.writes);
    expect(documents.map((document) => [document.requestId, document.Work])).toEqual(
      contexts.map((context) => [context.awsRequestId, 1]),
    );
    expect(documents.filter((document) => document.ColdStart === 1)).toHaveLength(1);
  });

  it('never reuses an ended invocation, even for a context object passed again', async () => {
    const { runtime, observability } = createTestMiddy();
    const handler = middy(async (_event: unknown, context: ObservedLambdaContext) => {
      obsOf(context).metrics.add('Calls', 1, 'Count');
      return obsOf(context);
    }).use(observability());
    const context = lambdaContext();
    const first = await handler({}, context as Context);
    // The caller continues in the ended invocation's context (middy has no hook around its handler): a metric
    // added here is dropped with a warning, never carried into the next invocation.
    metrics.add('Late', 1, 'Count');
    const second = await handler({}, context as Context);
    expect(second).not.toBe(first);
    expect(emfDocuments(runtime.writes).map((document) => [document.Calls, document.Late])).toEqual([
      [1, undefined],
      [1, undefined],
    ]);
    expect(runtime.warnings.get('outside-invocation')).toBe(1);
  });
});

describe('creating the middleware', () => {
  it('validates the options at once, naming what to change', () => {
    const { observability } = createTestMiddy();
    expect(() => observability({ servce: 'orders' } as never)).toThrow(
      new TypeError(
        "observability: unknown option 'servce' (did you mean 'service'?); valid options: namespace, service, dimensions, logLevel, timeoutMarginMs, flushBeforeTimeout, tracing, captureResponse",
      ),
    );
    expect(() => observability({ namespace: 'bad namespace!' })).toThrow(/^observability: .*namespace/);
    expect(() => observability({ timeoutMarginMs: -5 })).toThrow(
      'observability: timeoutMarginMs must be a positive number of milliseconds, got -5',
    );
    expect(() => observability('Shop' as never)).toThrow(TypeError);
  });

  it('never throws into middy: a frozen context still gets its telemetry, obs through currentObservability()', async () => {
    const { runtime, observability } = createTestMiddy();
    let current: Observability | undefined;
    const handler = middy(async () => {
      current = currentObservability();
      current?.metrics.add('Frozen', 1, 'Count');
      return 'fine';
    }).use(observability());
    const frozen = Object.freeze(lambdaContext());
    expect(await handler({}, frozen as Context)).toBe('fine');
    expect(current?.requestId).toBe(frozen.awsRequestId);
    // Called without any context, as in a local test: middy passes {}.
    expect(await (handler as unknown as (event: unknown) => Promise<unknown>)({})).toBe('fine');
    expect(emfDocuments(runtime.writes).map((document) => [document.requestId, document.Frozen])).toEqual([
      [frozen.awsRequestId, 1],
      [undefined, 1],
    ]);
    expect(runtime.warnings.get('sdk-internal-error')).toBeUndefined();
  });

  it('still ends the invocation when another middleware fixed request.response before ours could watch it', async () => {
    const { runtime, observability } = createTestMiddy();
    const handler = middy(async () => 'answered')
      .use({
        before: (request) => {
          Object.defineProperty(request, 'response', { value: undefined, writable: true, configurable: false });
        },
      })
      .use(observability());
    expect(await handler({}, lambdaContext() as Context)).toBe('answered');
    expect(emfDocuments(runtime.writes)).toHaveLength(1);
    expect(runtime.warnings.get('sdk-internal-error')).toBeUndefined();
  });

  it('is what the routed logger writes through outside any invocation', () => {
    const { runtime, observability } = createTestMiddy();
    observability();
    // Outside: this test's own context may still name an invocation an earlier middy call left behind.
    invocationStore.exit(() => logger.warn({ stage: 'init' }, 'between invocations'));
    expect(logLines(runtime.writes)).toEqual([
      expect.objectContaining({ level: 'WARN', stage: 'init', functionName: 'orders-fn', functionVersion: '7' }),
    ]);
    expect(logLines(runtime.writes)[0]).not.toHaveProperty('requestId');
  });
});
