import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAMBDATOP_BIN, runBin, runProcess } from '../../../../test/support/run-bin.js';
import { COMMANDS } from '../../src/commands/registry.js';

const PACKAGE = join(import.meta.dirname, '..', '..');
const FIXTURES = join(PACKAGE, 'test', 'fixtures');

let work = '';

beforeAll(() => {
  // The bin is an esbuild bundle of the sources: rebuilt here when a source is newer (after a bare `tsc -b`).
  execFileSync(process.execPath, [join(PACKAGE, 'scripts', 'bundle-bin.mjs'), '--if-stale']);
  if (!existsSync(LAMBDATOP_BIN)) throw new Error(`${LAMBDATOP_BIN} is missing: build first with \`npm run build\``);
  work = mkdtempSync(join(tmpdir(), 'lambdatop-bin-'));
});

describe('the bin as shipped', () => {
  it('is the bundle, and loads only the command it runs: report on a file reads no AWS, terminal or sketch code', async () => {
    const log = join(work, 'imports.log');
    const hook = pathToFileURL(join(import.meta.dirname, 'support', 'record-imports.mjs')).href;
    const register = `data:text/javascript,import{register}from'node:module';register(${JSON.stringify(hook)});`;
    const result = await runBin(['report', join(FIXTURES, 'reference-samples.log'), '--format', 'json'], {
      nodeArgs: ['--import', register],
      env: { ...process.env, LAMBDATOP_IMPORT_LOG: log },
    });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const loaded = [...new Set(readFileSync(log, 'utf8').trim().split('\n'))];
    const ours = loaded.filter((url) => url.includes('/packages/cli/'));
    // Chunks and the entry, all in dist/ itself: no module of tsc's tree under dist/core, dist/sources…
    expect(ours.every((url) => /\/packages\/cli\/dist\/[^/]+\.js$/.test(url))).toBe(true);
    expect(
      ours.filter((url) => /-command-[A-Z0-9]+\.js$/.test(url)).map((url) => url.replace(/.*\/|-[A-Z0-9]+\.js$/g, '')),
    ).toEqual(['report-command']);
    expect(ours.length).toBeLessThan(20);
    expect(loaded.filter((url) => /blessed|@aws-sdk|@datadog/.test(url))).toEqual([]);
  });
});

