import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { buildSync } from 'esbuild';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as entry from '../../src/middy/index.js';
import {
  logger,
  type Observability,
  type ObservabilityMiddleware,
  type ObservedContext,
  observability,
} from '../../src/middy/index.js';
import { ensureBuiltSdk } from '../support/built-sdk.js';

const SDK_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EXPORTED = ['currentObservability', 'logger', 'metrics', 'observability'];

describe('@lambdatop/sdk/middy', () => {
  it('exports exactly the documented values, from source and as published through the package exports', async () => {
    expect(Object.keys(entry).sort()).toEqual(EXPORTED);
    ensureBuiltSdk();
    const published = (await import('@lambdatop/sdk/middy')) as Record<string, unknown>;
    expect(Object.keys(published).sort()).toEqual(EXPORTED);
    expect(typeof published.observability).toBe('function');
  });

  it("compiles the README's example as written, with middy's own types", () => {
    const handler = middy(async (event: { id: string }, context: Context & ObservedContext) => {
      context.obs?.metrics.add('OrdersPlaced', 3, 'Count');
      logger.info({ orderId: event.id }, 'order placed');
      return { ok: true };
    }).use(observability({ namespace: 'Shop', service: 'orders' }));
    const ours = observability();
    // The handler set after use() sees context.obs too, once the context type says so.
    const later = middy<{ id: string }, number, Error, Context & ObservedContext>()
      .use(ours)
      .handler(async (_event, context) => (context.obs?.coldStart ? 1 : 0));
    expectTypeOf(ours).toEqualTypeOf<ObservabilityMiddleware>();
    expectTypeOf<ObservedContext['obs']>().toEqualTypeOf<Observability | undefined>();
    expectTypeOf(handler).toBeCallableWith({ id: 'o-1' }, {} as Context);
    expect(typeof later.use).toBe('function');
    // @ts-expect-error: an unknown tracing mode does not compile (and throws at creation).
    expect(() => observability({ tracing: 'x-ray' })).toThrow(TypeError);
  });

  it('adds nothing to the main entry: @lambdatop/sdk neither imports nor bundles the middleware', () => {
    const { metafile } = buildSync({
      entryPoints: [`${SDK_ROOT}src/index.ts`],
      bundle: true,
      write: false,
      metafile: true,
      format: 'esm',
      platform: 'node',
      packages: 'external',
      logLevel: 'error',
    });
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.some((path) => path.includes('src/with-observability.ts'))).toBe(true);
    expect(inputs.filter((path) => path.includes('src/middy/'))).toEqual([]);
    ensureBuiltSdk();
    // The published bundle itself: the middleware's hooks are named functions, kept by the whitespace-only minify.
    const main = readFileSync(`${SDK_ROOT}dist/index.js`, 'utf8');
    const middyBundle = readFileSync(`${SDK_ROOT}dist/middy.js`, 'utf8');
    expect(middyBundle).toContain('lambdatopObservabilityBefore');
    expect(main).not.toContain('lambdatopObservabilityBefore');
    expect(main).not.toContain('earlyResponse');
  });
});
