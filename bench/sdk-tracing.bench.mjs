#!/usr/bin/env node
// Per-invocation cost of the SDK's tracing, and the import cost of a function that does not trace.
// Part 1, each variant in its own child process (stdout on /dev/null, results on stderr), like sdk-overhead:
//   the SDK with tracing off; with `auto`, @opentelemetry/api loaded by the function and no provider (the common
//   case); with a real OpenTelemetry provider and in-memory exporter; with X-Ray sending to a UDP socket on
//   127.0.0.1 (a daemon stand-in in a separate process); and both. Every SDK variant does the work of
//   sdk-overhead (one metric, one log line), so tracing's cost is the difference to "tracing off".
//   Peers, measured in the same run: the same span by hand through the OpenTelemetry API (startActiveSpan,
//   attributes, forceFlush) and the same subsegment through aws-xray-sdk-core's Segment/Subsegment sent with
//   dgram, each over a bare handler; and the SDK's own datagram builder alone with the same send.
// Part 2: import + wrap + one invocation in fresh processes with tracing off: which packages and built-ins it
//   loaded, against importing aws-xray-sdk-core and @opentelemetry/api, which it must not pay for.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import { BENCH_LAMBDA_ENV, measureInChild, median, medianInvocationUs } from './support/lambda-child.mjs';

const ROUNDS = 7;
const INVOCATIONS_PER_ROUND = 10_000;
const WARMUP_INVOCATIONS = 10_000;
const PROCESSES_PER_VARIANT = 3;
const IMPORT_RUNS = 7;
const RESULT_MARK = 'SDK_TRACING_RESULT ';
const INTERNALS_DIR = fileURLToPath(new URL('./.data/sdk-tracing/', import.meta.url));
const INTERNALS = `${INTERNALS_DIR}internals.mjs`;
const TRACE_HEADER = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';

const LAMBDA_ENV = {
  ...BENCH_LAMBDA_ENV,
  AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
  _HANDLER: 'index.handler',
  _X_AMZN_TRACE_ID: TRACE_HEADER,
};

/** The function body of every SDK variant: the work sdk-overhead measures. */
async function sdkBody(event, _context, obs) {
  obs.metrics.add('OrdersPlaced', 3, 'Count');
  obs.logger.info({ orderId: event.id }, 'order placed');
  return { ok: true, id: event.id };
}

async function sdk(options) {
  const { withObservability } = await import('@lambdatop/sdk');
  return withObservability(sdkBody, { namespace: 'Shop', service: 'orders', ...options });
}

/**
 * Keeps finished spans in memory and answers at once. The SDK's InMemorySpanExporter answers through
 * setTimeout(0), so every forceFlush would wait for Node's next timer tick (~1.2 ms measured here) and the
 * figures would measure timer granularity instead of the tracing code.
 */
class ImmediateMemoryExporter {
  spans = [];
  export(spans, resultCallback) {
    this.spans.push(...spans);
    resultCallback({ code: 0 });
  }
  reset() {
    this.spans = [];
  }
  async forceFlush() {}
  async shutdown() {}
}

/** The real OpenTelemetry SDK as a function would have it registered (SimpleSpanProcessor, in-memory exporter). */
async function registerProvider() {
  const { AsyncLocalStorage } = await import('node:async_hooks');
  const api = await import('@opentelemetry/api');
  const { BasicTracerProvider, SimpleSpanProcessor } = await import('@opentelemetry/sdk-trace-base');
  const exporter = new ImmediateMemoryExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  api.trace.setGlobalTracerProvider(provider);
  const storage = new AsyncLocalStorage();
  api.context.setGlobalContextManager({
    active: () => storage.getStore() ?? api.ROOT_CONTEXT,
    with: (ctx, fn, thisArg, ...args) => storage.run(ctx, () => fn.apply(thisArg, args)),
    bind: (_ctx, target) => target,
    enable() {
      return this;
    },
    disable() {
      return this;
    },
  });
  return { api, exporter, provider };
}

