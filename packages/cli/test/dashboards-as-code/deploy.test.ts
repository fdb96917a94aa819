import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { type LocalAws, startLocalAws } from '../../../../test/support/aws-local/index.js';
import { fakeUserEnv, LAMBDATOP_BIN, type ProcessRun, runBin } from '../../../../test/support/run-bin.js';
import { DashboardRejectedError, putDashboard } from '../../src/dashboards/put-dashboard.js';
import { createLocalSession } from '../aws/support/aws-session.js';

/**
 * `lambdatop dashboard --deploy` through the real bin in a child process, against the local server's CloudWatch
 * (PutDashboard validates bodies as the service documents it), with fake keys and an empty HOME.
 */

const ACCOUNT = '123456789012';
const FUNCTION_ARGS = ['--function', 'orders', '--function', 'payments', '--api', 'orders-api', '--namespace', 'Shop'];

let aws: LocalAws | undefined;
let proxy: Server | undefined;
let home = '';
const children: ChildProcess[] = [];

beforeAll(() => {
  if (!existsSync(LAMBDATOP_BIN)) throw new Error(`${LAMBDATOP_BIN} is missing: build first with \`npx tsc -b\``);
  home = mkdtempSync(join(tmpdir(), 'lambdatop-home-'));
});
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await new Promise<void>((resolve) => (proxy === undefined ? resolve() : proxy.close(() => resolve())));
  proxy = undefined;
  await aws?.close();
  aws = undefined;
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** The real bin with fake keys, an empty HOME and no Region unless `env` gives one. */
function lambdatop(args: readonly string[], env: Record<string, string> = {}): Promise<ProcessRun> {
  return runBin(args, { env: fakeUserEnv(home, env), onSpawn: (child) => children.push(child) });
}

