import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually, fixture, ISO_TIME_PATTERN, isAlive, record, useLocalFunctions } from './support/harness.js';

const scratch = mkdtempSync(join(tmpdir(), 'lambdatop-harness-'));

const open = useLocalFunctions({ name: 'payments', memorySizeMb: 128 });

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('a timeout is a timeout', () => {
  it('writes the timeout line, END and a REPORT with Status: timeout, and kills the worker at the deadline', async () => {
    const fn = open({ timeoutMs: 600 });
    const recording = record(fn);
    await fn.invoke({});
    const [pid] = fn.workerPids();

    const startedAt = Date.now();
    const outcome = await fn.invoke({ action: 'spin' });
    const elapsedMs = Date.now() - startedAt;

    expect(outcome).toMatchObject({ kind: 'timeout', errorType: 'Sandbox.Timedout', durationMs: 600, cold: false });
    // A lower bound only: the kill timer cannot fire early; a loaded machine only makes it late.
    expect(elapsedMs).toBeGreaterThanOrEqual(590);
    expect(isAlive(pid ?? 0)).toBe(false);
    const lines = recording.forRequest(outcome.requestId);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(`START RequestId: ${outcome.requestId} Version: $LATEST`);
    expect(lines[1]).toMatch(
      new RegExp(`^${ISO_TIME_PATTERN} ${outcome.requestId} Task timed out after 0\\.60 seconds$`),
    );
    expect(lines[2]).toBe(`END RequestId: ${outcome.requestId}`);
    expect(recording.report(outcome.requestId)).toMatchObject({
      durationMs: 600,
      billedDurationMs: 600,
      status: 'timeout',
      errorType: undefined,
      initDurationMs: undefined,
    });
  });

  it('replaces the worker in the same stream: a new INIT_START, and the next REPORT has no Init Duration', async () => {
    const fn = open({ timeoutMs: 500 });
    const recording = record(fn);
    const first = await fn.invoke({});
    const timedOut = await fn.invoke({ action: 'hang' });
    const next = await fn.invoke({ action: 'context' });

    expect(timedOut.kind).toBe('timeout');
    expect(next.kind).toBe('success');
    expect(recording.streams()).toEqual([first.logStream]);
    expect(recording.count('INIT_START')).toBe(2);
    // A suppressed init: a cold start without Init Duration.
    expect(next).toMatchObject({ cold: true, initDurationMs: undefined, logStream: first.logStream });
    expect(recording.report(next.requestId).initDurationMs).toBeUndefined();
    expect(recording.report(first.requestId).initDurationMs).toEqual(expect.any(Number));
    // The new runtime process starts from scratch: module state is gone.
    expect((next.response as { invocations: number }).invocations).toBe(1);
    const stream = recording.inStream(first.logStream ?? '');
    const timeoutAt = stream.findIndex((line) => line.includes('Task timed out'));
    const reinitAt = stream.findIndex((line, index) => index > timeoutAt && line.startsWith('INIT_START'));
    const nextStartAt = stream.indexOf(`START RequestId: ${next.requestId} Version: $LATEST`);
    expect(timeoutAt).toBeGreaterThan(0);
    expect(reinitAt).toBeGreaterThan(timeoutAt);
    expect(nextStartAt).toBeGreaterThan(reinitAt);
  });

  it('bills a cold start that times out its init too, and keeps the Init Duration', async () => {
    const fn = open({ timeoutMs: 400 });
    const recording = record(fn);
    const outcome = await fn.invoke({ action: 'hang' });

    const report = recording.report(outcome.requestId);
    expect(report.status).toBe('timeout');
    expect(report.initDurationMs).toEqual(expect.any(Number));
    expect(report.billedDurationMs).toBe(Math.ceil(Number((400 + (report.initDurationMs ?? 0)).toFixed(2))));
  });
});

