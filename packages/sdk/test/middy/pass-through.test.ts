import { setTimeout as sleep } from 'node:timers/promises';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Instrument } from '../../src/instrument/instrument.js';
import type { ObservabilityMiddleware } from '../../src/middy/middy-request.js';
import { emfDocuments, lambdaContext } from '../support/test-runtime.js';
import { createTestMiddy } from './middy-sdk.js';

// Values a handler or middleware may produce: everything fast-check can build, plus the awkward ones by name.
const anyValue = fc.oneof(
  fc.anything({ withBigInt: true, withMap: true, withSet: true, withDate: true, withTypedArray: true }),
  fc.constantFrom<unknown>(undefined, null, 0, Number.NaN, '', false, Symbol('s'), Object.freeze({ frozen: true })),
  fc.constant(new Error('plain')),
);

/** Where the value comes from: every way a middy request ends. */
const PATHS = ['handler returns', 'handler throws', 'before answers', 'after answers', 'onError answers'] as const;
type Path = (typeof PATHS)[number];

/** A tracing instrument whose flush takes a while, so an early answer has to wait for it. */
const slowFlush: Instrument = { name: 'slow-flush', start: () => ({ flush: () => sleep(1) }) };

/** A middy handler producing `value` along `path`; with our middleware first, as the README asks. */
function build(path: Path, value: unknown, ours?: ObservabilityMiddleware) {
  const handler = middy(async () => {
    if (path === 'handler throws' || path === 'onError answers') throw value;
    return path === 'handler returns' ? value : 'from the handler';
  });
  if (ours !== undefined) handler.use(ours);
  return handler.use({
    before: () => (path === 'before answers' ? value : undefined),
    after: () => (path === 'after answers' ? value : undefined),
    onError: () => (path === 'onError answers' ? value : undefined),
  });
}

async function outcome(promise: Promise<unknown>): Promise<{ threw: boolean; value: unknown }> {
  try {
    return { threw: false, value: await promise };
  } catch (error) {
    return { threw: true, value: error };
  }
}

describe('the middleware changes nothing middy returns or throws', () => {
  it('gives the caller exactly what the same middy handler without it gives, and writes one document each', async () => {
    const { runtime, observability } = createTestMiddy({ instruments: [slowFlush] });
    const ours = observability();
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PATHS), anyValue, async (path, value) => {
        const plain = await outcome(build(path, value)({}, lambdaContext() as Context));
        const observed = await outcome(build(path, value, ours)({}, lambdaContext() as Context));
        runs += 1;
        expect(observed.threw).toBe(plain.threw);
        expect(Object.is(observed.value, plain.value)).toBe(true);
      }),
      { numRuns: 300 },
    );
    expect(emfDocuments(runtime.writes)).toHaveLength(runs);
  });
});
