import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { eventually, fixture, ISO_TIME_PATTERN, record, useLocalFunctions } from './support/harness.js';

const open = useLocalFunctions({ name: 'inventory', memorySizeMb: 256 });

describe('console, patched the way the Node.js runtime does in Text format', () => {
  it('writes <ts> TAB <request id> TAB <LEVEL> TAB <util.format message>, one event per call', async () => {
    const fn = open();
    const recording = record(fn);
    const outcome = await fn.invoke({ action: 'log' });
    const id = outcome.requestId;
    const lines = recording.forRequest(id).filter((line) => !line.startsWith('START') && !line.startsWith('END'));
    const appLines = lines.filter((line) => new RegExp(`^${ISO_TIME_PATTERN}\\t${id}\\t`).test(line));
    const body = (line: string) => line.split('\t').slice(2).join('\t');

    expect(appLines.map(body)).toEqual([
      'INFO\tplain format and 42 items { nested: { deep: true } }',
      'INFO\tinfo line',
      'WARN\twarn line',
      'ERROR\terror line',
      'DEBUG\tdebug line',
      'TRACE\ttrace line',
      'FATAL\tfatal line',
      // One CloudWatch event, newlines kept.
      'INFO\tfirst line\nsecond line\nthird line',
    ]);
  });

  it('prints undefined as the request id for lines written during init', async () => {
    const fn = open();
    const recording = record(fn);
    await fn.invoke({});
    expect(recording.messages()[1]).toMatch(
      new RegExp(`^${ISO_TIME_PATTERN}\\tundefined\\tINFO\\tmodule loaded in inventory$`),
    );
  });
});

describe('raw stdout', () => {
  it('passes EMF and pino JSON lines through unchanged, one event per line, in the order written', async () => {
    const fn = open();
    const recording = record(fn);
    const outcome = await fn.invoke({ action: 'log' });
    const lines = recording.inStream(outcome.logStream ?? '');
    const start = lines.indexOf(`START RequestId: ${outcome.requestId} Version: $LATEST`);
    const end = lines.indexOf(`END RequestId: ${outcome.requestId}`);
    const raw = lines.slice(start + 1, end).filter((line) => !new RegExp(`^${ISO_TIME_PATTERN}\\t`).test(line));

    expect(raw).toEqual([
      `{"_aws":{"Timestamp":1,"CloudWatchMetrics":[]},"Orders":3,"requestId":"${outcome.requestId}"}`,
      '{"level":"INFO","msg":"pino one"}',
      '{"level":"WARN","msg":"pino two"}',
      'partial line completed',
    ]);
    // Everything the invocation wrote sits between its START and END.
    expect(lines.slice(end + 1, end + 2)[0]).toMatch(/^REPORT /);
    expect(lines.indexOf('fatal line')).toBe(-1);
    const fatalAt = lines.findIndex((line) => line.endsWith('\tFATAL\tfatal line'));
    const emfAt = lines.findIndex((line) => line.startsWith('{"_aws"'));
    expect(fatalAt).toBeLessThan(emfAt);
  });
});

