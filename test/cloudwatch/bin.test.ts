import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { seedFunction } from '../../packages/cli/test/aws/support/local-cloudwatch.js';
import { type LocalAws, startLocalAws } from '../support/aws-local/index.js';
import { fakeUserEnv, LAMBDATOP_BIN, type ProcessRun, runBin, runProcess, startBin } from '../support/run-bin.js';

const AWS_CLI = '/usr/bin/aws';
const HOUR = 3_600_000;

let aws: LocalAws | undefined;
let home = '';
const children: ChildProcess[] = [];

beforeAll(() => {
  if (!existsSync(LAMBDATOP_BIN)) throw new Error(`${LAMBDATOP_BIN} is missing: build first with \`npx tsc -b\``);
  home = mkdtempSync(join(tmpdir(), 'lambdatop-home-'));
});
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await aws?.close();
  aws = undefined;
});

/** No AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED either, so that silencing the SDK is lambdatop's own doing. */
function userEnv(): NodeJS.ProcessEnv {
  return fakeUserEnv(home, { AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-east-1' });
}

const track = (child: ChildProcess): void => {
  children.push(child);
};

const lambdatop = (args: readonly string[], stdin?: string): Promise<ProcessRun> =>
  runBin(args, { env: userEnv(), stdin: stdin ?? '', onSpawn: track });

interface FunctionFigures {
  name: string;
  invocations: number;
  errors: number;
  timeouts: number;
  outOfMemory: number;
  coldStarts: number;
  durationMs: unknown;
  billedDurationMs: unknown;
  initDurationMs: unknown;
  environments: unknown;
  slowest: { requestId: string }[];
}

function figures(stdout: string): (Omit<FunctionFigures, 'slowest'> & { slowest: string[] })[] {
  const report = JSON.parse(stdout) as { functions: FunctionFigures[] };
  return report.functions.map((fn) => ({
    name: fn.name,
    invocations: fn.invocations,
    errors: fn.errors,
    timeouts: fn.timeouts,
    outOfMemory: fn.outOfMemory,
    coldStarts: fn.coldStarts,
    durationMs: fn.durationMs,
    billedDurationMs: fn.billedDurationMs,
    initDurationMs: fn.initDurationMs,
    environments: fn.environments,
    slowest: fn.slowest.map((invocation) => invocation.requestId),
  }));
}

async function seeded(): Promise<LocalAws> {
  const server = await startLocalAws({ filterLogEvents: { maxEventsPerPage: 100 } });
  aws = server;
  const now = Date.now();
  seedFunction(server, {
    functionName: 'orders',
    startMs: now - HOUR / 2,
    invocations: 90,
    spacingMs: 1000,
    environments: 4,
    errorEvery: 8,
    timeoutEvery: 29,
    outOfMemoryEvery: 41,
    emf: true,
  });
  seedFunction(server, { functionName: 'thumbs', startMs: now - HOUR / 4, invocations: 40, spacingMs: 1500, seed: 5 });
  return server;
}

describe('lambdatop against CloudWatch through the real bin, fake credentials, an endpoint URL', () => {
  test('report --function: the figures, and nothing from the SDK on stderr', async () => {
    const server = await seeded();
    const result = await lambdatop([
      'report',
      '--endpoint-url',
      server.endpoint,
      '--function',
      'orders',
      '--function',
      'thumbs',
      '--since',
      '1h',
      '--format',
      'json',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [orders, thumbs] = figures(result.stdout);
    expect(orders).toMatchObject({ name: 'orders', invocations: 90, timeouts: 3, outOfMemory: 2, coldStarts: 4 });
    expect(thumbs).toMatchObject({ name: 'thumbs', invocations: 40, errors: 0 });
    const table = await lambdatop(['report', '--endpoint-url', server.endpoint, '--function', 'orders']);
    expect(table.stderr).toBe('');
    expect(table.stdout).toContain('Configuration');
    expect(table.stdout).toMatch(/orders\s+90\s/);
  });

  test('tail --format json piped into report - gives the figures report --function gives', async () => {
    const server = await seeded();
    const common = ['--endpoint-url', server.endpoint, '--function', 'orders', '--function', 'thumbs', '--since', '1h'];
    const tailed = await lambdatop(['tail', ...common, '--format', 'json']);
    expect(tailed.stderr).toBe('');
    const piped = await lambdatop(['report', '-', '--format', 'json'], tailed.stdout);
    const direct = await lambdatop(['report', ...common, '--format', 'json']);
    expect(figures(piped.stdout)).toEqual(figures(direct.stdout));
    // The raw format is `aws logs tail`'s: report reads it back too (one function, named by --function).
    const raw = await lambdatop(['tail', ...common.slice(0, 4), '--since', '1h']);
    expect(raw.stdout.split('\n')[0]).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}000\+00:00 2\S+ START RequestId: /,
    );
    const fromRaw = await lambdatop(['report', '-', '--function', 'orders', '--format', 'json'], raw.stdout);
    expect(figures(fromRaw.stdout)).toEqual(figures(direct.stdout).filter((fn) => fn.name === 'orders'));
  });

  test('the AWS CLI as a peer: `aws logs tail` piped into report - counts what report --function counts', async () => {
    const server = await seeded();
    const cli = await runProcess(
      AWS_CLI,
      [
        'logs',
        'tail',
        '/aws/lambda/orders',
        '--since',
        '1h',
        '--format',
        'detailed',
        '--endpoint-url',
        server.endpoint,
      ],
      { env: userEnv(), onSpawn: track },
    );
    expect(cli.code).toBe(0);
    const piped = await lambdatop(['report', '-', '--function', 'orders', '--format', 'json'], cli.stdout);
    const direct = await lambdatop([
      'report',
      '--endpoint-url',
      server.endpoint,
      '--function',
      'orders',
      '--since',
      '1h',
      '--format',
      'json',
    ]);
    expect(figures(piped.stdout)).toEqual(figures(direct.stdout));
    expect(figures(direct.stdout)[0]?.invocations).toBe(90);
  });

  test('tail --live follows until Ctrl-C: every new event once, a clean exit, a quiet stderr', async () => {
    const server = await seeded();
    const live = startBin(
      ['tail', '--endpoint-url', server.endpoint, '--function', 'orders', '--live', '--format', 'json'],
      { env: userEnv(), onSpawn: track },
    );
    const waitFor = async (condition: () => boolean, what: string): Promise<void> => {
      const deadline = Date.now() + 20_000;
      while (!condition()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; stderr: ${live.stderr()}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    await waitFor(() => server.logs.liveTailSessions() === 1, 'the Live Tail session');
    const stream = '2026/01/01/[$LATEST]feedfacefeedfacefeedfacefeedface';
    for (let index = 0; index < 12; index += 1) {
      server.logs.putLogEvents('/aws/lambda/orders', stream, [{ timestamp: Date.now(), message: `live ${index}` }]);
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    await waitFor(
      () =>
        live
          .stdout()
          .split('\n')
          .filter((line) => line.includes('"live ')).length >= 12,
      'the events',
    );
    await new Promise((resolve) => setTimeout(resolve, 400));
    live.child.kill('SIGINT');
    const { code, stdout, stderr } = await live.exited;
    expect(code).toBe(0);
    const messages = stdout
      .trimEnd()
      .split('\n')
      .map((line) => (JSON.parse(line) as { message: string }).message);
    expect(messages.filter((message) => message.startsWith('live '))).toEqual(
      Array.from({ length: 12 }, (_, index) => `live ${index}`),
    );
    expect(stderr).toBe('');
    await waitFor(() => server.logs.liveTailSessions() === 0, 'the session to close');
  });

  test('one-line errors: no Region, an unreachable endpoint, a bad flag', async () => {
    const noRegion = await runBin(['report', '--function', 'orders'], { env: fakeUserEnv(home) });
    expect(noRegion).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'lambdatop: no AWS Region: pass --region, set AWS_REGION, or set region in the default profile of ~/.aws/config\n',
    });
    const unreachable = await lambdatop([
      'tail',
      '--function',
      'orders',
      '--endpoint-url',
      'http://127.0.0.1:9',
      '--max-requests-per-second',
      '50',
    ]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/^lambdatop: warning: orders: cannot read the function configuration \(.*\n/);
    expect(unreachable.stderr.trimEnd().split('\n').at(-1)).toMatch(
      /^lambdatop: cannot read log group \/aws\/lambda\/orders: .*ECONNREFUSED.*; check the network, the Region and --endpoint-url$/,
    );
    const badFlag = await lambdatop(['report', '--function', 'orders', '--max-requests-per-second', 'lots']);
    expect(badFlag).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'lambdatop: --max-requests-per-second "lots" is not a positive number; for example --max-requests-per-second 2\n',
    });
  });
});
