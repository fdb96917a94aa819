/**
 * The least-privilege IAM policies for what lambdatop calls, scoped to resources wherever the action allows it.
 * Which actions accept resource ARNs: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html,
 * …/list_awslambda.html and …/list_amazoncloudwatch.html. Pure.
 */
export interface IamPolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Action: readonly string[];
  readonly Resource: string | readonly string[];
}

export interface IamPolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly IamPolicyStatement[];
}

export interface ReadPolicyOptions {
  /** Functions to allow; none means every function (`*`). */
  readonly functionNames: readonly string[];
  /** Custom log groups (advanced logging controls) beside the functions' default `/aws/lambda/NAME`. */
  readonly logGroups: readonly string[];
  readonly region: string;
  readonly accountId: string;
  readonly partition: string;
}

/** A log group's ARN, and the `:*` form some tools and older policies use for the same group's streams. */
function logGroupArns(options: ReadPolicyOptions, group: string): string[] {
  const base = `arn:${options.partition}:logs:${options.region}:${options.accountId}:log-group:${group}`;
  return [base, `${base}:*`];
}

/**
 * What `report`, `tail` (with `--live`) and `report --insights` read:
 * - FilterLogEvents, StartQuery, StartLiveTail: on the log groups read.
 * - DescribeLogGroups: only to find a group's ARN for Live Tail when the function configuration cannot be read; a
 *   listing answers for the account, so it is scoped to the account's log groups, not to one.
 * - GetQueryResults, StopQuery: `*` — they name a query id, not a resource, and accept no resource ARN.
 * - GetFunctionConfiguration, ListProvisionedConcurrencyConfigs: on the functions.
 * - GetMetricData: `*` — CloudWatch metric reads accept no resource ARN.
 */
export function toReadPolicy(options: ReadPolicyOptions): IamPolicyDocument {
  const functions = options.functionNames.length === 0 ? ['*'] : [...options.functionNames];
  const groups = [
    ...(options.functionNames.length === 0 ? ['/aws/lambda/*'] : functions.map((name) => `/aws/lambda/${name}`)),
    ...options.logGroups,
  ];
  const uniqueGroups = [...new Set(groups)];
  const functionArn = (name: string): string =>
    `arn:${options.partition}:lambda:${options.region}:${options.accountId}:function:${name}`;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ReadFunctionLogs',
        Effect: 'Allow',
        Action: ['logs:FilterLogEvents', 'logs:StartLiveTail', 'logs:StartQuery'],
        Resource: uniqueGroups.flatMap((group) => logGroupArns(options, group)),
      },
      {
        Sid: 'FindLogGroupArnsForLiveTail',
        Effect: 'Allow',
        Action: ['logs:DescribeLogGroups'],
        Resource: `arn:${options.partition}:logs:${options.region}:${options.accountId}:log-group:*`,
      },
      {
        Sid: 'ReadLogsInsightsResults',
        Effect: 'Allow',
        Action: ['logs:GetQueryResults', 'logs:StopQuery'],
        Resource: '*',
      },
      {
        Sid: 'ReadFunctionConfiguration',
        Effect: 'Allow',
        Action: ['lambda:GetFunctionConfiguration', 'lambda:ListProvisionedConcurrencyConfigs'],
        Resource: functions.flatMap((name) =>
          name === '*' ? [functionArn('*')] : [functionArn(name), functionArn(`${name}:*`)],
        ),
      },
      {
        Sid: 'ReadLambdaMetrics',
        Effect: 'Allow',
        Action: ['cloudwatch:GetMetricData'],
        Resource: '*',
      },
    ],
  };
}

/** `lambdatop dashboard --deploy`: PutDashboard on the named dashboards (dashboard ARNs carry no Region). */
export function toDashboardPolicy(options: {
  readonly dashboardNames: readonly string[];
  readonly accountId: string;
  readonly partition: string;
}): IamPolicyDocument {
  const names = options.dashboardNames.length === 0 ? ['*'] : options.dashboardNames;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DeployLambdatopDashboards',
        Effect: 'Allow',
        Action: ['cloudwatch:PutDashboard'],
        Resource: names.map((name) => `arn:${options.partition}:cloudwatch::${options.accountId}:dashboard/${name}`),
      },
    ],
  };
}
