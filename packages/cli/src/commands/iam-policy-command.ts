import { toDashboardPolicy, toReadPolicy } from '../aws/iam-policy.js';
import { UsageError } from '../errors.js';
import type { Command, CommandContext } from './command.js';
import { stringFlag, stringsFlag } from './flag-values.js';

async function runIamPolicy({ flags, io }: CommandContext): Promise<number> {
  const accountId = stringFlag(flags, 'account') ?? '*';
  if (accountId !== '*' && !/^\d{12}$/.test(accountId)) {
    throw new UsageError(`--account ${JSON.stringify(accountId)} is not a 12-digit AWS account id`);
  }
  const region = stringFlag(flags, 'region') ?? '*';
  if (region !== '*' && !/^[a-z]+(-[a-z0-9]+)+$/.test(region)) {
    throw new UsageError(`--region ${JSON.stringify(region)} is not an AWS Region; for example --region us-east-1`);
  }
  const partition = stringFlag(flags, 'partition') ?? 'aws';
  if (!/^aws(-[a-z]+)*$/.test(partition)) {
    throw new UsageError(`--partition ${JSON.stringify(partition)} is not an AWS partition (aws, aws-cn, aws-us-gov)`);
  }
  const policy =
    flags.dashboard === true
      ? toDashboardPolicy({ dashboardNames: stringsFlag(flags, 'dashboard-name'), accountId, partition })
      : toReadPolicy({
          functionNames: [...new Set(stringsFlag(flags, 'function'))],
          logGroups: [...new Set(stringsFlag(flags, 'log-group'))],
          region,
          accountId,
          partition,
        });
  io.stdout.write(`${JSON.stringify(policy, null, 2)}\n`);
  return 0;
}

export const iamPolicyCommand: Command = {
  name: 'iam-policy',
  summary: 'The least-privilege IAM policy for what lambdatop reads (--dashboard: for deploying dashboards)',
  usage: 'iam-policy [--function NAME...] [--log-group NAME...] [--region R] [--account ID] | iam-policy --dashboard',
  details: [
    'Prints an IAM policy document (JSON) to attach to the role or user that runs lambdatop. Log groups and',
    'functions are scoped by ARN; logs:GetQueryResults, logs:StopQuery and cloudwatch:GetMetricData take `*`',
    'because those actions accept no resource ARN. Functions whose logs go to a custom log group need it named',
    'with --log-group. --dashboard prints the separate policy for `lambdatop dashboard --deploy` (PutDashboard).',
    '',
    'Examples:',
    '  lambdatop iam-policy --function orders --function thumbs --region eu-west-1 --account 123456789012',
    '  lambdatop iam-policy --dashboard --dashboard-name orders-oncall --account 123456789012',
  ].join('\n'),
  allowPositionals: false,
  flags: {
    function: { type: 'string', multiple: true, valueName: 'NAME', description: 'a function to allow (default: all)' },
    'log-group': {
      type: 'string',
      multiple: true,
      valueName: 'NAME',
      description: 'a custom log group a function writes to (repeatable)',
    },
    region: { type: 'string', valueName: 'REGION', description: 'the Region in the ARNs (default *)' },
    account: { type: 'string', valueName: 'ID', description: 'the account id in the ARNs (default *)' },
    partition: { type: 'string', valueName: 'NAME', description: 'aws (default), aws-cn or aws-us-gov' },
    dashboard: { type: 'boolean', description: 'print the policy for deploying dashboards (PutDashboard) instead' },
    'dashboard-name': {
      type: 'string',
      multiple: true,
      valueName: 'NAME',
      description: 'with --dashboard: a dashboard to allow (default: all)',
    },
  },
  run: runIamPolicy,
};
