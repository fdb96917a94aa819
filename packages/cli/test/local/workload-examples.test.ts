import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/core/log-event.js';
import {
  createLocalFunction,
  type LocalFunction,
  type LocalWorkloadOptions,
  runLocalWorkload,
} from '../../src/local/index.js';
import { assertWorkerBuilt, record } from './support/harness.js';
import { readReport } from './support/report-figures.js';

const examples = (file: string) => fileURLToPath(new URL(`../../../../examples/workload/${file}`, import.meta.url));
const sdkEntry = fileURLToPath(new URL('../../../sdk/dist/index.js', import.meta.url));

const opened: LocalFunction[] = [];

function open(name: string, file: string, memorySizeMb: number, timeoutMs = 10_000): LocalFunction {
  const fn = createLocalFunction({ name, handlerPath: examples(file), memorySizeMb, timeoutMs });
  opened.push(fn);
  return fn;
}

/** EMF documents the SDK wrote for one request: raw stdout lines, as CloudWatch receives them. */
function emfFor(events: readonly LogEvent[], requestId: string): Record<string, unknown>[] {
  return events
    .filter((event) => event.message.startsWith('{"_aws"'))
    .map((event) => JSON.parse(event.message) as Record<string, unknown>)
    .filter((document) => document.requestId === requestId);
}

beforeAll(() => {
  assertWorkerBuilt();
  if (!existsSync(sdkEntry)) throw new Error(`the demo functions need the SDK built at ${sdkEntry}: run npx tsc -b`);
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((fn) => fn.close()));
});

