#!/usr/bin/env node
// Per-invocation overhead of withObservability (one custom metric, one info log line, the cold-start check)
// against a bare handler and Powertools Metrics + Logger doing the same work, plus the design alternatives the
// SDK chose between. Each variant runs in its own child process whose fd 1 is /dev/null; results come back on
// stderr as one JSON line. Printed: µs per invocation, overhead over the bare handler, ratio against Powertools.
import { mkdirSync, writeFileSync, writeSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildNodeBundle } from './support/build-node-bundle.mjs';
import { BENCH_LAMBDA_ENV, measureInChild, median, medianInvocationUs } from './support/lambda-child.mjs';

const ROUNDS = 7;
const INVOCATIONS_PER_ROUND = 20_000;
const WARMUP_INVOCATIONS = 20_000;
const RESULT_MARK = 'SDK_BENCH_RESULT ';
// Every variant runs in this many separate processes, interleaved, and its median process counts; this evens out
// other work on a shared machine.
const PROCESSES_PER_VARIANT = 3;
// The SDK is published as one bundle; the design alternatives below need some of its internals, bundled from src.
const INTERNALS_DIR = fileURLToPath(new URL('./.data/sdk-overhead/', import.meta.url));
const INTERNALS = `${INTERNALS_DIR}internals.mjs`;

function buildInternals() {
  mkdirSync(INTERNALS_DIR, { recursive: true });
  const entry = `${INTERNALS_DIR}internals-entry.ts`;
  const src = fileURLToPath(new URL('../packages/sdk/src/', import.meta.url));
  writeFileSync(
    entry,
    `export { MetricStore } from '${src}emf/metric-store.ts';\n` +
      `export { createEmfTemplate, toEmfDocuments } from '${src}emf/to-emf-documents.ts';\n` +
      `export { bindLogger, createRootLogger } from '${src}log/create-root-logger.ts';\n`,
  );
  buildNodeBundle(entry, INTERNALS);
}

const internals = () => import(pathToFileURL(INTERNALS).href);

