import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SDK_LINE_KEY, SDK_LINE_KINDS } from '../../src/catalog.js';
import { isEmfDocument, validEmfDocuments, valuesByName } from '../support/emf-assertions.js';
import { expectOrdersDocuments } from '../support/expect-orders-documents.js';
import { runChild } from '../support/run-child.js';

const HANDLER = fileURLToPath(new URL('./fixtures/orders-middy-handler.mjs', import.meta.url));
const TRACE = 'Root=1-65a1b2c3-0123456789abcdef01234567;Parent=1a2b3c4d5e6f7a8b;Sampled=0';

describe('a built middy handler in a real Node process with a Lambda-like environment', () => {
  it('writes, through @lambdatop/sdk/middy, what withObservability would: every path, once', async () => {
    const run = await runChild({
      handlerModule: HANDLER,
      invocations: [
        { event: { id: 'o-1', quantity: 2 }, traceHeader: TRACE },
        { event: { id: 'o-2' } },
        { event: { id: 'o-3', cached: true } },
        { event: { id: 'o-4', fail: true } },
        // 1 s left: the SDK flushes 500 ms in, middy gives up 5 ms before the deadline.
        { event: { id: 'o-5', waitMs: 5000 }, remainingMs: 1000 },
      ],
    });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).not.toMatch(/lambdatop:|Error:/);
    expect(run.results.map((result) => result.value ?? result.error?.name)).toEqual([
      { id: 'o-1', ok: true, coldStart: true },
      { id: 'o-2', ok: true, coldStart: false },
      { id: 'o-3', cached: true },
      'TypeError',
      'TimeoutError',
    ]);
    const requestIds = run.results.map((result) => result.requestId);

    const documents = validEmfDocuments(run.lines);
    expectOrdersDocuments(documents, requestIds, { trigger: 'direct' });
    expect(documents[0]?.xrayTraceId).toBe('1-65a1b2c3-0123456789abcdef01234567');
    // The cached answer never reached the handler; the others recorded through obs and the main entry alike.
    expect(documents.map((document) => [document.orderId, document.OrdersPlaced, document.ItemsReserved])).toEqual([
      ['o-1', 1, 2],
      ['o-2', 1, 1],
      [undefined, undefined, undefined],
      ['o-4', 1, 1],
      ['o-5', 1, 1],
    ]);
    expect(documents[4]).toMatchObject({ Stage: 1, TimeoutImminent: 1 });
    expect(valuesByName(documents).get('Stage')).toEqual([1]);

    const logs = run.lines.filter((line) => !isEmfDocument(line));
    expect(logs.filter((line) => line[SDK_LINE_KEY] === SDK_LINE_KINDS.config)).toHaveLength(1);
    const reserved = logs.filter((line) => line.msg === 'stock reserved');
    expect(reserved.map((line) => [line.requestId, line.seenRequestId])).toEqual(
      [0, 1, 3, 4].map((index) => [requestIds[index], requestIds[index]]),
    );
    const failures = logs.filter((line) => line[SDK_LINE_KEY] === SDK_LINE_KINDS.handlerError);
    expect(failures.map((line) => [line.requestId, (line.error as { name: string }).name])).toEqual([
      [requestIds[3], 'TypeError'],
      [requestIds[4], 'TimeoutError'],
    ]);
    const timeouts = logs.filter((line) => line[SDK_LINE_KEY] === SDK_LINE_KINDS.timeout);
    expect(timeouts.map((line) => [line.requestId, line.level])).toEqual([[requestIds[4], 'WARN']]);
  });
});
