#!/usr/bin/env node
// Builds the `lambdatop` bin as an esbuild bundle: dist/bin.js, plus one chunk per lazily imported command and the
// code commands share. `tsc -b` type-checks, writes the library (dist/index.js and its modules, which the bundle does
// not replace) and the two worker entry points the bundle starts by path. Node 20 pays 0.5–0.9 ms per ESM module it
// loads, and `report` alone reached ~90 modules: a handful of chunks load in a fraction of that.
// `--if-stale`: build only when a source is newer than the bundle (tests that run the bin call it that way).
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const dist = join(root, 'dist');
const entry = join(dist, 'bin.js');
/** What esbuild names chunks (`chunk-…` for shared code, `report-command-…` for a command's): how old ones are found. */
const CHUNK_NAME = /^[a-z-]+-[A-Z0-9]{8}\.js(\.map)?$/;
/** Chunks of an earlier build stay this long, for a process that started on it and still imports a command. */
const OLD_CHUNK_GRACE_MS = 10 * 60_000;

// Every module keeps the `import.meta.url` it has in tsc's output (dist/<path>.js): paths found from it (the
// workers, package.json, the demo workload) resolve as they do unbundled. Chunks sit in dist/ itself, so the
// rewritten URL is relative to the chunk that holds the code.
const moduleUrls = {
  name: 'module-urls',
  setup(builder) {
    builder.onLoad({ filter: /\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const compiled = relative(src, args.path).replace(/\.ts$/, '.js').split('\\').join('/');
      return {
        loader: 'ts',
        contents: source.replaceAll(
          'import.meta.url',
          `new URL(${JSON.stringify(`./${compiled}`)}, import.meta.url).href`,
        ),
      };
    });
  },
};

function newestSourceMs(directory) {
  let newest = 0;
  for (const item of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, item.name);
    newest = Math.max(newest, item.isDirectory() ? newestSourceMs(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function isStale() {
  // tsc's own bin.js (after a change to bin.ts) imports ./cli.js: not the bundle.
  if (!existsSync(entry) || readFileSync(entry, 'utf8').includes('./cli.js')) return true;
  const sourceMs = Math.max(newestSourceMs(src), statSync(fileURLToPath(import.meta.url)).mtimeMs);
  return statSync(entry).mtimeMs < sourceMs;
}

/** Each file lands whole (write, then rename); the entry last, so it never imports a chunk not yet written. */
function writeAtomically(outputFiles) {
  const ordered = [...outputFiles].sort((left, right) => Number(left.path === entry) - Number(right.path === entry));
  for (const { path, contents } of ordered) {
    mkdirSync(dirname(path), { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, contents);
    renameSync(temporary, path);
  }
}

/** Chunks no longer referenced, once old enough that no running bin can still want them. */
function removeOldChunks(outputFiles) {
  const current = new Set(outputFiles.map((file) => basename(file.path)));
  const now = Date.now();
  for (const name of readdirSync(dist)) {
    if (!CHUNK_NAME.test(name) || current.has(name)) continue;
    const path = join(dist, name);
    if (now - statSync(path).mtimeMs > OLD_CHUNK_GRACE_MS) unlinkSync(path);
  }
}

if (!process.argv.includes('--if-stale') || isStale()) {
  const result = await build({
    absWorkingDir: root,
    entryPoints: { bin: join(src, 'bin.ts') },
    outdir: dist,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Dependencies load from node_modules as they are: blessed cannot be bundled, the AWS SDK is imported only when
    // CloudWatch is read, and the rest are only in the commands that use them.
    packages: 'external',
    chunkNames: '[name]-[hash]',
    plugins: [moduleUrls],
    // Whitespace only: names stay readable in stack traces, and V8 has less text to pre-parse.
    minifyWhitespace: true,
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
    write: false,
  });
  writeAtomically(result.outputFiles);
  removeOldChunks(result.outputFiles);
}
