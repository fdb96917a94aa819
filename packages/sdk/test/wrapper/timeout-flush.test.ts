import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { SDK_LINE_KEY, SDK_LINE_KINDS } from '../../src/catalog.js';
import type { Observability } from '../../src/types.js';
import { activeTimeouts, expectFlushBeforeDeadline } from '../support/expect-flush-before-deadline.js';
import { createTestSdk, emfDocuments, lambdaContext, logLines } from '../support/test-runtime.js';

describe('the pre-timeout flush', () => {
  it('writes what was recorded before the deadline, then only what came after', async () => {
    const { runtime, withObservability } = createTestSdk();
    const handler = withObservability(async (_event: unknown, _context: unknown, obs: Observability) => {
      obs.metrics.add('Before', 1, 'Count');
      obs.metrics.add('Before', 2, 'Count');
      await sleep(450);
      obs.metrics.add('After', 3, 'Count');
      return 'done';
    });
    // 600 ms left and the automatic 500 ms margin: the flush fires after about 100 ms.
    const context = lambdaContext({ remainingMs: 600 });
    const started = Date.now();
    expect(await handler({}, context)).toBe('done');
    // A lower bound only: the handler's 450 ms timer cannot fire early, a loaded machine only makes it later.
    expect(Date.now() - started).toBeGreaterThanOrEqual(440);

    const { documents, warning } = expectFlushBeforeDeadline(runtime.writes, context.awsRequestId);
    expect(documents[0]).toMatchObject({ ColdStart: 1 });
    expect(Object.keys(documents[1] ?? {})).not.toContain('Before');
    expect(Object.keys(documents[1] ?? {})).not.toContain('MemoryWatermark');
    expect(warning).toMatchObject({ recorded: { metricCount: 5, valueCount: 6 } });
    // The timeout document is written before the warning line, so a kill right after still has the metrics.
    const timeoutDocumentIndex = runtime.writes.findIndex((write) => write.includes('"TimeoutImminent"'));
    const warningIndex = runtime.writes.findIndex((write) => write.includes(SDK_LINE_KINDS.timeout));
    expect(timeoutDocumentIndex).toBeLessThan(warningIndex);
  });

  it('stays silent when the handler finishes in time, and leaves no timer behind on any path', async () => {
    const { runtime, withObservability } = createTestSdk();
    const baseline = activeTimeouts();
    const fine = withObservability(async () => 'fine');
    const failing = withObservability(async () => {
      throw new Error('no');
    });
    const syncFailing = withObservability(() => {
      throw new Error('sync');
    });
    await fine({}, lambdaContext({ remainingMs: 60_000 }));
    await expect(failing({}, lambdaContext({ remainingMs: 60_000 }))).rejects.toThrow('no');
    await expect(syncFailing({}, lambdaContext({ remainingMs: 60_000 }))).rejects.toThrow('sync');
    expect(activeTimeouts()).toBe(baseline);
    expect(runtime.writes.join('')).not.toContain('TimeoutImminent');
  });

  it('flushes halfway through a deadline shorter than the margin, and not at all when turned off', async () => {
    const { runtime, withObservability } = createTestSdk();
    // 400 ms left, less than the 500 ms margin: the flush comes halfway, at 200 ms.
    const slow = withObservability(async (_event: unknown, _context: unknown, obs: Observability) => {
      obs.metrics.add('Work', 1);
      await sleep(380);
    });
    await slow({}, lambdaContext({ remainingMs: 400 }));
    expect(emfDocuments(runtime.writes)[0]).toMatchObject({ Work: 1, TimeoutImminent: 1 });

    const quiet = createTestSdk();
    const off = quiet.withObservability(
      async (_event: unknown, _context: unknown, obs: Observability) => {
        obs.metrics.add('Work', 1);
        await sleep(150);
      },
      { flushBeforeTimeout: false },
    );
    await off({}, lambdaContext({ remainingMs: 200 }));
    expect(quiet.runtime.writes.join('')).not.toContain('TimeoutImminent');
  });

  it('uses a configured margin', async () => {
    const { runtime, withObservability } = createTestSdk();
    const handler = withObservability(
      async () => {
        await sleep(400);
      },
      { timeoutMarginMs: 4950 },
    );
    // 5 s left, 4.95 s margin: the flush fires after about 50 ms, long before the automatic 4.5 s.
    await handler({}, lambdaContext({ remainingMs: 5000 }));
    const warning = logLines(runtime.writes).find((line) => line[SDK_LINE_KEY] === SDK_LINE_KINDS.timeout);
    // Not before its 50 ms timer. A warning at all shows the configured margin won (the automatic one would flush at
    // 4.5 s, after the handler ended); the upper bound only rejects a figure that is not the time since the start.
    expect(warning?.elapsedMs).toBeGreaterThanOrEqual(45);
    expect(warning?.elapsedMs).toBeLessThan(4500);
  });
});