describe('the context object and environment', () => {
  it('match what Lambda gives a Node.js function', async () => {
    // A 10 s timeout: far from the 3 s default the check tells it from, however slowly a loaded machine starts it.
    const fn = open({ memorySizeMb: 384, timeoutMs: 10_000, environment: { CUSTOM_SETTING: 'on' } });
    const outcome = await fn.invoke({ action: 'context' });
    const seen = outcome.response as {
      awsRequestId: string;
      invokedFunctionArn: string;
      functionName: string;
      functionVersion: string;
      memoryLimitInMB: string;
      logGroupName: string;
      logStreamName: string;
      remainingMs: number;
      callbackWaitsForEmptyEventLoop: boolean;
      env: Record<string, string | undefined>;
      argv: number;
    };

    expect(seen.awsRequestId).toBe(outcome.requestId);
    expect(seen.invokedFunctionArn).toBe('arn:aws:lambda:us-east-1:123456789012:function:inventory');
    expect(seen).toMatchObject({
      functionName: 'inventory',
      functionVersion: '$LATEST',
      memoryLimitInMB: '384',
      logGroupName: '/aws/lambda/inventory',
      logStreamName: outcome.logStream,
      callbackWaitsForEmptyEventLoop: true,
      argv: 2,
    });
    expect(seen.remainingMs).toBeGreaterThan(3_000);
    expect(seen.remainingMs).toBeLessThanOrEqual(10_000);
    expect(seen.env).toMatchObject({
      AWS_LAMBDA_FUNCTION_NAME: 'inventory',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '384',
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/inventory',
      AWS_LAMBDA_LOG_STREAM_NAME: outcome.logStream,
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_EXECUTION_ENV: `AWS_Lambda_nodejs${process.versions.node.split('.')[0]}.x`,
      LAMBDA_TASK_ROOT: fixture(''),
      TZ: ':UTC',
      _HANDLER: 'behaviours.handler',
      CUSTOM_SETTING: 'on',
    });
    expect(seen.env._X_AMZN_TRACE_ID).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/);
  });

  it('gives every invocation its own trace header and request id', async () => {
    const fn = open();
    const first = await fn.invoke({ action: 'context' });
    const second = await fn.invoke({ action: 'context' });
    const traceOf = (outcome: typeof first) =>
      (outcome.response as { env: Record<string, string> }).env._X_AMZN_TRACE_ID;
    expect(traceOf(first)).not.toBe(traceOf(second));
    expect(first.requestId).not.toBe(second.requestId);
  });
});

describe('handler shapes', () => {
  it('loads a CommonJS module', async () => {
    const fn = open({ handlerPath: fixture('commonjs.cjs') });
    const outcome = await fn.invoke({ sku: 'A-1' });
    expect(outcome.response).toEqual({ module: 'commonjs', echo: { sku: 'A-1' } });
  });

  it('accepts a handler that returns a plain value instead of a promise', async () => {
    const fn = open({ handlerPath: fixture('commonjs.cjs'), handlerExport: 'sync' });
    const outcome = await fn.invoke({ n: 1 });
    expect(outcome).toMatchObject({ kind: 'success', response: { module: 'commonjs', sync: true, echo: { n: 1 } } });
  });

  it('gives a response-streaming handler a writable stream and returns what it wrote', async () => {
    const fn = open({ handlerPath: fixture('streaming.mjs') });
    const outcome = await fn.invoke({ n: 7 });
    expect(outcome).toMatchObject({ kind: 'success', response: 'chunk one for inventory;chunk two 7' });
  });

  it('returns what the handler returned after a JSON round trip (undefined becomes null)', async () => {
    const fn = open();
    const echoed = await fn.invoke({ when: new Date(0) });
    expect(echoed.response).toEqual({ echo: { when: '1970-01-01T00:00:00.000Z' }, invocations: 1 });
  });
});

describe('memory measured from the worker', () => {
  it("shows a leaking function's Max Memory Used growing across warm invocations", async () => {
    const fn = open({ memorySizeMb: 512 });
    const recording = record(fn);
    const outcomes = [];
    for (let index = 0; index < 5; index += 1) outcomes.push(await fn.invoke({ action: 'leak', mb: 24 }));

    expect(outcomes.map((outcome) => outcome.kind)).toEqual(Array(5).fill('success'));
    expect(new Set(outcomes.map((outcome) => outcome.logStream)).size).toBe(1);
    const used = recording.reports().map((report) => report.maxMemoryUsedMb);
    expect(used).toEqual(outcomes.map((outcome) => outcome.maxMemoryUsedMb));
    for (let index = 1; index < used.length; index += 1) {
      expect(used[index]).toBeGreaterThan((used[index - 1] ?? 0) + 15);
    }
  });

  it('resets the peak per invocation: a spike does not stay in later reports', async () => {
    const fn = open({ memorySizeMb: 512 });
    // The spike is freed and collected before the invocation returns: only the peak remembers it.
    const spike = await fn.invoke({ action: 'allocate', mb: 160, release: true });
    const spikeMb = spike.maxMemoryUsedMb ?? 0;
    expect(spikeMb).toBeGreaterThan(160);
    // V8 releases the buffers on a background thread: wait until the process really is smaller.
    const [pid] = fn.workerPids();
    const rssMb = () => Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;
    expect(await eventually(() => rssMb() < spikeMb - 100)).toBe(true);
    const after = await fn.invoke({});
    expect(after.maxMemoryUsedMb).toBeLessThan(spikeMb - 100);
  });
});