describe('the demo functions under the harness, with the real SDK', () => {
  it('api.mjs answers API Gateway events in a few ms and emits its metrics as EMF on stdout', async () => {
    const { apiGatewayEvent } = (await import(examples('api-gateway-event.mjs'))) as {
      apiGatewayEvent: (sequence: number) => Record<string, unknown>;
    };
    const fn = open('orders-api', 'api.mjs', 256);
    const recording = record(fn);
    const found = await fn.invoke(apiGatewayEvent(0));
    const missing = await fn.invoke(apiGatewayEvent(7));

    expect(found.response).toMatchObject({ statusCode: 200, headers: { 'content-type': 'application/json' } });
    expect(JSON.parse((found.response as { body: string }).body)).toMatchObject({ id: 'A-1001', status: 'shipped' });
    expect(missing.response).toMatchObject({ statusCode: 404 });
    expect(missing.cold).toBe(false);
    // Its lookup takes 2–8 ms; the bound leaves a loaded machine room and still fails for a wait on a flush or a
    // timer (the 3 s timeout's pre-timeout flush would come at 2.5 s).
    expect(missing.durationMs).toBeLessThan(1_000);
    const documents = emfFor(recording.events, missing.requestId);
    expect(documents.length).toBeGreaterThan(0);
    expect(documents.some((document) => document.OrderLookups === 1 && document.OrdersNotFound === 1)).toBe(true);
    expect(recording.forRequest(missing.requestId).some((line) => line.includes('"msg":"order not found"'))).toBe(true);
  });

  it("cpu.mjs takes longer at smaller memory sizes, in proportion to Lambda's CPU share", async () => {
    const small = open('checksums-128', 'cpu.mjs', 128);
    const full = open('checksums-1769', 'cpu.mjs', 1769);
    // Warm both first so the comparison is of the work alone.
    await Promise.all([small.invoke({ rounds: 500 }), full.invoke({ rounds: 500 })]);
    const slow = await small.invoke({ rounds: 4_000 });
    const fast = await full.invoke({ rounds: 4_000 });
    const cpuMsOf = (outcome: typeof slow) => (outcome.response as { cpuMs: number }).cpuMs;

    expect((slow.response as { digest: string }).digest).toBe((fast.response as { digest: string }).digest);
    // At 128 MB the function gets 128/1769 of a vCPU, so its CPU time stretches by 1769/128 ≈ 13.8.
    expect(slow.durationMs).toBeGreaterThanOrEqual(cpuMsOf(slow) * (1769 / 128) * 0.95);
    // With a full vCPU nothing is stretched. Its wall time is not compared with its CPU time: V8's helper threads
    // (GC, compiler) add CPU time beside the handler's, and a busy machine adds wall time to both sizes alike. So the
    // difference of the stretches (wall ms per CPU ms) is Lambda's rule: the pauses add 1769/128 − 1 ≈ 12.8 to the
    // small size's whatever the load; half of that is the bar, which only a swing in load between the two runs of
    // over six times could miss.
    const stretchOf = (outcome: typeof slow) => (outcome.durationMs ?? 0) / cpuMsOf(outcome);
    expect(stretchOf(slow) - stretchOf(fast)).toBeGreaterThan((1769 / 128 - 1) / 2);
    expect(fast.durationMs).toBeLessThan(slow.durationMs ?? 0);
  });

  it('leaky.mjs holds more memory after every warm invocation', async () => {
    const fn = open('sessions', 'leaky.mjs', 512);
    const recording = record(fn);
    for (let index = 0; index < 4; index += 1) await fn.invoke({ entryKb: 16_384 });

    const used = recording.reports().map((report) => report.maxMemoryUsedMb);
    expect(used).toHaveLength(4);
    for (let index = 1; index < used.length; index += 1) {
      expect(used[index]).toBeGreaterThanOrEqual((used[index - 1] ?? 0) + 12);
    }
  });

  it('flaky.mjs succeeds, throws or runs past its timeout as its event says', async () => {
    const fn = open('payments', 'flaky.mjs', 128, 1_000);
    const recording = record(fn);
    const ok = await fn.invoke({ mode: 'ok' });
    const failed = await fn.invoke({ mode: 'throw' });
    const hung = await fn.invoke({ mode: 'hang' });

    expect(ok).toMatchObject({ kind: 'success', response: { status: 'captured' } });
    expect(failed).toMatchObject({ kind: 'error', errorMessage: 'payment provider answered 503 Service Unavailable' });
    expect(recording.forRequest(failed.requestId).some((line) => line.includes('\tERROR\tInvoke Error \t{'))).toBe(
      true,
    );
    expect(hung).toMatchObject({ kind: 'timeout' });
    expect(recording.report(hung.requestId).status).toBe('timeout');
  });
});

describe('examples/workload/workload.mjs', () => {
  it('describes four valid functions that all run under runLocalWorkload', async () => {
    const { workload } = (await import(examples('workload.mjs'))) as { workload: LocalWorkloadOptions };
    expect(workload.functions.map((spec) => spec.name)).toEqual(['orders-api', 'checksums', 'sessions', 'payments']);
    for (const spec of workload.functions) expect(existsSync(spec.handlerPath)).toBe(true);

    // A short run at a gentler pace than the demo's, so a shared test machine is not flooded.
    const run = runLocalWorkload({
      ...workload,
      functions: workload.functions.map((spec) => ({ ...spec, ratePerSecond: 2 })),
      durationMs: 2_000,
      arrivals: 'even',
    });
    const reportsByGroup = new Map<string, number>();
    for await (const event of run) {
      if (event.message.startsWith('REPORT')) {
        expect(readReport(event.message)).toBeDefined();
        reportsByGroup.set(event.logGroup ?? '', (reportsByGroup.get(event.logGroup ?? '') ?? 0) + 1);
      }
    }
    const stats = await run.finished;
    expect([...reportsByGroup.keys()].sort()).toEqual([
      '/aws/lambda/checksums',
      '/aws/lambda/orders-api',
      '/aws/lambda/payments',
      '/aws/lambda/sessions',
    ]);
    expect(stats.outcomes.crash).toBe(0);
    expect(stats.skippedArrivals).toBe(0);
  });
});
