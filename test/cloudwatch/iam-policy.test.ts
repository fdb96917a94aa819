import { afterEach, describe, expect, test } from 'vitest';
import { createFollowSource } from '../../packages/cli/src/aws/follow-source.js';
import { toDashboardPolicy, toReadPolicy } from '../../packages/cli/src/aws/iam-policy.js';
import { createLocalSession } from '../../packages/cli/test/aws/support/aws-session.js';
import { runLambdatop, seedFunction } from '../../packages/cli/test/aws/support/local-cloudwatch.js';
import { type LocalAws, startLocalAws } from '../support/aws-local/index.js';

let aws: LocalAws | undefined;
afterEach(async () => {
  await aws?.close();
  aws = undefined;
});

interface Policy {
  Version: string;
  Statement: { Sid: string; Effect: string; Action: string[]; Resource: string | string[] }[];
}

const SERVICE_PREFIX: Readonly<Record<string, string>> = { logs: 'logs', lambda: 'lambda', cloudwatch: 'cloudwatch' };

describe('lambdatop iam-policy', () => {
  test('allows exactly the actions lambdatop calls: report, --insights, tail, --live and its fallbacks', async () => {
    aws = await startLocalAws({ liveTail: { updateIntervalMs: 100 }, insights: { pollsWhileRunning: 1 } });
    const server = aws;
    const now = Date.now();
    seedFunction(server, { functionName: 'orders', startMs: now - 600_000, invocations: 5, spacingMs: 10_000 });
    seedFunction(server, {
      functionName: 'thumbs',
      startMs: now - 600_000,
      invocations: 5,
      spacingMs: 10_000,
      seed: 2,
    });
    await runLambdatop(server, ['report', '--function', 'orders', '--function', 'thumbs', '--format', 'json']);
    await runLambdatop(server, ['report', '--function', 'orders', '--insights', '--format', 'json']);
    await runLambdatop(server, ['tail', '--function', 'orders']);
    // Live Tail for a function whose configuration cannot be read: the group's ARN comes from DescribeLogGroups.
    server.faults.add({ fault: { kind: 'access-denied' }, service: 'lambda', operation: 'GetFunctionConfiguration' });
    const session = await createLocalSession(server);
    const source = createFollowSource({ session, functionNames: ['thumbs'], live: true });
    setTimeout(() => source.close(), 1500);
    for await (const _ of source) {
      // Drain until closed.
    }
    session.destroy();
    const called = new Set(
      server.requests.entries().map((entry) => `${SERVICE_PREFIX[entry.service] ?? entry.service}:${entry.operation}`),
    );
    const run = await runLambdatop(server, ['iam-policy', '--function', 'orders', '--function', 'thumbs'], {
      endpoint: false,
    });
    const policy = JSON.parse(run.stdout) as Policy;
    const allowed = new Set(policy.Statement.flatMap((statement) => statement.Action));
    // StopQuery is called only when a query is interrupted (tested with Insights); everything else was called here.
    expect([...allowed].toSorted()).toEqual([...called, 'logs:StopQuery'].toSorted());
  });

  test('scopes logs and functions by ARN, with `*` only for the actions that accept no resource', () => {
    const policy = toReadPolicy({
      functionNames: ['orders'],
      logGroups: ['/aws/vendedlogs/shared'],
      region: 'eu-west-1',
      accountId: '123456789012',
      partition: 'aws',
    });
    const byAction = new Map(
      policy.Statement.flatMap((statement) => statement.Action.map((action) => [action, statement.Resource] as const)),
    );
    expect(byAction.get('logs:FilterLogEvents')).toEqual([
      'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/orders',
      'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/orders:*',
      'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/vendedlogs/shared',
      'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/vendedlogs/shared:*',
    ]);
    expect(byAction.get('lambda:GetFunctionConfiguration')).toEqual([
      'arn:aws:lambda:eu-west-1:123456789012:function:orders',
      'arn:aws:lambda:eu-west-1:123456789012:function:orders:*',
    ]);
    const wildcards = [...byAction].filter(([, resource]) => resource === '*').map(([action]) => action);
    expect(wildcards.toSorted()).toEqual(['cloudwatch:GetMetricData', 'logs:GetQueryResults', 'logs:StopQuery']);
    expect(policy.Statement.every((statement) => statement.Effect === 'Allow')).toBe(true);
  });

  test('--dashboard prints the PutDashboard policy apart; bad values get one line', async () => {
    aws = await startLocalAws();
    const run = await runLambdatop(
      aws,
      ['iam-policy', '--dashboard', '--dashboard-name', 'oncall', '--account', '123456789012'],
      { endpoint: false },
    );
    expect(JSON.parse(run.stdout)).toEqual(
      toDashboardPolicy({ dashboardNames: ['oncall'], accountId: '123456789012', partition: 'aws' }),
    );
    expect(JSON.parse(run.stdout).Statement[0]).toEqual({
      Sid: 'DeployLambdatopDashboards',
      Effect: 'Allow',
      Action: ['cloudwatch:PutDashboard'],
      Resource: ['arn:aws:cloudwatch::123456789012:dashboard/oncall'],
    });
    const bad = await runLambdatop(aws, ['iam-policy', '--account', '12345'], { endpoint: false });
    expect(bad).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'lambdatop: --account "12345" is not a 12-digit AWS account id\n',
    });
  });
});
