import { buildSync } from 'esbuild';

/**
 * Bundles `entry` into one ESM file for Node 20, the way most functions are deployed. CommonJS inside (pino,
 * aws-embedded-metrics) calls require() for Node built-ins, so the bundle gets a real require.
 */
export function buildNodeBundle(entry, outfile) {
  buildSync({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    outfile,
    logLevel: 'warning',
  });
}
