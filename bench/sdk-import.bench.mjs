#!/usr/bin/env node
// Import cost of @lambdatop/sdk against Powertools Metrics + Logger, each as published (the specifier resolved
// through the package's `exports`, as a function's node_modules would have it) in fresh processes (median of RUNS),
// measured inside the child around the dynamic import. @lambdatop/sdk is published as one esbuild bundle per entry
// point with pino inside (packages/sdk/scripts/bundle-runtime.mjs), so pino no longer shows among loaded libraries. A second figure covers the whole cold path a function pays:
// import, construction/wrapping and the first invocation (one metric, one log line), all output to /dev/null.
// The child also reports which heavy CommonJS libraries the import loaded, to show X-Ray and aws-embedded-metrics
// are not. For context: pino alone (the logger the issue mandates), and esbuild bundles of both sides, which is how
// most functions are deployed and which takes Node's per-module ESM loading cost out of the picture.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BENCH_LAMBDA_ENV, measureInChild, median } from './support/lambda-child.mjs';

// Fresh-process timings on a shared machine swing by tens of percent; 15 interleaved runs keep the medians steady.
const RUNS = 15;
const BUNDLE_DIR = fileURLToPath(new URL('./.data/sdk-import/', import.meta.url));
const RESULT_MARK = 'SDK_IMPORT_RESULT ';
const HEAVY = ['pino', 'aws-embedded-metrics', 'aws-xray-sdk-core'];
const CONTEXT = {
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
  functionName: 'bench-orders',
  functionVersion: '$LATEST',
  memoryLimitInMB: '1024',
  getRemainingTimeInMillis: () => 3000,
};

// Each subject takes the module specifiers to import: the packages as installed, or one esbuild bundle of them.
const SUBJECTS = {
  async lambdatop(bundle) {
    const { withObservability } = await import(bundle ?? '@lambdatop/sdk');
    const imported = performance.now();
    const handler = withObservability(
      async (event, _context, obs) => {
        obs.metrics.add('OrdersPlaced', 3, 'Count');
        obs.logger.info({ orderId: event.id }, 'order placed');
        return { ok: true };
      },
      { namespace: 'Shop', service: 'orders' },
    );
    return { imported, invoke: () => handler({ id: 1 }, CONTEXT) };
  },
  /** Context for the figures: the logger the issue mandates, imported alone. */
  async 'pino alone'() {
    const { default: pino } = await import('pino');
    const imported = performance.now();
    const logger = pino({ base: null }, { write: () => {} });
    return { imported, invoke: async () => logger.info({ orderId: 1 }, 'order placed') };
  },
  async powertools(bundle) {
    const [{ Metrics, MetricUnit }, { Logger }] = bundle
      ? await import(bundle).then((module) => [module, module])
      : await Promise.all([import('@aws-lambda-powertools/metrics'), import('@aws-lambda-powertools/logger')]);
    const imported = performance.now();
    const metrics = new Metrics({ namespace: 'Shop', serviceName: 'orders' });
    const logger = new Logger({ serviceName: 'orders' });
    const handler = async (event, context) => {
      metrics.captureColdStartMetric();
      logger.addContext(context);
      metrics.addMetric('OrdersPlaced', MetricUnit.Count, 3);
      logger.info('order placed', { orderId: event.id });
      metrics.publishStoredMetrics();
      return { ok: true };
    };
    return { imported, invoke: () => handler({ id: 1 }, CONTEXT) };
  },
};

async function runSubject(name, bundle) {
  const started = performance.now();
  const { imported, invoke } = await SUBJECTS[name](bundle);
  await invoke();
  const coldPathMs = performance.now() - started;
  const { createRequire } = await import('node:module');
  const cache = Object.keys(createRequire(import.meta.url).cache);
  const loaded = HEAVY.filter((library) => cache.some((path) => path.includes(`/node_modules/${library}/`)));
  process.stderr.write(`${RESULT_MARK}${JSON.stringify({ importMs: imported - started, coldPathMs, loaded })}\n`);
}

