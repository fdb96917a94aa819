import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBin } from '../../../../test/support/run-bin.js';

let work = '';

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'lambdatop-commands-'));
});

describe('the dashboard commands, before any screen: one line for every mistake', () => {
  it.each([
    [['replay'], 2, 'lambdatop: give the log files to replay: lambdatop replay FILE...\n'],
    [
      ['replay', '-'],
      2,
      'lambdatop: replay reads files, not stdin (the keyboard needs it); save the pipe to a file first\n',
    ],
    [
      ['replay', 'x.log', '--speed', 'fast'],
      2,
      'lambdatop: --speed "fast" is not a positive number or max; for example --speed 10\n',
    ],
    [
      ['replay', 'x.log', '--window', '10s'],
      2,
      'lambdatop: --window "10s" is not a duration from 1m to 24h, e.g. --window 15m\n',
    ],
    [['demo', '--duration', 'soon'], 2, 'lambdatop: --duration "soon" is not a duration like 30s or 5m\n'],
    [
      ['watch'],
      2,
      'lambdatop: name the functions to watch: lambdatop watch --function NAME (repeatable); without AWS, try `lambdatop demo`\n',
    ],
    [['local'], 2, 'lambdatop: give the handler file, e.g. lambdatop local ./handler.js\n'],
    [
      ['local', 'handler.js', '--rate', 'lots'],
      2,
      "lambdatop: --rate: expected a rate like 20/s, 300/min or 0.5/s, got 'lots'\n",
    ],
  ] as const)('%j', async (args, code, stderr) => {
    const result = await runBin(args);
    expect(result).toEqual({ code, stdout: '', stderr });
  });

  it('names the missing file or workload', async () => {
    const missing = await runBin(['local', join(work, 'nope.js'), '--report']);
    expect(missing).toEqual({
      code: 1,
      stdout: '',
      stderr: `lambdatop: handler file not found: ${join(work, 'nope.js')}\n`,
    });
    const workload = await runBin(['demo', '--workload', join(work, 'nope.mjs')]);
    expect(workload).toEqual({
      code: 1,
      stdout: '',
      stderr: `lambdatop: the workload file ${join(work, 'nope.mjs')} does not exist\n`,
    });
    const file = await runBin(['replay', join(work, 'nope.log')]);
    expect(file).toEqual({
      code: 1,
      stdout: '',
      stderr: `lambdatop: cannot read ${join(work, 'nope.log')}: no such file\n`,
    });
    const demo = await runBin(['demo']);
    expect(demo.stderr).toBe(
      'lambdatop: the dashboard needs a terminal (stdin and stdout); the demo has nothing to show without one\n',
    );
  });

  it('`local --report` needs no terminal: the report on stdout, the run summary on stderr', async () => {
    const handler = join(work, 'hello.mjs');
    writeFileSync(handler, "export const handler = async () => ({ statusCode: 200, body: 'hello' });\n");
    const result = await runBin([
      'local',
      handler,
      '--rate',
      '20/s',
      '--duration',
      '1s',
      '--memory',
      '256',
      '--report',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^lambdatop report — 1 function, \d+ invocations/);
    expect(result.stdout).toMatch(/\n {2}hello +\d+ +0 +0 +0 /);
    expect(result.stderr).toMatch(/^lambdatop local: hello: \d+ invocations in \d+\.\d s, \d+ ok, 0 errors/);
  });
});
