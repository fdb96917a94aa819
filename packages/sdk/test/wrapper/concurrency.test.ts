import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { currentObservability, logger, metrics } from '../../src/routed.js';
import type { Observability } from '../../src/types.js';
import { createTestSdk, emfDocuments, lambdaContext, logLines } from '../support/test-runtime.js';

/** A helper far from the handler body, reaching its invocation only through the accessors. */
async function chargeCard(orderId: number, delayMs: number): Promise<void> {
  await sleep(delayMs);
  metrics.add('Charged', orderId, 'Count');
  logger.info({ orderId, seenRequestId: currentObservability()?.requestId }, 'card charged');
}

describe('overlapping invocations (Lambda Managed Instances)', () => {
  it('never share metrics, cold start or request id', async () => {
    const { runtime, withObservability } = createTestSdk({ env: { AWS_LAMBDA_MAX_CONCURRENCY: '8' } });
    const handler = withObservability(
      async (event: { orderId: number; delays: number[] }, _context: unknown, obs: Observability) => {
        obs.metrics.add('Orders', event.orderId, 'Count');
        for (const delay of event.delays) {
          await sleep(delay);
          obs.metrics.add('Steps', event.orderId);
        }
        await chargeCard(event.orderId, event.delays[0] ?? 0);
        obs.metrics.setProperty('orderId', event.orderId);
        return { orderId: event.orderId, requestId: obs.requestId, coldStart: obs.coldStart };
      },
    );
    // Delays chosen so the invocations interleave: later ones finish first.
    const plans = [
      { orderId: 1, delays: [40, 5, 30] },
      { orderId: 2, delays: [5, 40, 5] },
      { orderId: 3, delays: [20, 20] },
      { orderId: 4, delays: [1] },
      { orderId: 5, delays: [35, 1, 1, 1] },
    ];
    const contexts = plans.map(() => lambdaContext());
    const results = await Promise.all(plans.map((plan, index) => handler(plan, contexts[index] ?? {})));

    expect(results.map((result) => result.requestId)).toEqual(contexts.map((context) => context.awsRequestId));
    expect(results.filter((result) => result.coldStart)).toHaveLength(1);

    const documents = emfDocuments(runtime.writes);
    expect(documents).toHaveLength(plans.length);
    for (const [index, plan] of plans.entries()) {
      const document = documents.find((candidate) => candidate.requestId === contexts[index]?.awsRequestId);
      expect(document).toMatchObject({ orderId: plan.orderId, Orders: plan.orderId, Charged: plan.orderId });
      const steps = document?.Steps;
      expect(Array.isArray(steps) ? steps : [steps]).toEqual(plan.delays.map(() => plan.orderId));
    }
    expect(documents.filter((document) => document.coldStart === true)).toHaveLength(1);
    expect(documents.filter((document) => document.ColdStart === 1)).toHaveLength(1);

    const charged = logLines(runtime.writes).filter((line) => line.msg === 'card charged');
    expect(charged).toHaveLength(plans.length);
    for (const line of charged) {
      const index = plans.findIndex((plan) => plan.orderId === line.orderId);
      expect(line.requestId).toBe(contexts[index]?.awsRequestId);
      expect(line.seenRequestId).toBe(contexts[index]?.awsRequestId);
    }
  });

  it('lets exactly one of many simultaneous first invocations claim the cold start', async () => {
    const { withObservability } = createTestSdk();
    const handler = withObservability(async (_event: unknown, _context: unknown, obs: Observability) => {
      await sleep(1);
      return { coldStart: obs.coldStart, initDurationMs: obs.initDurationMs, proactiveInit: obs.proactiveInit };
    });
    const results = await Promise.all(Array.from({ length: 20 }, () => handler({}, lambdaContext())));
    const claimed = results.filter((result) => result.initDurationMs !== undefined);
    expect(claimed).toHaveLength(1);
    expect(claimed[0]).toMatchObject({ coldStart: true, proactiveInit: false });
    expect(results.filter((result) => result.coldStart)).toHaveLength(1);
  });
});

describe('the accessors outside the handler body', () => {
  it('route to the current invocation and fall back safely outside one', async () => {
    const { runtime, withObservability } = createTestSdk();
    const handler = withObservability(async (_event: unknown, _context: unknown, obs: Observability) => {
      expect(currentObservability()).toBe(obs);
      logger.info('inside');
      metrics.add('Inside', 1);
    });
    expect(currentObservability()).toBeUndefined();
    await handler({}, lambdaContext());
    metrics.add('Outside', 1);
    metrics.add('Outside', 2);
    logger.warn({ stage: 'shutdown' }, 'outside');
    // Outside an invocation too, a line is out the moment it is logged.
    const lines = logLines(runtime.writes);
    expect(lines.find((line) => line.msg === 'inside')?.requestId).toMatch(/^req-/);
    const outside = lines.find((line) => line.msg === 'outside');
    expect(outside).toMatchObject({ level: 'WARN', stage: 'shutdown', functionName: 'orders-fn' });
    expect(outside).not.toHaveProperty('requestId');
    expect(lines.filter((line) => line.kind === 'outside-invocation')).toHaveLength(1);
    expect(runtime.warnings.get('outside-invocation')).toBe(2);
    expect(emfDocuments(runtime.writes).flatMap((document) => Object.keys(document))).not.toContain('Outside');
  });

  it('drops a metric added after its invocation ended instead of leaking it into the next', async () => {
    const { runtime, withObservability } = createTestSdk();
    let late: Observability | undefined;
    const handler = withObservability(async (_event: unknown, _context: unknown, obs: Observability) => {
      late ??= obs;
      obs.metrics.add('Own', 1);
    });
    await handler({}, lambdaContext());
    late?.metrics.add('Late', 1);
    await handler({}, lambdaContext());
    const documents = emfDocuments(runtime.writes);
    expect(documents.map((document) => document.Late)).toEqual([undefined, undefined]);
    expect(runtime.warnings.get('outside-invocation')).toBe(1);
  });
});