/** A proxy to the local server that makes the first widget 30 columns wide in every PutDashboard it forwards. */
async function startWideningProxy(target: string): Promise<string> {
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      let body = Buffer.concat(chunks);
      if (String(incoming.headers['x-amz-target']).endsWith('.PutDashboard')) {
        const input = JSON.parse(body.toString()) as { DashboardBody: string };
        const dashboard = JSON.parse(input.DashboardBody) as { widgets: { width: number }[] };
        (dashboard.widgets[0] as { width: number }).width = 30;
        body = Buffer.from(JSON.stringify({ ...input, DashboardBody: JSON.stringify(dashboard) }));
      }
      const forwarded = request(
        `${target}${incoming.url ?? '/'}`,
        { method: incoming.method, headers: { ...incoming.headers, 'content-length': String(body.length) } },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 500, answer.headers);
          answer.pipe(outgoing);
        },
      );
      forwarded.end(body);
    });
  });
  proxy = server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('lambdatop dashboard', () => {
  test('--deploy stores exactly the body it prints, with PutDashboard only, which iam-policy --dashboard allows', async () => {
    aws = await startLocalAws({ accountId: ACCOUNT });
    const server = aws;
    const printed = await lambdatop([...FUNCTION_ARGS, '--region', 'eu-west-1'].toSpliced(0, 0, 'dashboard'));
    expect(printed).toMatchObject({ code: 0, stderr: '' });
    const deployed = await lambdatop([
      'dashboard',
      ...FUNCTION_ARGS,
      '--region',
      'eu-west-1',
      '--endpoint-url',
      server.endpoint,
      '--deploy',
      'orders-oncall',
    ]);
    const widgets = (JSON.parse(printed.stdout) as { widgets: unknown[] }).widgets.length;
    expect(deployed).toEqual({
      code: 0,
      stdout: `deployed dashboard orders-oncall (${widgets} widgets) in eu-west-1: https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards/dashboard/orders-oncall\n`,
      stderr: '',
    });
    const stored = server.cloudwatch.getDashboard('orders-oncall');
    expect(JSON.parse(stored?.dashboardBody ?? 'null')).toEqual(JSON.parse(printed.stdout));

    const called = server.requests.entries().map((entry) => `${entry.service}:${entry.operation}`);
    expect(called).toEqual(['cloudwatch:PutDashboard']);
    const policy = await lambdatop([
      'iam-policy',
      '--dashboard',
      '--dashboard-name',
      'orders-oncall',
      '--account',
      ACCOUNT,
    ]);
    const [statement] = (JSON.parse(policy.stdout) as { Statement: { Action: string[]; Resource: string[] }[] })
      .Statement;
    expect(statement?.Action).toEqual(called);
    expect(statement?.Resource).toEqual([stored?.dashboardArn]);
  });

  test('--deploy replaces a dashboard and rides out 5xx answers through the retries', async () => {
    aws = await startLocalAws({ accountId: ACCOUNT });
    const server = aws;
    const base = ['dashboard', '--region', 'us-east-1', '--endpoint-url', server.endpoint, '--deploy', 'team'];
    expect((await lambdatop([...base, '--function', 'orders'])).code).toBe(0);
    server.faults.add({ fault: { kind: 'server-error', httpStatus: 503 }, service: 'cloudwatch', times: 2 });
    const again = await lambdatop([...base, '--function', 'thumbs']);
    expect(again).toMatchObject({ code: 0, stderr: '' });
    expect(server.cloudwatch.dashboards()).toHaveLength(1);
    expect(server.cloudwatch.getDashboard('team')?.dashboardBody).toContain('"thumbs"');
    expect(server.requests.entries({ operation: 'PutDashboard' }).map((entry) => entry.outcome.kind)).toEqual([
      'ok',
      'error',
      'error',
      'ok',
    ]);
  });

  test('a refused deploy prints the service’s validation messages, then one line, exit 1', async () => {
    aws = await startLocalAws({ accountId: ACCOUNT });
    const endpoint = await startWideningProxy(aws.endpoint);
    const run = await lambdatop([
      'dashboard',
      '--function',
      'orders',
      '--region',
      'us-east-1',
      '--endpoint-url',
      endpoint,
      '--deploy',
      'orders',
    ]);
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: [
        'lambdatop: PutDashboard: /widgets/0/width: Should be <= 24',
        'lambdatop: PutDashboard refused dashboard orders: DashboardInvalidInputError: The dashboard body is invalid, there are 1 validation errors',
        '',
      ].join('\n'),
    });
    expect(aws.cloudwatch.dashboards()).toEqual([]);
  });

  test('a deploy that fails says why in one line, exit 1, and names the permission when access is denied', async () => {
    aws = await startLocalAws({ accountId: ACCOUNT });
    aws.faults.add({ fault: { kind: 'access-denied' }, service: 'cloudwatch', operation: 'PutDashboard' });
    const args = ['dashboard', '--function', 'orders', '--region', 'us-east-1', '--deploy', 'orders'];
    const denied = await lambdatop([...args, '--endpoint-url', aws.endpoint]);
    expect(denied.code).toBe(1);
    expect(denied.stdout).toBe('');
    expect(denied.stderr).toMatch(
      /^lambdatop: cannot deploy dashboard orders: AccessDenied: [^\n]+; `lambdatop iam-policy --dashboard` prints the permission it needs\n$/,
    );
    const unreachable = await lambdatop([...args, '--endpoint-url', 'http://127.0.0.1:9']);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(
      /^lambdatop: cannot deploy dashboard orders: [^\n]+; check the network, the Region and --endpoint-url\n$/,
    );
  });

  test('the Region comes from --region, the environment, else the profile; none at all is one line, exit 2', async () => {
    const regionOf = (run: ProcessRun) =>
      new Set(
        (JSON.parse(run.stdout) as { widgets: { type: string; properties: { region?: string } }[] }).widgets
          .filter((widget) => widget.type !== 'text')
          .map((widget) => widget.properties.region),
      );
    expect(regionOf(await lambdatop(['dashboard', '--function', 'orders'], { AWS_REGION: 'eu-north-1' }))).toEqual(
      new Set(['eu-north-1']),
    );
    expect(
      regionOf(await lambdatop(['dashboard', '--function', 'orders'], { AWS_DEFAULT_REGION: 'ca-central-1' })),
    ).toEqual(new Set(['ca-central-1']));
    expect(
      regionOf(await lambdatop(['dashboard', '--function', 'orders', '--region', 'sa-east-1'], { AWS_REGION: 'x' })),
    ).toEqual(new Set(['sa-east-1']));
    const none = await lambdatop(['dashboard', '--function', 'orders']);
    expect(none).toMatchObject({ code: 2, stdout: '' });
    expect(none.stderr).toMatch(/^lambdatop: no AWS Region: pass --region, set AWS_REGION, [^\n]+\n$/);
    const profileHome = join(home, 'with-profile');
    mkdirSync(join(profileHome, '.aws'), { recursive: true });
    writeFileSync(join(profileHome, '.aws', 'config'), '[profile team]\nregion = ap-southeast-2\n');
    const fromProfile = await lambdatop(['dashboard', '--function', 'orders', '--profile', 'team'], {
      HOME: profileHome,
    });
    expect(fromProfile.stderr).toBe('');
    expect(regionOf(fromProfile)).toEqual(new Set(['ap-southeast-2']));
  });

  test('mistakes in the flags are one line each, exit 2, before anything is sent', async () => {
    const cases: [string[], RegExp][] = [
      [[], /^lambdatop: name the functions to graph: --function NAME \(repeatable\)\n$/],
      [['--function', 'orders', '--dimension', 'stage'], /^lambdatop: --dimension "stage" is not NAME=VALUE; /],
      [['--function', 'orders', '--dimension', 'a=1', '--dimension', 'a=2'], /--dimension a is given twice/],
      [['--function', 'orders', '--deploy', 'on call'], /^lambdatop: --deploy "on call" is not a dashboard name/],
      [['--function', 'orders api'], /^lambdatop: function name "orders api" is not a Lambda function name/],
      [['--function', 'orders', '--service', '..'], /^lambdatop: service "\.\." cannot be graphed/],
      [['--function', 'orders', '--region', 'Mars'], /^lambdatop: --region "Mars" is not an AWS Region/],
    ];
    for (const [args, message] of cases) {
      const run = await lambdatop(['dashboard', ...args], { AWS_REGION: 'us-east-1' });
      expect({ args, code: run.code, stdout: run.stdout }).toEqual({ args, code: 2, stdout: '' });
      expect(run.stderr).toMatch(message);
      expect(run.stderr.split('\n')).toHaveLength(2);
    }
  });
});

describe('putDashboard', () => {
  test('a refused body rejects with the service’s messages, pointing into the body', async () => {
    aws = await startLocalAws({ accountId: ACCOUNT });
    const session = await createLocalSession(aws);
    try {
      const body = {
        start: '-PT3H',
        periodOverride: 'auto',
        widgets: [
          { type: 'text', x: 0, y: 0, width: 24, height: 2, properties: { markdown: 'ok' } },
          {
            type: 'log',
            x: 0,
            y: 2,
            width: 24,
            height: 6,
            properties: { title: 't', region: 'us-east-1', query: 'x' },
          },
        ],
      } as const;
      const rejection = await putDashboard(session, 'broken', body as never).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(rejection).toBeInstanceOf(DashboardRejectedError);
      expect((rejection as DashboardRejectedError).validationMessages).toEqual([
        { dataPath: '/widgets/1/properties/query', message: "The query must start with SOURCE '<log group>'" },
      ]);
      expect((rejection as Error).message).not.toContain('\n');
    } finally {
      session.destroy();
    }
  });
});
