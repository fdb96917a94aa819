import { setTimeout as sleep } from 'node:timers/promises';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { ObservedContext } from '../../src/middy/middy-request.js';
import { currentObservability, logger, metrics } from '../../src/routed.js';
import { emfDocuments, lambdaContext, logLines } from '../support/test-runtime.js';
import { createTestMiddy, obsOf } from './middy-sdk.js';

interface Plan {
  readonly orderId: number;
  readonly delays: readonly number[];
  readonly early?: boolean;
  readonly fail?: boolean;
}

/** A helper far from the handler body, reaching its invocation only through the accessors. */
async function chargeCard(orderId: number, delayMs: number): Promise<void> {
  await sleep(delayMs);
  metrics.add('Charged', orderId, 'Count');
  logger.info({ orderId, seenRequestId: currentObservability()?.requestId }, 'card charged');
}

describe('overlapping middy invocations (Lambda Managed Instances)', () => {
  it('never share metrics, cold start or request id, however they end', async () => {
    const { runtime, observability } = createTestMiddy({ env: { AWS_LAMBDA_MAX_CONCURRENCY: '8' } });
    const handler = middy(async (event: Plan, context: Context & ObservedContext) => {
      obsOf(context).metrics.add('Orders', event.orderId, 'Count');
      for (const delay of event.delays) {
        await sleep(delay);
        obsOf(context).metrics.add('Steps', event.orderId);
      }
      await chargeCard(event.orderId, event.delays[0] ?? 0);
      metrics.setProperty('orderId', event.orderId);
      if (event.fail) throw new Error(`order ${event.orderId} failed`);
      return { orderId: event.orderId, requestId: obsOf(context).requestId, coldStart: obsOf(context).coldStart };
    })
      .use(observability())
      .use({
        // Another middleware's before, running inside the invocation too; it answers some requests itself.
        before: async (request) => {
          const plan = request.event as Plan;
          await sleep(plan.delays[1] ?? 0);
          metrics.add('Validated', plan.orderId, 'Count');
          return plan.early ? { orderId: plan.orderId, early: true } : undefined;
        },
      });
    // Delays chosen so the invocations interleave: later ones finish first.
    const plans: Plan[] = [
      { orderId: 1, delays: [40, 5, 30] },
      { orderId: 2, delays: [5, 40, 5] },
      { orderId: 3, delays: [20, 20], early: true },
      { orderId: 4, delays: [1], fail: true },
      { orderId: 5, delays: [35, 1, 1, 1] },
      { orderId: 6, delays: [2, 30], early: true },
    ];
    const contexts = plans.map(() => lambdaContext());
    const settled = await Promise.allSettled(plans.map((plan, index) => handler(plan, contexts[index] as Context)));

    expect(settled.map((result) => (result.status === 'fulfilled' ? result.value : String(result.reason)))).toEqual(
      plans.map((plan, index) =>
        plan.early
          ? { orderId: plan.orderId, early: true }
          : plan.fail
            ? `Error: order ${plan.orderId} failed`
            : { orderId: plan.orderId, requestId: contexts[index]?.awsRequestId, coldStart: expect.any(Boolean) },
      ),
    );

    const documents = emfDocuments(runtime.writes);
    expect(documents).toHaveLength(plans.length);
    for (const [index, plan] of plans.entries()) {
      const document = documents.find((candidate) => candidate.requestId === contexts[index]?.awsRequestId);
      expect(document?.Validated).toBe(plan.orderId);
      if (plan.early) {
        expect(document).not.toHaveProperty('Orders');
        continue;
      }
      expect(document).toMatchObject({ orderId: plan.orderId, Orders: plan.orderId, Charged: plan.orderId });
      const steps = document?.Steps;
      expect(Array.isArray(steps) ? steps : [steps]).toEqual(plan.delays.map(() => plan.orderId));
    }
    expect(documents.filter((document) => document.coldStart === true)).toHaveLength(1);
    expect(documents.filter((document) => document.ColdStart === 1)).toHaveLength(1);

    const lines = logLines(runtime.writes);
    const charged = lines.filter((line) => line.msg === 'card charged');
    expect(charged).toHaveLength(plans.filter((plan) => !plan.early).length);
    for (const line of charged) {
      const index = plans.findIndex((plan) => plan.orderId === line.orderId);
      expect(line.requestId).toBe(contexts[index]?.awsRequestId);
      expect(line.seenRequestId).toBe(contexts[index]?.awsRequestId);
    }
    const failed = lines.filter((line) => line.level === 'ERROR');
    expect(failed.map((line) => line.requestId)).toEqual([contexts[3]?.awsRequestId]);
  });
});
