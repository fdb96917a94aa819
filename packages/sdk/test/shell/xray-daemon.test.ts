import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTracingInstrument, DEFAULT_TRACING_DEPENDENCIES } from '../../src/tracing/create-tracing-instrument.js';
import type { Observability } from '../../src/types.js';
import * as samples from '../fixtures/sample-events.js';
import { createTestSdk, lambdaContext, logLines, type TestRuntimeOptions } from '../support/test-runtime.js';
import { startUdpDaemon, type UdpDaemon } from '../support/udp-daemon.js';
import { expectValidDatagram } from '../support/xray-schema.js';

const ROOT = '1-5759e988-bd862e3fe1be46a994272793';
const PARENT = '53995c3f42cd8ad8';
const sampled = (parent = PARENT) => `Root=${ROOT};Parent=${parent};Sampled=1`;
const NOT_SAMPLED = `Root=${ROOT};Parent=${PARENT};Sampled=0`;

let daemon: UdpDaemon;

beforeEach(async () => {
  daemon = await startUdpDaemon();
});

afterEach(async () => {
  await daemon.close();
});

function xraySdk(header: () => string | undefined, options: TestRuntimeOptions = {}) {
  return createTestSdk({
    instruments: [createTracingInstrument()],
    traceHeader: header,
    ...options,
    env: { AWS_XRAY_DAEMON_ADDRESS: daemon.address, _HANDLER: 'index.handler', ...options.env },
  });
}