describe('lambdatop report through the real bin', () => {
  it('reports a file as a table by default, and as JSON and markdown on request', async () => {
    const table = await runBin(['report', join(FIXTURES, 'reference-samples.log')]);
    expect(table).toMatchObject({ code: 0, stderr: '' });
    expect(table.stdout).toContain('reference-samples — 1,024 MB');
    expect(table.stdout).toContain('list prices, us-east-1, before free tier');
    const json = await runBin(['report', join(FIXTURES, 'reference-samples.log'), '--format', 'json']);
    expect(json.code).toBe(0);
    // The golden was made in-process from the bare file name; the bin names the path it was given.
    const golden = JSON.parse(readFileSync(join(FIXTURES, 'reference-samples.json'), 'utf8'));
    golden.input.inputs = [join(FIXTURES, 'reference-samples.log')];
    expect(JSON.parse(json.stdout)).toEqual(golden);
    const markdown = await runBin(['report', '--format=markdown', join(FIXTURES, 'reference-samples.log')]);
    expect(markdown.stdout).toBe(
      readFileSync(join(FIXTURES, 'reference-samples.md'), 'utf8').replace(
        '**Input**: reference-samples.log',
        `**Input**: ${join(FIXTURES, 'reference-samples.log')}`,
      ),
    );
  });

  it('reads gzip by its magic bytes whatever the file is called, and stdin through -', async () => {
    const gz = join(work, 'orders.log');
    writeFileSync(gz, gzipSync(readFileSync(join(FIXTURES, 'tail-two-functions.log'))));
    const zipped = await runBin(['report', gz, '--format', 'json']);
    expect(zipped.code).toBe(0);
    const fromPipe = await runBin(['report', '-', '--format', 'json'], {
      stdin: readFileSync(join(FIXTURES, 'tail-two-functions.log')),
    });
    expect(fromPipe.code).toBe(0);
    const zippedReport = JSON.parse(zipped.stdout) as { functions: { name: string; invocations: number }[] };
    const pipedReport = JSON.parse(fromPipe.stdout) as {
      functions: { name: string; invocations: number }[];
      input: { inputs: string[] };
    };
    expect(zippedReport.functions.map((fn) => [fn.name, fn.invocations])).toEqual([
      ['orders', 200],
      ['thumbs', 90],
    ]);
    expect(pipedReport.functions).toEqual(zippedReport.functions.map((fn) => ({ ...fn })));
    expect(pipedReport.input.inputs).toEqual(['stdin']);
  });

  it('names raw lines from --function, filters by it, applies --arch, price flags and --since/--until', async () => {
    const raw = join(FIXTURES, 'reference-samples.log');
    const named = JSON.parse((await runBin(['report', raw, '--function', 'checkout', '--format', 'json'])).stdout) as {
      functions: { name: string; arch: string; archSource: string; cost: { totalUSD: number } }[];
    };
    expect(named.functions.map((fn) => fn.name)).toEqual(['checkout']);
    const arm = JSON.parse(
      (
        await runBin([
          'report',
          raw,
          '--function',
          'checkout',
          '--arch',
          'arm64',
          '--price-per-request',
          '0',
          '--format',
          'json',
        ])
      ).stdout,
    ) as typeof named & { pricing: { overridden: boolean; perRequestUSD: number } };
    expect(arm.functions[0]).toMatchObject({ arch: 'arm64', archSource: 'flag' });
    expect(arm.functions[0]?.cost.totalUSD).toBeLessThan(named.functions[0]?.cost.totalUSD ?? 0);
    expect(arm.pricing).toMatchObject({ overridden: true, perRequestUSD: 0 });
    const filtered = JSON.parse(
      (
        await runBin([
          'report',
          join(FIXTURES, 'tail-two-functions.log'),
          '--function',
          'thumbs',
          '--function',
          'nope',
          '--format',
          'json',
        ])
      ).stdout,
    ) as { functions: { name: string }[]; warnings: string[] };
    expect(filtered.functions.map((fn) => fn.name)).toEqual(['thumbs']);
    expect(filtered.warnings).toContain('No invocations of nope in the input (it holds orders, thumbs).');
    const windowed = JSON.parse(
      (
        await runBin([
          'report',
          join(FIXTURES, 'tail-two-functions.log'),
          '--since',
          '2026-07-22T03:02:00Z',
          '--until',
          '2026-07-22T03:04:00Z',
          '--format',
          'json',
        ])
      ).stdout,
    ) as { functions: { invocations: number }[]; input: { outsideWindowEvents: number }; window: { since: string } };
    expect(windowed.window.since).toBe('2026-07-22T03:02:00.000Z');
    expect(windowed.input.outsideWindowEvents).toBeGreaterThan(0);
    expect(windowed.functions.reduce((total, fn) => total + fn.invocations, 0)).toBeLessThan(290);
    const undated = JSON.parse((await runBin(['report', raw, '--since', '1h', '--format', 'json'])).stdout) as {
      warnings: string[];
    };
    expect(undated.warnings).toContain(
      '23 events carry no timestamp (raw lines), so --since/--until could not apply to them; they are included.',
    );
  });

  it.each([
    [['report', '--bogus'], 'unknown flag --bogus for `lambdatop report`; see `lambdatop report --help`'],
    [['report', '--format', 'xml', 'x.log'], '--format "xml" is not one of table, json, markdown'],
    [['report', 'x.log', '--format'], '--format needs a value (--format FORMAT); see `lambdatop report --help`'],
    [['report', 'x.log', '--arch', 'sparc'], '--arch "sparc" is not one of x86_64, arm64'],
    [
      ['report', 'x.log', '--price-per-gb-second', 'cheap'],
      '--price-per-gb-second "cheap" is not a non-negative number; for example --price-per-gb-second 0.0000166667',
    ],
    [
      ['report', 'x.log', '--since', 'yesterday'],
      '--since "yesterday" is not a time; use a relative age (30m, 2h, 3d) or an ISO 8601 time (2024-05-20T16:00:00Z)',
    ],
    [['report', 'x.log', '--since', '1h', '--until', '2h'], '--since is later than --until; swap them'],
    [
      ['frobnicate'],
      `unknown command "frobnicate"; the commands are ${COMMANDS.map((command) => command.name).join(', ')}`,
    ],
  ])('rejects %j with one line and exit 2', async (args, message) => {
    const result = await runBin(args);
    expect(result).toEqual({ code: 2, stdout: '', stderr: `lambdatop: ${message}\n` });
  });

  it('says which input it cannot read, in one line, exit 1', async () => {
    const missing = await runBin(['report', join(work, 'nope.log')]);
    expect(missing).toEqual({
      code: 1,
      stdout: '',
      stderr: `lambdatop: cannot read ${join(work, 'nope.log')}: no such file\n`,
    });
    const directory = await runBin(['report', work]);
    expect(directory).toMatchObject({ code: 1, stderr: `lambdatop: cannot read ${work}: is a directory\n` });
    const corrupt = join(work, 'corrupt.gz');
    writeFileSync(
      corrupt,
      Buffer.concat([
        gzipSync(Buffer.from('START RequestId: a Version: 1\n'.repeat(1000))).subarray(0, 40),
        Buffer.from('garbage'),
      ]),
    );
    const broken = await runBin(['report', corrupt]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^lambdatop: cannot read .*corrupt\.gz: [^\n]+\n$/);
  });

  it('prints help and the version, exit 0', async () => {
    const help = await runBin(['report', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: lambdatop report [FILE...|-] [options]');
    expect(help.stdout).toContain('--price-per-gb-second USD');
    const top = await runBin([]);
    expect(top.stdout).toMatch(/\n {2}report +Duration, memory/);
    const version = await runBin(['--version']);
    expect(version.stdout).toBe(`${JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8')).version}\n`);
  });

  it('exits quietly when the reader closes the pipe early', async () => {
    const { stderr, code } = await runProcess('sh', [
      '-c',
      `"${process.execPath}" "${LAMBDATOP_BIN}" report "${join(FIXTURES, 'tail-two-functions.log')}" | head -1`,
    ]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });
});
