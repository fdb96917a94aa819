import { createObservability } from '../../src/middy/observability.js';
import type { Observability } from '../../src/types.js';
import { createWithObservability } from '../../src/with-observability.js';
import { createTestRuntime, type TestRuntimeOptions } from '../support/test-runtime.js';

/**
 * The middy middleware and withObservability over one captured runtime, so every test starts from a cold process
 * and sees exactly what either wrote.
 */
export function createTestMiddy(options: TestRuntimeOptions = {}) {
  const runtime = createTestRuntime(options);
  return {
    runtime,
    observability: createObservability(() => runtime),
    withObservability: createWithObservability(() => runtime),
  };
}

/** `context.obs`, which the middleware always sets on a context that accepts it. */
export function obsOf(context: { readonly obs?: Observability | undefined }): Observability {
  if (context.obs === undefined) throw new Error('the middleware set no context.obs');
  return context.obs;
}