describe('X-Ray through a real UDP socket standing in for the daemon', () => {
  it("sends one valid ## <handler> subsegment per sampled invocation, under the header's trace and parent", async () => {
    let header = sampled('1111111111111111');
    const { withObservability } = xraySdk(() => header);
    const handler = withObservability(
      async (event: { pathParameters?: { id?: string } }, _context: unknown, obs: Observability) => {
        obs.annotate('OrderId', event.pathParameters?.id ?? 'none');
        obs.addMetadata('request', { path: '/orders/17' });
        return { statusCode: 200, body: '{}' };
      },
      { service: 'orders' },
    );
    await handler(samples.apiGatewayRest, lambdaContext());
    header = sampled('2222222222222222');
    await handler(samples.apiGatewayRest, lambdaContext());

    const datagrams = await daemon.waitFor(2);
    const documents = datagrams.map(expectValidDatagram);
    expect(documents.map((document) => [document.trace_id, document.parent_id])).toEqual([
      [ROOT, '1111111111111111'],
      [ROOT, '2222222222222222'],
    ]);
    expect(documents[0]).toMatchObject({
      name: '## index.handler',
      type: 'subsegment',
      annotations: { ColdStart: true, Service: 'orders', OrderId: '17' },
      metadata: { orders: { request: { path: '/orders/17' } } },
      http: { response: { status: 200 } },
    });
    expect(documents[1]?.annotations).toMatchObject({ ColdStart: false });
    expect(documents[0]?.id).not.toBe(documents[1]?.id);
    const [first] = documents;
    expect(Number(first?.end_time)).toBeGreaterThanOrEqual(Number(first?.start_time));
  });

  it('keeps overlapping invocations apart: each subsegment under its own header, with its own annotations', async () => {
    let header = sampled('aaaaaaaaaaaaaaaa');
    const { withObservability } = xraySdk(() => header);
    const handler = withObservability(
      async (event: { id: string; waitMs: number }, _context: unknown, obs: Observability) => {
        obs.annotate('OrderId', event.id);
        await sleep(event.waitMs);
        obs.annotate('Done', event.id);
      },
    );
    const slow = handler({ id: 'slow', waitMs: 60 }, lambdaContext());
    header = sampled('bbbbbbbbbbbbbbbb');
    const fast = handler({ id: 'fast', waitMs: 5 }, lambdaContext());
    await Promise.all([slow, fast]);
    const documents = (await daemon.waitFor(2)).map(expectValidDatagram);
    const byParent = Object.fromEntries(documents.map((document) => [document.parent_id, document.annotations]));
    expect(byParent).toEqual({
      aaaaaaaaaaaaaaaa: { ColdStart: true, Service: 'orders-fn', OrderId: 'slow', Done: 'slow' },
      bbbbbbbbbbbbbbbb: { ColdStart: false, Service: 'orders-fn', OrderId: 'fast', Done: 'fast' },
    });
  });

  it('marks a thrown error as a fault with its cause, and rethrows the same value', async () => {
    const { withObservability } = xraySdk(() => sampled());
    const failure = new TypeError('order o-17 rejected');
    const handler = withObservability(async () => {
      throw failure;
    });
    await expect(handler(samples.direct, lambdaContext())).rejects.toBe(failure);
    const [document] = (await daemon.waitFor(1)).map(expectValidDatagram);
    expect(document?.fault).toBe(true);
    const cause = document?.cause as { exceptions: { type: string; message: string; stack: unknown[] }[] };
    expect(cause.exceptions[0]).toMatchObject({ type: 'TypeError', message: 'order o-17 rejected' });
    expect(cause.exceptions[0]?.stack.length).toBeGreaterThan(0);
  });

  it('sends nothing for Sampled=0, with tracing off, or without a header', async () => {
    let header: string | undefined = NOT_SAMPLED;
    const { withObservability } = xraySdk(() => header);
    const traced = withObservability(async (_event: unknown, _context: unknown, obs: Observability) => {
      obs.annotate('Marker', header === undefined ? 'none' : header.slice(-9));
      return 'ok';
    });
    const off = withObservability(async () => 'ok', { tracing: 'off' });
    for (let index = 0; index < 5; index += 1) await traced(samples.direct, lambdaContext());
    header = sampled();
    await off(samples.direct, lambdaContext());
    header = undefined;
    await traced(samples.direct, lambdaContext());
    // A sampled invocation last, as a marker: UDP over loopback keeps order, so anything sent before it has
    // arrived by the time it has.
    header = sampled('3333333333333333');
    await traced(samples.direct, lambdaContext());
    await daemon.waitFor(1);
    await sleep(50);
    expect(daemon.datagrams.map((datagram) => expectValidDatagram(datagram).parent_id)).toEqual(['3333333333333333']);
  });

  it('captures the response only when asked, cut to keep the datagram under 64 KB', async () => {
    const { withObservability } = xraySdk(() => sampled());
    const big = { rows: Array.from({ length: 5000 }, (_, index) => ({ index, name: `row-${index}` })) };
    await withObservability(async () => big, { captureResponse: true, service: 'orders' })(
      samples.direct,
      lambdaContext(),
    );
    await withObservability(async () => ({ small: true }), { captureResponse: true, service: 'orders' })(
      samples.direct,
      lambdaContext(),
    );
    await withObservability(async () => ({ small: true }), { service: 'orders' })(samples.direct, lambdaContext());
    const documents = (await daemon.waitFor(3)).map(expectValidDatagram);
    const responses = documents.map(
      (document) => (document.metadata as { orders?: { response?: unknown } } | undefined)?.orders?.response,
    );
    expect(typeof responses[0]).toBe('string');
    expect(responses[0]).toMatch(/^\{"rows":\[\{"index":0,"name":"row-0"\}/);
    expect(responses[1]).toEqual({ small: true });
    expect(responses[2]).toBeUndefined();
  });

  it('sends a fault subsegment at the pre-timeout flush, while the handler still runs, and nothing after', async () => {
    const { withObservability } = xraySdk(() => sampled());
    let seenWhileRunning: string[] = [];
    const handler = withObservability(async () => {
      // 600 ms left and a 500 ms margin: the pre-timeout flush fires 100 ms in. The handler waits for the datagram
      // itself (no fixed sleep a loaded machine could outlast); without one, waitFor throws and the handler fails.
      await daemon.waitFor(1, 10_000);
      seenWhileRunning = [...daemon.datagrams];
      return 'too late';
    });
    expect(await handler(samples.direct, lambdaContext({ remainingMs: 600 }))).toBe('too late');
    expect(seenWhileRunning).toHaveLength(1);
    const document = expectValidDatagram(seenWhileRunning[0] ?? '');
    expect(document.fault).toBe(true);
    expect(JSON.stringify(document.cause)).toContain('TimeoutImminent');
    await sleep(100);
    expect(daemon.datagrams).toHaveLength(1);
  });

  it('counts bad annotations and a failing send as warnings; the handler never notices', async () => {
    const failingSend = createTracingInstrument({
      ...DEFAULT_TRACING_DEPENDENCIES,
      createEmitter: () => ({
        send: () => Promise.reject(Object.assign(new Error('send EHOSTUNREACH'), { code: 'EHOSTUNREACH' })),
      }),
    });
    const { runtime, withObservability } = xraySdk(() => sampled(), { instruments: [failingSend] });
    const result = { ok: true };
    const handler = withObservability(async (_event: unknown, _context: unknown, obs: Observability) => {
      obs.annotate('', 'no key');
      obs.annotate('nested', { not: 'allowed' } as never);
      obs.addMetadata('', 1);
      return result;
    });
    expect(await handler(samples.direct, lambdaContext())).toBe(result);
    expect(runtime.warnings.get('invalid-annotation')).toBe(2);
    expect(runtime.warnings.get('invalid-metadata')).toBe(1);
    expect(runtime.warnings.get('trace-send-failed')).toBe(1);
    const kinds = logLines(runtime.writes).map((line) => line.kind);
    expect(kinds).toEqual(expect.arrayContaining(['invalid-annotation', 'invalid-metadata', 'trace-send-failed']));
  });
});