const LAMBDA_ENV = {
  ...BENCH_LAMBDA_ENV,
  AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
  _X_AMZN_TRACE_ID: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/** Each variant builds a handler `(event, context) => Promise` doing the same work its way. */
const VARIANTS = {
  async bare() {
    return async (event) => ({ ok: true, id: event.id });
  },
  async lambdatop() {
    const { withObservability } = await import('@lambdatop/sdk');
    return withObservability(
      async (event, _context, obs) => {
        obs.metrics.add('OrdersPlaced', 3, 'Count');
        obs.logger.info({ orderId: event.id }, 'order placed');
        return { ok: true, id: event.id };
      },
      { namespace: 'Shop', service: 'orders' },
    );
  },
  async powertools() {
    const { Metrics, MetricUnit } = await import('@aws-lambda-powertools/metrics');
    const { Logger } = await import('@aws-lambda-powertools/logger');
    const metrics = new Metrics({ namespace: 'Shop', serviceName: 'orders' });
    const logger = new Logger({ serviceName: 'orders' });
    return async (event, lambdaContext) => {
      metrics.captureColdStartMetric();
      logger.addContext(lambdaContext);
      metrics.addMetric('OrdersPlaced', MetricUnit.Count, 3);
      logger.info('order placed', { orderId: event.id });
      metrics.publishStoredMetrics();
      return { ok: true, id: event.id };
    };
  },
  // Alternatives behind the SDK's choices, each doing only the part it replaces.
  async 'emf: lambdatop serializer + writeSync'() {
    const { MetricStore, createEmfTemplate, toEmfDocuments } = await internals();
    const template = createEmfTemplate({ namespace: 'Shop', dimensions: new Map([['service', 'orders']]) });
    return async (_event, lambdaContext) => {
      const store = new MetricStore(template.reservedKeys);
      store.add('OrdersPlaced', 3, 'Count');
      const members = `,"requestId":${JSON.stringify(lambdaContext.awsRequestId)},"coldStart":false`;
      const { documents } = toEmfDocuments(template, {
        timestampMs: Date.now(),
        invocationMembers: members,
        batch: store.drain(),
      });
      for (const document of documents) writeSync(1, `${document}\n`);
      return { ok: true };
    };
  },
  async 'emf: aws-embedded-metrics metricScope'() {
    const { metricScope, Unit } = await import('aws-embedded-metrics');
    return metricScope((metrics) => async (_event, lambdaContext) => {
      metrics.setNamespace('Shop');
      metrics.setDimensions({ service: 'orders' });
      metrics.setProperty('requestId', lambdaContext.awsRequestId);
      metrics.putMetric('OrdersPlaced', 3, Unit.Count);
      return { ok: true };
    });
  },
  async 'log binding: pino.child per invocation'() {
    const root = await pinoRoot();
    return async (event, lambdaContext) => {
      root
        .child({ requestId: lambdaContext.awsRequestId, coldStart: false })
        .info({ orderId: event.id }, 'order placed');
      return { ok: true };
    };
  },
  async 'log binding: mixin from AsyncLocalStorage'() {
    const { AsyncLocalStorage } = await import('node:async_hooks');
    const store = new AsyncLocalStorage();
    const root = await pinoRoot({ mixin: () => store.getStore() });
    return (event, lambdaContext) =>
      store.run({ requestId: lambdaContext.awsRequestId, coldStart: false }, async () => {
        root.info({ orderId: event.id }, 'order placed');
        return { ok: true };
      });
  },
  async 'log binding: precomputed bindings (chosen)'() {
    const { bindLogger } = await internals();
    const root = await pinoRoot();
    return async (event, lambdaContext) => {
      bindLogger(root, `,"requestId":${JSON.stringify(lambdaContext.awsRequestId)},"coldStart":false`).info(
        { orderId: event.id },
        'order placed',
      );
      return { ok: true };
    };
  },
};

async function pinoRoot(extra = {}) {
  const { createRootLogger } = await internals();
  const root = createRootLogger('info', (line) => writeSync(1, line));
  if (extra.mixin === undefined) return root;
  const { default: pino } = await import('pino');
  return pino(
    { base: null, formatters: { level: (label) => ({ level: label.toUpperCase() }) }, mixin: extra.mixin },
    { write: (line) => writeSync(1, line) },
  );
}

async function runVariant(name) {
  const us = await medianInvocationUs(await VARIANTS[name](), {
    warmupInvocations: WARMUP_INVOCATIONS,
    rounds: ROUNDS,
    invocationsPerRound: INVOCATIONS_PER_ROUND,
  });
  process.stderr.write(`${RESULT_MARK}${JSON.stringify({ name, us })}\n`);
}

function measureVariant(name) {
  return measureInChild({
    script: fileURLToPath(import.meta.url),
    env: { ...LAMBDA_ENV, SDK_BENCH_VARIANT: name },
    resultMark: RESULT_MARK,
    label: `variant ${name}`,
  }).us;
}

if (process.env.SDK_BENCH_VARIANT) {
  await runVariant(process.env.SDK_BENCH_VARIANT);
} else {
  buildInternals();
  const samples = Object.fromEntries(Object.keys(VARIANTS).map((name) => [name, []]));
  for (let pass = 0; pass < PROCESSES_PER_VARIANT; pass += 1) {
    for (const name of Object.keys(VARIANTS)) samples[name].push(measureVariant(name));
  }
  const us = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
  const bare = us.bare;
  const pad = (text, width) => String(text).padEnd(width);
  process.stdout.write(
    `median of ${PROCESSES_PER_VARIANT} processes, each the median of ${ROUNDS} rounds × ${INVOCATIONS_PER_ROUND} invocations; writers on /dev/null\n`,
  );
  process.stdout.write(`${pad('variant', 44)}${pad('µs/invocation', 16)}overhead µs\n`);
  for (const [name, value] of Object.entries(us)) {
    process.stdout.write(`${pad(name, 44)}${pad(value.toFixed(2), 16)}${(value - bare).toFixed(2)}\n`);
  }
  const ours = us.lambdatop - bare;
  const theirs = us.powertools - bare;
  process.stdout.write(
    `\noverhead ratio lambdatop / Powertools: ${(ours / theirs).toFixed(3)} (${ours.toFixed(2)} µs vs ${theirs.toFixed(2)} µs; target ≤ 0.25)\n`,
  );
  const emfOurs = us['emf: lambdatop serializer + writeSync'] - bare;
  const emfTheirs = us['emf: aws-embedded-metrics metricScope'] - bare;
  process.stdout.write(`EMF alone, lambdatop / aws-embedded-metrics: ${(emfOurs / emfTheirs).toFixed(3)}\n`);
}
