import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as samples from '../fixtures/sample-events.js';
import { ensureBuiltSdk } from '../support/built-sdk.js';
import { runChild } from '../support/run-child.js';
import { startUdpDaemon, type UdpDaemon } from '../support/udp-daemon.js';
import { expectValidDatagram } from '../support/xray-schema.js';

const EXAMPLE = fileURLToPath(new URL('../../../../examples/traced/handler.mjs', import.meta.url));
const HEADER = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
const SERVER = 1;
const REQUIRE_BANNER = "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";

/** The function as most deployments ship it: one ESM file by esbuild, everything inside, nothing external. */
function bundleExample(banner: string | undefined): string {
  ensureBuiltSdk();
  const outfile = join(mkdtempSync(join(tmpdir(), 'lambdatop-traced-')), 'handler.bundle.mjs');
  buildSync({
    entryPoints: [EXAMPLE],
    bundle: true,
    format: 'esm',
    platform: 'node',
    outfile,
    logLevel: 'error',
    ...(banner === undefined ? {} : { banner: { js: banner } }),
  });
  return outfile;
}

let daemon: UdpDaemon;

beforeEach(async () => {
  daemon = await startUdpDaemon();
});

afterEach(async () => {
  await daemon.close();
});

describe('an esbuild ESM bundle of a traced function', () => {
  it.each([
    ['without a banner', undefined],
    ['with the usual createRequire banner', REQUIRE_BANNER],
  ])('runs %s, with X-Ray and OpenTelemetry both recording', async (_name, banner) => {
    const bundle = bundleExample(banner);
    // The SDK and @opentelemetry/api are inside; X-Ray's library is not (the SDK sends the datagrams itself).
    const text = readFileSync(bundle, 'utf8');
    expect(text).toContain('lambdatop');
    expect(text).not.toContain('aws-xray-sdk-core');

    const failing = { ...samples.apiGatewayRest, queryStringParameters: { fail: 'yes' } };
    const run = await runChild({
      handlerModule: bundle,
      otel: true,
      env: { AWS_XRAY_DAEMON_ADDRESS: daemon.address, _HANDLER: 'handler.handler' },
      invocations: [
        { event: samples.apiGatewayRest, traceHeader: HEADER },
        { event: failing, traceHeader: HEADER },
      ],
    });
    expect(run.stderr).not.toContain('Dynamic require');
    expect(run.results.map((result) => result.value ?? result.error)).toEqual([
      { statusCode: 200, body: JSON.stringify({ id: '17', status: 'placed', items: 2 }) },
      { name: 'Error', message: 'order 17 could not be loaded' },
    ]);

    const documents = (await daemon.waitFor(2)).map(expectValidDatagram);
    expect(documents.map((document) => [document.name, document.fault ?? false])).toEqual([
      ['## handler.handler', false],
      ['## handler.handler', true],
    ]);

    const spans = run.spans ?? [];
    const servers = spans.filter((span) => span.kind === SERVER);
    expect(servers.map((span) => [span.name, span.status.code])).toEqual([
      ['GET /orders/{id}', 0],
      ['GET /orders/{id}', 2],
    ]);
    // The event's traceparent is the parent, ahead of Lambda's X-Ray header.
    expect(servers.map((span) => [span.traceId, span.parentSpanId])).toEqual([
      ['0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203331'],
      ['0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203331'],
    ]);
    expect(servers[0]?.attributes).toMatchObject({ 'faas.trigger': 'http', 'faas.coldstart': true, OrderId: '17' });
    const child = spans.find((span) => span.name === 'load-order');
    expect(child?.parentSpanId).toBe(servers[0]?.spanId);
    expect(run.lines.filter((line) => line._aws !== undefined).map((line) => line.httpStatusClass)).toEqual([
      '2xx',
      '5xx',
    ]);
  });
});
