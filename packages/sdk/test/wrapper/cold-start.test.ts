import { describe, expect, it } from 'vitest';
import type { Observability } from '../../src/types.js';
import { createTestSdk, emfDocuments, lambdaContext } from '../support/test-runtime.js';

function report(obs: Observability) {
  return {
    coldStart: obs.coldStart,
    initType: obs.initType,
    proactiveInit: obs.proactiveInit,
    initDurationMs: obs.initDurationMs,
  };
}

describe('cold starts through the wrapper', () => {
  it('reports the in-process init duration on the first invocation and nothing on the next', async () => {
    let nowMs = 240;
    const { runtime, withObservability } = createTestSdk({ monotonicMs: () => nowMs });
    const handler = withObservability(async (_event: unknown, _context: unknown, obs: Observability) => report(obs));
    nowMs = 310;
    expect(await handler({}, lambdaContext())).toEqual({
      coldStart: true,
      initType: 'on-demand',
      proactiveInit: false,
      initDurationMs: 310,
    });
    nowMs = 5000;
    expect(await handler({}, lambdaContext())).toEqual({
      coldStart: false,
      initType: 'on-demand',
      proactiveInit: undefined,
      initDurationMs: undefined,
    });
    const [first, second] = emfDocuments(runtime.writes);
    expect(first).toMatchObject({ ColdStart: 1, InitDuration: 310, coldStart: true, proactiveInit: false });
    expect(second).not.toHaveProperty('ColdStart');
    expect(second).not.toHaveProperty('InitDuration');
    expect(second).not.toHaveProperty('proactiveInit');
  });

  it('calls a first invocation more than 10 s after the handler was wrapped a proactive init, not a cold start', async () => {
    let nowMs = 1000;
    const { runtime, withObservability } = createTestSdk({ monotonicMs: () => nowMs });
    const handler = withObservability(async (_event: unknown, _context: unknown, obs: Observability) => report(obs));
    nowMs = 1000 + 10_001;
    expect(await handler({}, lambdaContext())).toEqual({
      coldStart: false,
      initType: 'on-demand',
      proactiveInit: true,
      initDurationMs: 11_001,
    });
    expect(emfDocuments(runtime.writes)[0]).toMatchObject({ coldStart: false, proactiveInit: true });
    expect(emfDocuments(runtime.writes)[0]).not.toHaveProperty('ColdStart');
  });

  it('reports a SnapStart restore as its init type, not as a cold start', async () => {
    const { withObservability } = createTestSdk({ env: { AWS_LAMBDA_INITIALIZATION_TYPE: 'snap-start' } });
    const handler = withObservability(async (_event: unknown, _context: unknown, obs: Observability) => report(obs));
    expect(await handler({}, lambdaContext())).toMatchObject({
      coldStart: false,
      initType: 'snap-start',
      proactiveInit: false,
    });
  });
});