/** A UDP socket for the X-Ray variants (the daemon stand-in runs in the parent's helper process). */
async function udpSender() {
  const { createSocket } = await import('node:dgram');
  const socket = createSocket('udp4');
  socket.unref();
  const [host, port] = process.env.AWS_XRAY_DAEMON_ADDRESS.split(':');
  return (text) => new Promise((resolve) => socket.send(text, Number(port), host, () => resolve()));
}

const VARIANTS = {
  bare: async () => async (event) => ({ ok: true, id: event.id }),
  'lambdatop, tracing off': () => sdk({ tracing: 'off' }),
  'lambdatop, auto, API loaded, no provider': async () => {
    await import('@opentelemetry/api');
    return sdk();
  },
  'lambdatop, OpenTelemetry provider': async () => {
    const { exporter } = await registerProvider();
    globalThis.benchBetweenRounds = () => exporter.reset();
    return sdk();
  },
  'lambdatop, X-Ray to UDP': () => sdk({ tracing: 'xray' }),
  'lambdatop, both': async () => {
    const { exporter } = await registerProvider();
    globalThis.benchBetweenRounds = () => exporter.reset();
    return sdk({ tracing: 'both' });
  },
  'peer: OpenTelemetry by hand': async () => {
    const { api, exporter, provider } = await registerProvider();
    globalThis.benchBetweenRounds = () => exporter.reset();
    const tracer = api.trace.getTracer('bench');
    return (event, lambdaContext) =>
      tracer.startActiveSpan(
        'bench-orders',
        {
          kind: api.SpanKind.SERVER,
          attributes: {
            'faas.invocation_id': lambdaContext.awsRequestId,
            'cloud.resource_id': lambdaContext.invokedFunctionArn,
            'cloud.account.id': '123456789012',
            'faas.coldstart': false,
            'faas.trigger': 'other',
            'cloud.provider': 'aws',
            'cloud.region': 'us-east-1',
            'faas.name': 'bench-orders',
            'faas.version': '$LATEST',
            'faas.max_memory': 1_073_741_824,
          },
        },
        async (span) => {
          span.end();
          await provider.forceFlush();
          return { ok: true, id: event.id };
        },
      );
  },
  'peer: aws-xray-sdk-core Subsegment + dgram': async () => {
    const { default: Segment } = await import('aws-xray-sdk-core/dist/lib/segments/segment.js');
    const send = await udpSender();
    const header = '{"format":"json","version":1}\n';
    return async (event) => {
      const facade = new Segment('facade', '1-5759e988-bd862e3fe1be46a994272793');
      facade.id = '53995c3f42cd8ad8';
      const subsegment = facade.addNewSubsegment('## index.handler');
      subsegment.addAnnotation('ColdStart', false);
      subsegment.addAnnotation('Service', 'orders');
      subsegment.close();
      await send(header + subsegment.format());
      return { ok: true, id: event.id };
    };
  },
  'alternative: lambdatop datagram + dgram': async () => {
    const { XRaySubsegment } = await import(pathToFileURL(INTERNALS).href);
    const send = await udpSender();
    return async (event) => {
      const start = Date.now() / 1000;
      const subsegment = new XRaySubsegment({
        handlerName: 'index.handler',
        traceId: '1-5759e988-bd862e3fe1be46a994272793',
        parentId: '53995c3f42cd8ad8',
        startTimeSec: start,
        coldStart: false,
        service: 'orders',
        workingDirectory: '/var/task',
      });
      const { datagram } = subsegment.finish({
        endTimeSec: Date.now() / 1000,
        threw: false,
        error: undefined,
        httpStatus: undefined,
        responseJson: undefined,
      });
      await send(datagram);
      return { ok: true, id: event.id };
    };
  },
};