/** Most Lambda deployments are bundled (CDK NodejsFunction, SAM, Serverless all use esbuild): one file each. */
async function buildBundles() {
  // Imported here, in the parent only: loaded in a measuring child, esbuild's own startup work would land inside
  // the measured import now and then (+10 ms in about a third of the runs).
  const { buildNodeBundle } = await import('./support/build-node-bundle.mjs');
  mkdirSync(BUNDLE_DIR, { recursive: true });
  const entries = {
    lambdatop: "export { withObservability } from '@lambdatop/sdk';\n",
    powertools:
      "export { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';\nexport { Logger } from '@aws-lambda-powertools/logger';\n",
  };
  const bundles = {};
  for (const [name, source] of Object.entries(entries)) {
    const entry = `${BUNDLE_DIR}${name}-entry.mjs`;
    const outfile = `${BUNDLE_DIR}${name}.bundle.mjs`;
    writeFileSync(entry, source);
    buildNodeBundle(entry, outfile);
    bundles[name] = pathToFileURL(outfile).href;
  }
  return bundles;
}

function measure(name, bundle) {
  return measureInChild({
    script: fileURLToPath(import.meta.url),
    env: { ...BENCH_LAMBDA_ENV, SDK_IMPORT_SUBJECT: name, SDK_IMPORT_BUNDLE: bundle ?? '' },
    resultMark: RESULT_MARK,
    label: name,
  });
}

if (process.env.SDK_IMPORT_SUBJECT) {
  await runSubject(process.env.SDK_IMPORT_SUBJECT, process.env.SDK_IMPORT_BUNDLE || undefined);
} else {
  const bundles = await buildBundles();
  const variants = {
    lambdatop: () => measure('lambdatop'),
    powertools: () => measure('powertools'),
    'pino alone': () => measure('pino alone'),
    'lambdatop, bundled': () => measure('lambdatop', bundles.lambdatop),
    'powertools, bundled': () => measure('powertools', bundles.powertools),
  };
  const results = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  // Interleaved, so a burst of load elsewhere on the machine hits all alike.
  for (let run = 0; run < RUNS; run += 1) {
    for (const [name, run] of Object.entries(variants)) results[name].push(run());
  }
  const summary = Object.fromEntries(
    Object.entries(results).map(([name, runs]) => [
      name,
      {
        importMs: median(runs.map((run) => run.importMs)),
        coldPathMs: median(runs.map((run) => run.coldPathMs)),
        loaded: runs[0].loaded,
      },
    ]),
  );
  process.stdout.write(
    `each package as published (resolved through its exports); fresh processes, median of ${RUNS} each, interleaved\n`,
  );
  process.stdout.write(`${''.padEnd(21)}${'import'.padStart(9)}  ${'import + wrap + first invocation'.padStart(34)}\n`);
  for (const [name, { importMs, coldPathMs, loaded }] of Object.entries(summary)) {
    const libraries = name.includes('bundled')
      ? ''
      : `   loaded of ${HEAVY.join(', ')}: ${loaded.join(', ') || 'none'}`;
    process.stdout.write(
      `${name.padEnd(21)}${importMs.toFixed(1).padStart(6)} ms  ${coldPathMs.toFixed(1).padStart(31)} ms${libraries}\n`,
    );
  }
  const ratio = (ours, theirs, key) => (summary[ours][key] / summary[theirs][key]).toFixed(3);
  process.stdout.write(
    `\nimport ratio lambdatop / Powertools metrics+logger: ${ratio('lambdatop', 'powertools', 'importMs')} (target ≤ 0.5); pino alone: ${ratio('pino alone', 'powertools', 'importMs')}\n`,
  );
  process.stdout.write(
    `  esbuild bundles of each: ${ratio('lambdatop, bundled', 'powertools, bundled', 'importMs')}\n`,
  );
  process.stdout.write(
    `cold path ratio (import + wrap + first invocation): ${ratio('lambdatop', 'powertools', 'coldPathMs')}; bundled: ${ratio('lambdatop, bundled', 'powertools, bundled', 'coldPathMs')}\n`,
  );
}
