#!/usr/bin/env node
// Builds the SDK's runtime: one ESM file per entry point in `exports`, with pino bundled in. `tsc -b` only
// type-checks and writes the .d.ts files. Node 20 pays 0.5–0.9 ms per ESM module it loads, so a cold start
// importing ~25 small files costs more than parsing one file holding them all.
// `--if-stale`: build only when a source is newer than the bundles (the SDK's tests call it that way).
import { mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const dist = join(root, 'dist');

/** Entry point → source; each one of `exports` in package.json. */
const ENTRIES = { index: 'index.ts', catalog: 'catalog.ts', middy: 'middy/index.ts' };

// Never bundled: aws-embedded-metrics is imported only outside Lambda (the agent sink), and @opentelemetry/api is a
// peer dependency, imported only once a tracer provider is registered, whose copy is the application's.
const EXTERNAL = ['@opentelemetry/api', 'aws-embedded-metrics', 'aws-embedded-metrics/*'];

// pino is CommonJS and requires Node built-ins, which an ESM bundle cannot `require`. Rather than a banner that
// declares a top-level `require` (which collides with the same banner in a function's own esbuild build), each
// built-in a CommonJS module requires becomes process.getBuiltinModule() (Node >= 20.16).
const BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const requiredBuiltins = {
  name: 'required-builtins',
  setup(builder) {
    builder.onResolve({ filter: /^[a-z:_/]+$/ }, (args) =>
      args.kind === 'require-call' && BUILTINS.has(args.path) ? { path: args.path, namespace: 'builtin' } : undefined,
    );
    builder.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => ({
      loader: 'js',
      contents: `module.exports = process.getBuiltinModule(${JSON.stringify(args.path)});`,
    }));
  },
};

// pino's transports (thread-stream, worker threads) and its own destination (sonic-boom) are loaded by pino at
// startup but never used: the SDK hands pino a synchronous writer. Bundled as stand-ins that fail loudly if ever
// constructed, they take ~1.5 ms off every cold start.
const UNUSED_BY_PINO = /^(sonic-boom|thread-stream)$/;
const PINO_TOOLS = /[/\\]pino[/\\]lib[/\\]tools\.js$/;
const pinoWithoutTransports = {
  name: 'pino-without-transports',
  setup(builder) {
    builder.onResolve({ filter: UNUSED_BY_PINO }, (args) => ({ path: args.path, namespace: 'unused' }));
    builder.onResolve({ filter: /^(node:)?worker_threads$/ }, (args) =>
      PINO_TOOLS.test(args.importer) ? { path: 'worker_threads', namespace: 'unused' } : undefined,
    );
    builder.onLoad({ filter: /.*/, namespace: 'unused' }, (args) => ({
      loader: 'js',
      contents:
        args.path === 'worker_threads'
          ? // Read only by pino's sonic-boom setup, which never runs.
            'module.exports = { isMainThread: true };'
          : `module.exports = class { constructor() { throw new Error(${JSON.stringify(`${args.path} is left out of @lambdatop/sdk's bundled pino: the SDK writes through its own synchronous writer`)}); } };`,
    }));
  },
};

const common = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  // Whitespace only: names stay readable in stack traces, and V8 has less text to pre-parse on import.
  minifyWhitespace: true,
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  write: false,
};

function newestSourceMs(directory) {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceMs(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function isStale() {
  const sourceMs = Math.max(newestSourceMs(src), statSync(fileURLToPath(import.meta.url)).mtimeMs);
  return Object.keys(ENTRIES).some((name) => {
    try {
      return statSync(join(dist, `${name}.js`)).mtimeMs < sourceMs;
    } catch {
      return true;
    }
  });
}

/** Each file lands whole (write, then rename), so a test process importing the bundle never reads half of one. */
function writeAtomically(outputFiles) {
  for (const { path, contents } of outputFiles) {
    mkdirSync(dirname(path), { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, contents);
    renameSync(temporary, path);
  }
}

if (!process.argv.includes('--if-stale') || isStale()) {
  const results = await Promise.all([
    build({
      ...common,
      entryPoints: [join(src, ENTRIES.index)],
      outfile: join(dist, 'index.js'),
      plugins: [pinoWithoutTransports, requiredBuiltins],
    }),
    // The middy middleware carries its own copy of the runtime, so `@lambdatop/sdk` does not grow by it; the copies
    // share the invocation store through a global (src/invocation/runtime.ts).
    build({
      ...common,
      entryPoints: [join(src, ENTRIES.middy)],
      outfile: join(dist, 'middy.js'),
      plugins: [pinoWithoutTransports, requiredBuiltins],
    }),
    // The catalog imports nothing, so the CLI and dashboards load it without the runtime.
    build({ ...common, entryPoints: [join(src, ENTRIES.catalog)], outfile: join(dist, 'catalog.js') }),
  ]);
  for (const result of results) writeAtomically(result.outputFiles);
}