describe('out of memory', () => {
  it('kills a worker that goes past its memory size and reports Runtime.OutOfMemory at the full size', async () => {
    const fn = open({ memorySizeMb: 128 });
    const recording = record(fn);
    const warm = await fn.invoke({});
    const [pid] = fn.workerPids();
    const outcome = await fn.invoke({ action: 'allocate', mb: 512 });

    expect(outcome).toMatchObject({ kind: 'oom', errorType: 'Runtime.OutOfMemory', maxMemoryUsedMb: 128 });
    expect(isAlive(pid ?? 0)).toBe(false);
    const lines = recording.forRequest(outcome.requestId);
    expect(lines).toContain(
      `RequestId: ${outcome.requestId} Error: Runtime exited with error: signal: killed\nRuntime.ExitError`,
    );
    expect(lines.indexOf(`END RequestId: ${outcome.requestId}`)).toBeGreaterThan(
      lines.findIndex((line) => line.startsWith('RequestId:')),
    );
    expect(recording.report(outcome.requestId)).toMatchObject({
      memorySizeMb: 128,
      maxMemoryUsedMb: 128,
      status: 'error',
      errorType: 'Runtime.OutOfMemory',
    });
    // Well under the limit before the allocation: the warm invocation measured the real peak.
    expect(warm.maxMemoryUsedMb).toBeLessThan(100);
    expect(warm.memoryMeasurement).toBe('peak-rss');

    const after = await fn.invoke({});
    expect(after).toMatchObject({ kind: 'success', cold: true, initDurationMs: undefined, logStream: warm.logStream });
  });

  it('lets a function use memory below its size', async () => {
    const fn = open({ memorySizeMb: 512 });
    const outcome = await fn.invoke({ action: 'allocate', mb: 128 });
    expect(outcome.kind).toBe('success');
    expect(outcome.maxMemoryUsedMb).toBeGreaterThan(128);
    expect(outcome.maxMemoryUsedMb).toBeLessThanOrEqual(512);
  });
});

describe('a thrown error', () => {
  it("prints the Node.js runtime's Invoke Error line and still ENDs and REPORTs normally", async () => {
    const fn = open();
    const recording = record(fn);
    const outcome = await fn.invoke({ action: 'throw', message: 'card declined' });

    expect(outcome).toMatchObject({ kind: 'error', errorType: 'TypeError', errorMessage: 'card declined' });
    const errorLine = recording.forRequest(outcome.requestId).find((line) => line.includes('Invoke Error'));
    const match = new RegExp(
      `^(${ISO_TIME_PATTERN})\\t${outcome.requestId}\\tERROR\\tInvoke Error \\t(\\{.*\\})$`,
      's',
    ).exec(errorLine ?? '');
    expect(match).not.toBeNull();
    const body = JSON.parse(match?.[2] ?? '{}') as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['errorType', 'errorMessage', 'stack']);
    expect(body).toMatchObject({ errorType: 'TypeError', errorMessage: 'card declined' });
    expect((body.stack as string[])[0]).toBe('TypeError: card declined');
    expect(recording.report(outcome.requestId)).toMatchObject({ status: undefined, errorType: undefined });
    expect(recording.count('END')).toBe(1);

    // The environment stays warm after a handled failure.
    const next = await fn.invoke({});
    expect(next).toMatchObject({ kind: 'success', cold: false, logStream: outcome.logStream });
  });

  it('turns a thrown non-Error into an Error of its text, as the runtime does', async () => {
    const fn = open();
    const recording = record(fn);
    const outcome = await fn.invoke({ action: 'throw-string' });
    expect(outcome).toMatchObject({ kind: 'error', errorType: 'Error', errorMessage: 'plain string failure' });
    expect(recording.forRequest(outcome.requestId).join('\n')).toContain(
      '"errorType":"Error","errorMessage":"plain string failure"',
    );
  });
});

describe('a crash', () => {
  it('reports the runtime exit and re-inits in the same stream', async () => {
    const fn = open();
    const recording = record(fn);
    const outcome = await fn.invoke({ action: 'exit', code: 3 });

    expect(outcome).toMatchObject({ kind: 'crash', errorType: 'Runtime.ExitError' });
    expect(recording.forRequest(outcome.requestId)).toContain(
      `RequestId: ${outcome.requestId} Error: Runtime exited with error: exit status 3\nRuntime.ExitError`,
    );
    expect(recording.report(outcome.requestId)).toMatchObject({ status: 'error', errorType: 'Runtime.ExitError' });
    const next = await fn.invoke({});
    expect(next).toMatchObject({ kind: 'success', cold: true, logStream: outcome.logStream });
  });
});