async function runVariant(name) {
  const us = await medianInvocationUs(await VARIANTS[name](), {
    warmupInvocations: WARMUP_INVOCATIONS,
    rounds: ROUNDS,
    invocationsPerRound: INVOCATIONS_PER_ROUND,
    betweenRounds: () => globalThis.benchBetweenRounds?.(),
  });
  process.stderr.write(`${RESULT_MARK}${JSON.stringify({ us })}\n`);
}

// Part 2 runs in a script of its own: this file's imports (esbuild, child_process, which loads dgram) would
// otherwise be in every module list.
const IMPORT_CHILD = `${INTERNALS_DIR}import-child.mjs`;
const IMPORT_CHILD_SOURCE = `
import { createRequire } from 'node:module';
const subject = process.env.SDK_TRACING_IMPORT;
const context = { awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef', functionName: 'bench-orders',
  getRemainingTimeInMillis: () => 3000 };
const body = async (event, _context, obs) => {
  obs.metrics.add('OrdersPlaced', 3, 'Count');
  obs.logger.info({ orderId: event.id }, 'order placed');
  return { ok: true };
};
const started = performance.now();
if (subject.startsWith('lambdatop')) {
  const { withObservability } = await import('@lambdatop/sdk');
  const options = subject.includes('tracing off') ? { tracing: 'off' } : {};
  await withObservability(body, options)({ id: 1 }, context);
} else {
  await import(subject);
}
const ms = performance.now() - started;
const packages = [...new Set(Object.keys(createRequire(import.meta.url).cache)
  .map((path) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(path)?.[1]).filter((name) => name !== undefined))];
const dgram = process.moduleLoadList.includes('NativeModule dgram');
process.stderr.write('${RESULT_MARK}' + JSON.stringify({ ms, packages, dgram }) + '\\n');
`;

function buildInternals() {
  mkdirSync(INTERNALS_DIR, { recursive: true });
  const entry = `${INTERNALS_DIR}internals-entry.ts`;
  const src = fileURLToPath(new URL('../packages/sdk/src/', import.meta.url));
  writeFileSync(entry, `export { XRaySubsegment } from '${src}xray/xray-subsegment.ts';\n`);
  writeFileSync(IMPORT_CHILD, IMPORT_CHILD_SOURCE);
  buildSync({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'node',
    outfile: INTERNALS,
    logLevel: 'warning',
  });
}

