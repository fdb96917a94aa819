import { describe, expect, it } from 'vitest';
import { SDK_LINE_KEY, SDK_LINE_KINDS } from '../../src/catalog.js';
import { isEmfDocument, validEmfDocuments, valuesByName } from '../support/emf-assertions.js';
import { expectOrdersDocuments } from '../support/expect-orders-documents.js';
import { runChild } from '../support/run-child.js';

const TRACE_A = 'Root=1-65a1b2c3-0123456789abcdef01234567;Parent=1a2b3c4d5e6f7a8b;Sampled=1';
const TRACE_B = 'Root=1-65a1b2c4-fedcba9876543210fedcba98;Parent=8b7a6f5e4d3c2b1a;Sampled=0';

describe('a real Node process with a Lambda-like environment', () => {
  it('one cold, two warm, one throwing: metrics, cold start and logs as Lambda would ship them', async () => {
    const run = await runChild({
      invocations: [
        { event: { id: 'o-1', quantity: 2 }, traceHeader: TRACE_A },
        { event: { id: 'o-2' }, traceHeader: TRACE_B },
        { event: { id: 'o-3', quantity: 5 } },
        { event: { id: 'o-4', fail: true } },
      ],
    });
    expect(run.exitCode).toBe(0);
    expect(run.results.map((result) => result.value ?? result.error)).toEqual([
      { id: 'o-1', ok: true, coldStart: true },
      { id: 'o-2', ok: true, coldStart: false },
      { id: 'o-3', ok: true, coldStart: false },
      { name: 'TypeError', message: 'order o-4 rejected' },
    ]);
    const requestIds = run.results.map((result) => result.requestId);

    const documents = validEmfDocuments(run.lines);
    expectOrdersDocuments(documents, requestIds, { OrdersPlaced: 1 });
    expect(documents.map((document) => document.xrayTraceId)).toEqual([
      '1-65a1b2c3-0123456789abcdef01234567',
      '1-65a1b2c4-fedcba9876543210fedcba98',
      '1-65a1b2c4-fedcba9876543210fedcba98',
      '1-65a1b2c4-fedcba9876543210fedcba98',
    ]);
    expect(documents.map((document) => [document.orderId, document.ItemsReserved])).toEqual([
      ['o-1', 2],
      ['o-2', 1],
      ['o-3', 5],
      ['o-4', 1],
    ]);

    const logs = run.lines.filter((line) => !isEmfDocument(line));
    expect(logs[0]).toMatchObject({
      level: 'INFO',
      [SDK_LINE_KEY]: SDK_LINE_KINDS.config,
      requestId: requestIds[0],
      config: {
        namespace: 'Shop',
        service: 'orders',
        dimensions: { service: 'orders', stage: 'test' },
        logLevel: 'info',
        tracing: 'auto',
        captureResponse: false,
        metrics: 'stdout',
      },
    });
    expect(logs.filter((line) => line[SDK_LINE_KEY] === SDK_LINE_KINDS.config)).toHaveLength(1);
    const placed = logs.filter((line) => line.msg === 'order placed');
    expect(placed.map((line) => [line.requestId, line.orderId, line.coldStart, line.level])).toEqual([
      [requestIds[0], 'o-1', true, 'INFO'],
      [requestIds[1], 'o-2', false, 'INFO'],
      [requestIds[2], 'o-3', false, 'INFO'],
      [requestIds[3], 'o-4', false, 'INFO'],
    ]);
    expect(
      placed.every(
        (line) =>
          line.functionName === 'orders-fn' && line.functionVersion === '$LATEST' && typeof line.time === 'number',
      ),
    ).toBe(true);
    const errors = logs.filter((line) => line.level === 'ERROR');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      requestId: requestIds[3],
      [SDK_LINE_KEY]: SDK_LINE_KINDS.handlerError,
      error: { name: 'TypeError', message: 'order o-4 rejected' },
    });
    expect((errors[0]?.error as { stack?: string } | undefined)?.stack).toContain('orders-handler.mjs');
    // The helper's debug line is below the default level.
    expect(logs.some((line) => line.msg === 'stock reserved')).toBe(false);
  });

  it('follows AWS_LAMBDA_LOG_LEVEL over LOG_LEVEL and writes textual levels', async () => {
    const run = await runChild({
      invocations: [{ event: { id: 'o-1' } }],
      env: { AWS_LAMBDA_LOG_LEVEL: 'DEBUG', LOG_LEVEL: 'error' },
    });
    const debug = run.lines.find((line) => line.msg === 'stock reserved');
    expect(debug).toMatchObject({ level: 'DEBUG', quantity: 1, requestId: run.results[0]?.requestId });
  });

  it('does not call a provisioned-concurrency first invocation cold, but reports the init', async () => {
    const run = await runChild({
      invocations: [{ event: { id: 'o-1' } }, { event: { id: 'o-2' } }],
      env: { AWS_LAMBDA_INITIALIZATION_TYPE: 'provisioned-concurrency' },
    });
    const documents = validEmfDocuments(run.lines);
    expect(
      documents.map((document) => [document.coldStart, document.initType, document.proactiveInit, document.ColdStart]),
    ).toEqual([
      [false, 'provisioned-concurrency', false, undefined],
      [false, 'provisioned-concurrency', undefined, undefined],
    ]);
  });

  it('keeps overlapping invocations apart in one process (Lambda Managed Instances)', async () => {
    const invocations = Array.from({ length: 6 }, (_, index) => ({
      event: { id: `o-${index}`, quantity: index + 1, waitMs: (6 - index) * 15 },
    }));
    const run = await runChild({
      invocations,
      mode: 'overlapping',
      env: { AWS_LAMBDA_INITIALIZATION_TYPE: 'lambda-managed-instances', AWS_LAMBDA_MAX_CONCURRENCY: '6' },
    });
    const documents = validEmfDocuments(run.lines);
    expect(documents).toHaveLength(6);
    for (const result of run.results) {
      const document = documents.find((candidate) => candidate.requestId === result.requestId);
      const { id } = result.value as { id: string };
      const index = Number(id.slice(2));
      expect(document).toMatchObject({ orderId: id, ItemsReserved: index + 1, Stage: [1, 2], OrdersPlaced: 1 });
    }
    expect(documents.filter((document) => document.ColdStart !== undefined)).toHaveLength(0);
    const placed = run.lines.filter((line) => line.msg === 'order placed');
    for (const line of placed) {
      const result = run.results.find((candidate) => (candidate.value as { id: string }).id === line.orderId);
      expect(line.requestId).toBe(result?.requestId);
    }
  });

  it('flushes before Lambda kills a timed-out function with SIGKILL', async () => {
    // 1.5 s left: the margin is 500 ms, so the flush fires at 1 s and the kill comes at 1.5 s, mid-handler.
    const run = await runChild({
      invocations: [{ event: { id: 'o-slow', quantity: 3, waitMs: 60_000 }, remainingMs: 1500 }],
      killAtDeadline: true,
    });
    expect(run.signal).toBe('SIGKILL');
    expect(run.results).toEqual([]);
    const { requestId, deadlineMs } = JSON.parse(/^INVOKE (.*)$/m.exec(run.stderr)?.[1] ?? 'null') as {
      requestId: string;
      deadlineMs: number;
    };
    const documents = validEmfDocuments(run.lines);
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({
      requestId,
      TimeoutImminent: 1,
      ColdStart: 1,
      OrdersPlaced: 1,
      ItemsReserved: 3,
      Stage: 1,
    });
    expect(valuesByName(documents).get('Stage')).toEqual([1]);
    const warning = run.lines.find((line) => line[SDK_LINE_KEY] === SDK_LINE_KINDS.timeout);
    expect(warning).toMatchObject({ level: 'WARN', requestId, recorded: { valueCount: 7 } });
    // Judged against the runner's deadline, not a figure that assumes an idle machine: the timer cannot fire before
    // 500 ms remain (1 ms for the clocks' rounding), and the flush must beat the deadline, where the kill lands.
    const flushedAtMs = Number(warning?.time);
    expect(flushedAtMs).toBeGreaterThanOrEqual(deadlineMs - 501);
    expect(flushedAtMs).toBeLessThan(deadlineMs);
    // elapsedMs runs from the invocation's start: after the runner set the deadline, before the handler's first line.
    const placedAtMs = Number(run.lines.find((line) => line.msg === 'order placed')?.time);
    expect(warning?.elapsedMs).toBeGreaterThanOrEqual(deadlineMs - 503 - placedAtMs);
    expect(warning?.elapsedMs).toBeLessThanOrEqual(flushedAtMs - (deadlineMs - 1500) + 2);
    expect((warning?.recorded as { metrics: string[] } | undefined)?.metrics).toEqual(
      expect.arrayContaining(['OrdersPlaced', 'ItemsReserved', 'Stage', 'TimeoutImminent']),
    );
  });

  it('keeps the function working when stdout is gone, and says so once on stderr', async () => {
    const run = await runChild({
      invocations: [{ event: { id: 'o-1' } }, { event: { id: 'o-2' } }, { event: { id: 'o-3', fail: true } }],
      closeStdout: true,
    });
    expect(run.exitCode).toBe(0);
    expect(run.results.map((result) => result.value ?? result.error)).toEqual([
      { id: 'o-1', ok: true, coldStart: true },
      { id: 'o-2', ok: true, coldStart: false },
      { name: 'TypeError', message: 'order o-3 rejected' },
    ]);
    const complaints = run.stderr.split('\n').filter((line) => line.startsWith('lambdatop:'));
    expect(complaints).toEqual([expect.stringMatching(/^lambdatop: writing telemetry to stdout failed \(EPIPE\)/)]);
  });
});
