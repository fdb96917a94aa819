import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as samples from '../fixtures/sample-events.js';
import { runChild } from '../support/run-child.js';
import { startUdpDaemon, type UdpDaemon } from '../support/udp-daemon.js';
import { expectValidDatagram } from '../support/xray-schema.js';

const TRACED_EXAMPLE = fileURLToPath(new URL('../../../../examples/traced/handler.mjs', import.meta.url));
const ROOT = '1-5759e988-bd862e3fe1be46a994272793';
const header = (parent: string, sampled: 0 | 1) => `Root=${ROOT};Parent=${parent};Sampled=${sampled}`;
const RUNNER_LINE = /^(INVOKE|RESULT|LOADED|SPANS|DONE) /;

let daemon: UdpDaemon;

beforeEach(async () => {
  daemon = await startUdpDaemon();
});

afterEach(async () => {
  await daemon.close();
});

describe('tracing in a real Lambda-like process', () => {
  it('loads neither X-Ray, OpenTelemetry nor a UDP socket when nothing is traced', async () => {
    const unsampled = await runChild({
      env: { AWS_XRAY_DAEMON_ADDRESS: daemon.address },
      invocations: [
        { event: { id: 'o-1' }, traceHeader: header('53995c3f42cd8ad8', 0) },
        { event: { id: 'o-2' }, traceHeader: header('53995c3f42cd8ad9', 0) },
      ],
    });
    // Outside Lambda, with an address but nothing to trace: not a word about X-Ray anywhere.
    const outside = await runChild({
      env: {
        AWS_LAMBDA_FUNCTION_NAME: undefined,
        AWS_LAMBDA_INITIALIZATION_TYPE: undefined,
        AWS_EXECUTION_ENV: undefined,
        AWS_XRAY_DAEMON_ADDRESS: daemon.address,
      },
      invocations: [{ event: { id: 'o-3' } }],
    });
    for (const run of [unsampled, outside]) {
      expect(run.results.map((result) => result.error)).toEqual(run.results.map(() => undefined));
      expect(run.loaded?.packages).not.toContain('aws-xray-sdk-core');
      expect(run.loaded?.packages).not.toContain('@opentelemetry/api');
      expect(run.loaded?.builtins).not.toContain('dgram');
      expect(run.stderr.split('\n').filter((line) => line !== '' && !RUNNER_LINE.test(line))).toEqual([]);
    }
    expect(daemon.datagrams).toEqual([]);
  });

  it('gets the subsegment out before a freeze: the process is killed the moment the handler resolves', async () => {
    const run = await runChild({
      handlerModule: TRACED_EXAMPLE,
      env: { AWS_XRAY_DAEMON_ADDRESS: daemon.address, _HANDLER: 'handler.handler' },
      invocations: [{ event: samples.apiGatewayRest, traceHeader: header('53995c3f42cd8ad8', 1) }],
      killWhenDone: true,
    });
    expect(run.signal).toBe('SIGKILL');
    expect(run.results[0]?.value).toMatchObject({ statusCode: 200 });
    const [document] = (await daemon.waitFor(1)).map(expectValidDatagram);
    expect(document).toMatchObject({
      name: '## handler.handler',
      trace_id: ROOT,
      parent_id: '53995c3f42cd8ad8',
      annotations: { ColdStart: true, Service: 'orders-api', OrderId: '17' },
      metadata: { 'orders-api': { order: { id: '17', status: 'placed', items: 2 } } },
      http: { response: { status: 200 } },
    });
    // Sending loaded dgram; X-Ray's own library is never loaded (the SDK writes the daemon protocol itself).
    expect(run.loaded?.builtins).toContain('dgram');
    expect(run.loaded?.packages).not.toContain('aws-xray-sdk-core');
  });

  it('sends the timed-out subsegment before Lambda kills the function at its deadline', async () => {
    const run = await runChild({
      env: { AWS_XRAY_DAEMON_ADDRESS: daemon.address },
      invocations: [
        { event: { id: 'o-9', waitMs: 5000 }, remainingMs: 1500, traceHeader: header('53995c3f42cd8ad8', 1) },
      ],
      killAtDeadline: true,
    });
    expect(run.signal).toBe('SIGKILL');
    expect(run.results).toEqual([]);
    const [document] = daemon.datagrams.map(expectValidDatagram);
    expect(daemon.datagrams).toHaveLength(1);
    expect(document?.fault).toBe(true);
    expect(JSON.stringify(document?.cause)).toContain('TimeoutImminent');
    expect(run.lines.some((line) => line.lambdatop === 'timeout-imminent')).toBe(true);
  });

  it('prefers the per-invocation header of awslambda.InvokeStore to _X_AMZN_TRACE_ID', async () => {
    const run = await runChild({
      env: { AWS_XRAY_DAEMON_ADDRESS: daemon.address },
      invokeStoreHeader: header('00000000000000aa', 1),
      invocations: [{ event: { id: 'o-4' }, traceHeader: header('00000000000000bb', 1) }],
    });
    expect(run.results[0]?.error).toBeUndefined();
    const [document] = (await daemon.waitFor(1)).map(expectValidDatagram);
    expect(document?.parent_id).toBe('00000000000000aa');
  });
});
