import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const BUNDLE_SCRIPT = fileURLToPath(new URL('../../scripts/bundle-runtime.mjs', import.meta.url));

/**
 * Child-process tests run the SDK as published (dist/index.js, an esbuild bundle). `tsc -b` alone does not
 * rebuild it, so a source newer than the bundle triggers the bundle step here rather than testing stale code.
 */
export function ensureBuiltSdk(): void {
  const result = spawnSync(process.execPath, [BUNDLE_SCRIPT, '--if-stale'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`building the SDK runtime failed: ${result.stderr}`);
}

/** Bundles a fixture that imports SDK internals from src/ into one runnable ESM file; returns its path. */
export function bundleFixture(fixture: string): string {
  const directory = join(tmpdir(), `lambdatop-sdk-fixtures-${process.pid}`);
  mkdirSync(directory, { recursive: true });
  const outfile = join(directory, basename(fixture).replace(/\.[cm]?[jt]s$/, '.mjs'));
  buildSync({ entryPoints: [fixture], bundle: true, format: 'esm', platform: 'node', outfile, logLevel: 'error' });
  return outfile;
}
