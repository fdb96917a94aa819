import { setTimeout as sleep } from 'node:timers/promises';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { SDK_LINE_KEY, SDK_LINE_KINDS } from '../../src/catalog.js';
import type { ObservedContext } from '../../src/middy/middy-request.js';
import { valuesByName } from '../support/emf-assertions.js';
import { emfDocuments, lambdaContext, logLines } from '../support/test-runtime.js';
import { createTestMiddy, obsOf } from './middy-sdk.js';

function activeTimeouts(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
}

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

    const documents = emfDocuments(runtime.writes);
    expect(documents).toHaveLength(2);
    expect(documents[0]).toMatchObject({ requestId: context.awsRequestId, Before: [1, 2], TimeoutImminent: 1 });
    expect(documents[1]).toMatchObject({ requestId: context.awsRequestId, After: 3 });
    // Nothing written twice.
    expect(valuesByName(documents)).toEqual(
      new Map([
        ['Before', [1, 2]],
        ['ColdStart', [1]],
        ['InitDuration', [expect.any(Number)]],
        ['MemoryWatermark', [128]],
        ['TimeoutImminent', [1]],
        ['After', [3]],
      ]),
    );
    const warnings = logLines(runtime.writes).filter((line) => line[SDK_LINE_KEY] === SDK_LINE_KINDS.timeout);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ level: 'WARN', requestId: context.awsRequestId });
    // Its 100 ms timer cannot fire early; late, it must still beat the 600 ms deadline (the documents show it came
    // while the handler slept).
    expect(warnings[0]?.elapsedMs).toBeGreaterThanOrEqual(90);
    expect(warnings[0]?.elapsedMs).toBeLessThan(600);
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
