import { StorageResolution } from 'aws-embedded-metrics/lib/logger/StorageResolution.js';
import { Unit } from 'aws-embedded-metrics/lib/logger/Unit.js';
import type { Context, Handler } from 'aws-lambda';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as sdk from '../../src/index.js';
import { currentObservability, type Observability, type TracingOption, withObservability } from '../../src/index.js';

describe('the public surface', () => {
  it('exports exactly the documented values', () => {
    expect(Object.keys(sdk).sort()).toEqual(['currentObservability', 'logger', 'metrics', 'withObservability']);
  });

  it("compiles the README's example as written, and Lambda's own types fit it", () => {
    const handler = withObservability(
      async (event, _context, obs) => {
        obs.metrics.add('OrdersPlaced', 3, 'Count');
        obs.metrics.add('PayloadSize', 2, Unit.Kilobytes, StorageResolution.High);
        obs.logger.info({ orderId: event.id }, 'order placed');
        return { ok: true };
      },
      { namespace: 'Shop', service: 'orders' },
    );
    const lambdaHandler: Handler<{ id: number }, { ok: boolean }> = handler;
    const context = {
      awsRequestId: 'r-1',
      functionName: 'orders',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:orders',
      memoryLimitInMB: '128',
      logGroupName: '/aws/lambda/orders',
      logStreamName: 's',
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => 3000,
      done: () => {},
      fail: () => {},
      succeed: () => {},
    } satisfies Context;
    expectTypeOf(handler).returns.resolves.toEqualTypeOf<{ ok: boolean }>();
    expect(handler.length).toBe(0);
    expect(typeof lambdaHandler).toBe('function');
    // Typed as Lambda calls it; not invoked here, the package's withObservability writes to the real stdout.
    expectTypeOf(handler).toBeCallableWith({ id: 1 }, context);
    expectTypeOf(currentObservability).returns.toEqualTypeOf<Observability | undefined>();
  });

  it('types the tracing members of obs and the tracing options', () => {
    const traced = withObservability(
      async (_event, _context, obs) => {
        obs.annotate('OrderId', 'o-17');
        obs.addMetadata('order', { id: 'o-17' }, 'orders');
        obs.span?.setAttribute('order.id', 'o-17');
        return 1;
      },
      { tracing: 'both', captureResponse: true },
    );
    expect(typeof traced).toBe('function');
    expectTypeOf<TracingOption>().toEqualTypeOf<'auto' | 'xray' | 'otel' | 'both' | 'off'>();
    // @ts-expect-error: an unknown tracing mode does not compile (and throws at wrap time).
    expect(() => withObservability(async () => 1, { tracing: 'x-ray' })).toThrow(TypeError);
  });
});
