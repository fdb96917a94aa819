import { setTimeout as sleep } from 'node:timers/promises';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { SDK_LINE_KEY, SDK_LINE_KINDS } from '../../src/catalog.js';
import type { ObservedContext } from '../../src/middy/middy-request.js';
import { valuesByName } from '../support/emf-assertions.js';
import { activeTimeouts, expectFlushBeforeDeadline } from '../support/expect-flush-before-deadline.js';
import { emfDocuments, lambdaContext, logLines } from '../support/test-runtime.js';
import { createTestMiddy, obsOf } from './middy-sdk.js';

describe('the pre-timeout flush under middy', () => {
  it('writes what was recorded before the deadline with a warning, then only what came after', async () => {
    const { runtime, observability } = createTestMiddy();
    const handler = middy(async (_event: unknown, context: Context & ObservedContext) => {
      obsOf(context).metrics.add('Before', 1, 'Count');
      obsOf(context).metrics.add('Before', 2, 'Count');
      await sleep(450);
      obsOf(context).metrics.add('After', 3, 'Count');
      return 'done';
    }).use(observability());
    // 600 ms left and the automatic 500 ms margin: the flush fires after about 100 ms.
    const context = lambdaContext({ remainingMs: 600 });
    expect(await handler({}, context as Context)).toBe('done');

    expectFlushBeforeDeadline(runtime.writes, context.awsRequestId);
  });

  it("flushes ahead of middy's own early timeout, whose TimeoutError then ends the invocation once", async () => {
    const { runtime, observability } = createTestMiddy();
    const handler = middy(
      async (_event: unknown, context: Context & ObservedContext, { signal }: { signal: AbortSignal }) => {
        obsOf(context).metrics.add('Started', 1, 'Count');
        // Until middy aborts it, 5 ms before the deadline.
        await sleep(5000, undefined, { signal });
        obsOf(context).metrics.add('Finished', 1, 'Count');
      },
    ).use(observability());
    const context = lambdaContext({ remainingMs: 700 });
    const rejection = await handler({}, context as Context).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(rejection).toMatchObject({ name: 'TimeoutError' });

    const documents = emfDocuments(runtime.writes);
    expect(documents.map((document) => [document.Started, document.TimeoutImminent])).toEqual([[1, 1]]);
    expect(valuesByName(documents).get('Finished')).toBeUndefined();
    const lines = logLines(runtime.writes);
    expect(lines.filter((line) => line[SDK_LINE_KEY] === SDK_LINE_KINDS.timeout)).toHaveLength(1);
    const errors = lines.filter((line) => line[SDK_LINE_KEY] === SDK_LINE_KINDS.handlerError);
    expect(errors.map((line) => [line.requestId, (line.error as { name: string }).name])).toEqual([
      [context.awsRequestId, 'TimeoutError'],
    ]);
    // The warning comes first, the failure after it: the order Lambda's log would show.
    expect(lines.indexOf(errors[0] as Record<string, unknown>)).toBeGreaterThan(
      lines.findIndex((line) => line[SDK_LINE_KEY] === SDK_LINE_KINDS.timeout),
    );
  });

  it('leaves no timer behind, whether the request succeeds, fails or is answered early', async () => {
    const { runtime, observability } = createTestMiddy();
    const baseline = activeTimeouts();
    const ours = observability();
    // middy's own timeoutEarly timer is off here, so only the SDK's could linger.
    const plugin = { timeoutEarlyInMillis: 0 };
    const fine = middy(async () => 'fine', plugin).use(ours);
    const failing = middy(async () => {
      throw new Error('no');
    }, plugin).use(ours);
    const answered = middy(async () => 'never', plugin)
      .use(ours)
      .use({ before: () => 'early' });
    await fine({}, lambdaContext({ remainingMs: 60_000 }) as Context);
    await expect(failing({}, lambdaContext({ remainingMs: 60_000 }) as Context)).rejects.toThrow('no');
    expect(await answered({}, lambdaContext({ remainingMs: 60_000 }) as Context)).toBe('early');
    expect(activeTimeouts()).toBe(baseline);
    expect(emfDocuments(runtime.writes)).toHaveLength(3);
    expect(runtime.writes.join('')).not.toContain('TimeoutImminent');
  });
});