/** The daemon stand-in: a separate process (spawnSync blocks this one), counting datagrams until told to stop. */
async function startDaemon() {
  const script = `
    const socket = require('node:dgram').createSocket('udp4');
    let count = 0;
    socket.on('message', () => { count += 1; });
    socket.bind(0, '127.0.0.1', () => process.stdout.write(String(socket.address().port) + '\\n'));
    process.on('SIGTERM', () => { process.stdout.write('COUNT ' + count + '\\n'); process.exit(0); });`;
  const daemon = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  daemon.stdout.on('data', (chunk) => {
    output += chunk;
  });
  const port = await new Promise((resolve) => {
    const check = () => (output.includes('\n') ? resolve(Number(output.split('\n')[0])) : setTimeout(check, 5));
    check();
  });
  return {
    address: `127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        daemon.on('close', () => resolve(Number(/COUNT (\d+)/.exec(output)?.[1] ?? 0)));
        daemon.kill('SIGTERM');
      }),
  };
}

function inChild(env, script = fileURLToPath(import.meta.url)) {
  return measureInChild({
    script,
    env: { ...LAMBDA_ENV, ...env },
    resultMark: RESULT_MARK,
    label: JSON.stringify(env),
  });
}

// Only these send datagrams: elsewhere an address would turn `auto` into X-Ray, since the header says Sampled=1.
const SENDS_DATAGRAMS = new Set([
  'lambdatop, X-Ray to UDP',
  'lambdatop, both',
  'peer: aws-xray-sdk-core Subsegment + dgram',
  'alternative: lambdatop datagram + dgram',
]);

if (process.env.SDK_TRACING_VARIANT) {
  await runVariant(process.env.SDK_TRACING_VARIANT);
} else {
  buildInternals();
  const daemon = await startDaemon();
  const samples = Object.fromEntries(Object.keys(VARIANTS).map((name) => [name, []]));
  for (let pass = 0; pass < PROCESSES_PER_VARIANT; pass += 1) {
    for (const name of Object.keys(VARIANTS)) {
      const address = SENDS_DATAGRAMS.has(name) ? { AWS_XRAY_DAEMON_ADDRESS: daemon.address } : {};
      samples[name].push(inChild({ SDK_TRACING_VARIANT: name, ...address }).us);
    }
  }
  const received = await daemon.stop();
  const us = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
  const off = us['lambdatop, tracing off'];
  const pad = (text, width) => String(text).padEnd(width);
  process.stdout.write(
    `median of ${PROCESSES_PER_VARIANT} processes, each the median of ${ROUNDS} rounds × ${INVOCATIONS_PER_ROUND} invocations; stdout on /dev/null\n`,
  );
  process.stdout.write(`${pad('variant', 46)}${pad('µs/invocation', 15)}${pad('over bare', 11)}over tracing off\n`);
  for (const [name, value] of Object.entries(us)) {
    const overOff = name.startsWith('lambdatop') ? (value - off).toFixed(2) : '';
    process.stdout.write(
      `${pad(name, 46)}${pad(value.toFixed(2), 15)}${pad((value - us.bare).toFixed(2), 11)}${overOff}\n`,
    );
  }
  process.stdout.write(`the daemon stand-in received ${received} datagrams\n`);
  const ratio = (ours, peer) => (ours / peer).toFixed(3);
  const otelOurs = us['lambdatop, OpenTelemetry provider'] - off;
  const otelPeer = us['peer: OpenTelemetry by hand'] - us.bare;
  const xrayOurs = us['lambdatop, X-Ray to UDP'] - off;
  const xrayPeer = us['peer: aws-xray-sdk-core Subsegment + dgram'] - us.bare;
  const direct = us['alternative: lambdatop datagram + dgram'] - us.bare;
  process.stdout.write(
    `\nOpenTelemetry span, lambdatop / by hand: ${ratio(otelOurs, otelPeer)} (${otelOurs.toFixed(2)} µs vs ${otelPeer.toFixed(2)} µs)\n` +
      `X-Ray subsegment, lambdatop / aws-xray-sdk-core: ${ratio(xrayOurs, xrayPeer)} (${xrayOurs.toFixed(2)} µs vs ${xrayPeer.toFixed(2)} µs; the datagram alone ${direct.toFixed(2)} µs)\n` +
      `auto with no provider and no daemon, over tracing off: ${(us['lambdatop, auto, API loaded, no provider'] - off).toFixed(2)} µs\n`,
  );

  const imports = {
    'lambdatop, tracing off': [],
    'lambdatop, auto (Sampled=1, no daemon, no provider)': [],
    'aws-xray-sdk-core': [],
    '@opentelemetry/api': [],
  };
  for (let run = 0; run < IMPORT_RUNS; run += 1) {
    for (const subject of Object.keys(imports))
      imports[subject].push(inChild({ SDK_TRACING_IMPORT: subject }, IMPORT_CHILD));
  }
  process.stdout.write(
    `\nimport (+ wrap + one invocation for lambdatop), fresh processes, median of ${IMPORT_RUNS}; what was loaded afterwards\n`,
  );
  for (const [subject, runs] of Object.entries(imports)) {
    const { packages, dgram } = runs[0];
    process.stdout.write(
      `${pad(subject, 54)}${median(runs.map((run) => run.ms))
        .toFixed(1)
        .padStart(6)} ms   packages: ${packages.join(', ') || 'none'}; dgram: ${dgram ? 'loaded' : 'not loaded'}\n`,
    );
  }
}