describe('init failures', () => {
  it('refuses a callback handler at init with Runtime.CallbackHandlerDeprecated, as Node.js 24 does', async () => {
    const fn = open({ handlerPath: fixture('callback.mjs') });
    const recording = record(fn);
    const outcome = await fn.invoke({});

    expect(outcome).toMatchObject({ kind: 'error', errorType: 'Runtime.CallbackHandlerDeprecated', cold: true });
    const lines = recording.messages();
    expect(lines[0]).toMatch(/^INIT_START /);
    expect(lines[1]).toMatch(
      new RegExp(
        `^${ISO_TIME_PATTERN}\\tundefined\\tERROR\\tUncaught Exception \\t\\{"errorType":"Runtime.CallbackHandlerDeprecated"`,
      ),
    );
    expect(lines[2]).toMatch(
      /^INIT_REPORT Init Duration: \d+\.\d{2} ms\tPhase: init\tStatus: error\tError Type: Runtime\.CallbackHandlerDeprecated$/,
    );
    expect(lines.slice(3, 5)).toEqual([
      `START RequestId: ${outcome.requestId} Version: $LATEST`,
      `END RequestId: ${outcome.requestId}`,
    ]);
    expect(recording.report(outcome.requestId)).toMatchObject({
      status: 'error',
      errorType: 'Runtime.CallbackHandlerDeprecated',
      initDurationMs: undefined,
    });

    // The next invocation retries the init inside the invoke phase, in the same stream.
    const retry = await fn.invoke({});
    expect(retry.logStream).toBe(outcome.logStream);
    expect(recording.messages().some((line) => /^INIT_REPORT .*\tPhase: invoke\tStatus: error\t/.test(line))).toBe(
      true,
    );
  });

  it('reports an error thrown while loading the module under its own type', async () => {
    const fn = open({ handlerPath: fixture('init-throws.mjs') });
    const outcome = await fn.invoke({});
    expect(outcome).toMatchObject({ kind: 'error', errorType: 'RangeError', errorMessage: 'TABLE_NAME is not set' });
  });

  it.each([
    ['syntax-error.mjs', 'export const handler = async () => {;', 'handler', 'Runtime.UserCodeSyntaxError'],
    ['missing-dependency.mjs', "import 'no-such-package-anywhere';", 'handler', 'Runtime.ImportModuleError'],
    ['no-export.mjs', 'export const other = async () => 1;', 'handler', 'Runtime.HandlerNotFound'],
    ['not-a-function.mjs', 'export const handler = 42;', 'handler', 'Runtime.HandlerNotFound'],
  ])('names %s an init failure of type %s', async (file, source, handlerExport, errorType) => {
    const handlerPath = join(scratch, file);
    writeFileSync(handlerPath, source);
    const fn = open({ handlerPath, handlerExport });
    const recording = record(fn);
    const outcome = await fn.invoke({});
    expect(outcome).toMatchObject({ kind: 'error', errorType });
    const initReports = recording.messages().filter((line) => line.startsWith('INIT_REPORT'));
    expect(initReports).toHaveLength(1);
    expect(initReports[0]).toMatch(
      new RegExp(`\\tPhase: init\\tStatus: error\\tError Type: ${errorType.replace('.', '\\.')}$`),
    );
  });
});

describe('worker liveness', () => {
  it('leaves no worker behind after a timeout, an OOM and a crash', async () => {
    const fn = open({ timeoutMs: 500 });
    const seen = new Set<number>();
    const track = () => {
      for (const pid of fn.workerPids()) seen.add(pid);
    };
    await fn.invoke({});
    track();
    await fn.invoke({ action: 'hang' });
    await fn.invoke({});
    track();
    await fn.invoke({ action: 'allocate', mb: 512 });
    await fn.invoke({});
    track();
    await fn.invoke({ action: 'exit' });
    expect(seen.size).toBe(3);
    expect(await eventually(() => [...seen].every((pid) => !isAlive(pid)))).toBe(true);
  });
});
