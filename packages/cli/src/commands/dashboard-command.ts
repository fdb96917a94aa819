import { DEFAULT_NAMESPACE } from '@lambdatop/sdk/catalog';
import { AWS_FLAG_SPECS, parseAwsFlags } from '../aws/aws-options.js';
import { type AwsSession, createAwsSession } from '../aws/aws-session.js';
import { toDashboardBody } from '../dashboards/create-dashboard-body.js';
import { type DashboardParameters, resolveDashboardParameters } from '../dashboards/dashboard-parameters.js';
import {
  DASHBOARD_NAME,
  DashboardRejectedError,
  putDashboard,
  toDashboardConsoleUrl,
} from '../dashboards/put-dashboard.js';
import { UsageError } from '../errors.js';
import type { Command, CommandContext, FlagValues } from './command.js';
import { stringFlag, stringsFlag } from './flag-values.js';

/** `--dimension stage=prod`, repeatable: the SDK's `dimensions` option, name → value. */
function dimensionFlags(flags: FlagValues): Record<string, string> {
  const dimensions: Record<string, string> = {};
  for (const text of stringsFlag(flags, 'dimension')) {
    const equals = text.indexOf('=');
    if (equals <= 0 || equals === text.length - 1) {
      throw new UsageError(`--dimension ${JSON.stringify(text)} is not NAME=VALUE; for example --dimension stage=prod`);
    }
    const name = text.slice(0, equals);
    if (name in dimensions) throw new UsageError(`--dimension ${name} is given twice; give each dimension once`);
    dimensions[name] = text.slice(equals + 1);
  }
  return dimensions;
}

function toParameters(flags: FlagValues, region: string): DashboardParameters {
  const services = stringsFlag(flags, 'service');
  const logGroups = stringsFlag(flags, 'log-group');
  try {
    return resolveDashboardParameters({
      functionNames: stringsFlag(flags, 'function'),
      region,
      namespace: stringFlag(flags, 'namespace'),
      services: services.length === 0 ? undefined : services,
      dimensions: dimensionFlags(flags),
      apiNames: stringsFlag(flags, 'api'),
      logGroups: logGroups.length === 0 ? undefined : logGroups,
    });
  } catch (error) {
    if (error instanceof TypeError) throw new UsageError(error.message);
    throw error;
  }
}

async function runDashboard({ flags, io }: CommandContext): Promise<number> {
  if (stringsFlag(flags, 'function').length === 0) {
    throw new UsageError('name the functions to graph: --function NAME (repeatable)');
  }
  const deployName = stringFlag(flags, 'deploy');
  if (deployName !== undefined && !DASHBOARD_NAME.test(deployName)) {
    throw new UsageError(
      `--deploy ${JSON.stringify(deployName)} is not a dashboard name: 1-255 letters, digits, - or _`,
    );
  }
  const awsOptions = parseAwsFlags(flags);
  // Printing needs only a Region; the session (and the AWS SDK) only to deploy or to find the profile's Region.
  const knownRegion = awsOptions.region ?? (io.env.AWS_REGION || undefined) ?? (io.env.AWS_DEFAULT_REGION || undefined);
  let session: AwsSession | undefined;
  if (deployName !== undefined || knownRegion === undefined) {
    session = await createAwsSession(awsOptions, {
      env: io.env,
      onWarning: (message) => io.stderr.write(`lambdatop: warning: ${message}\n`),
    });
  }
  try {
    const region = session?.region ?? knownRegion ?? '';
    const body = toDashboardBody(toParameters(flags, region));
    if (deployName === undefined || session === undefined) {
      io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
      return 0;
    }
    const result = await putDashboard(session, deployName, body).catch((error: unknown) => {
      if (error instanceof DashboardRejectedError) {
        for (const entry of error.validationMessages) {
          io.stderr.write(`lambdatop: PutDashboard: ${entry.dataPath || '/'}: ${entry.message}\n`);
        }
      }
      throw error;
    });
    for (const entry of result.validationMessages) {
      io.stderr.write(`lambdatop: warning: PutDashboard: ${entry.dataPath || '/'}: ${entry.message}\n`);
    }
    const url = toDashboardConsoleUrl(region, deployName);
    io.stdout.write(
      `deployed dashboard ${deployName} (${body.widgets.length} widgets) in ${region}${url === undefined ? '' : `: ${url}`}\n`,
    );
    return 0;
  } finally {
    session?.destroy();
  }
}

export const dashboardCommand: Command = {
  name: 'dashboard',
  summary: "A CloudWatch dashboard for functions (Lambda's, API Gateway's and the SDK's metrics, Logs Insights)",
  usage:
    'dashboard --function NAME... [--api NAME]... [--namespace NS] [--service S]... [--region R] [--deploy DASHBOARD_NAME]',
  details: [
    "Prints the dashboard body (JSON) for PutDashboard: Lambda's metrics per function (invocations, errors,",
    'throttles, concurrency, duration p50/p90/p99, iterator age, dead-letter errors), API Gateway REST metrics per',
    "--api, the SDK's EMF metrics per --service in --namespace (cold starts, init duration, memory watermark,",
    "imminent timeouts, batches), and Logs Insights tables over the functions' log groups (memory over-provisioning,",
    'cold-start share, duration by memory size, recent errors with X-Ray trace ids). What each widget answers:',
    'dashboards/README.md. --deploy NAME puts it in CloudWatch instead (cloudwatch:PutDashboard; see',
    '`lambdatop iam-policy --dashboard`).',
    '',
    'Examples:',
    '  lambdatop dashboard --function orders --region eu-west-1 > orders-dashboard.json',
    '  lambdatop dashboard --function orders --api orders-api --namespace Shop --dimension stage=prod --deploy orders',
  ].join('\n'),
  allowPositionals: false,
  flags: {
    function: { type: 'string', multiple: true, valueName: 'NAME', description: 'a function to graph (repeatable)' },
    api: {
      type: 'string',
      multiple: true,
      valueName: 'NAME',
      description: 'an API Gateway REST API in front of them (repeatable)',
    },
    namespace: {
      type: 'string',
      valueName: 'NS',
      description: `the SDK's namespace option (default: the SDK's default, ${DEFAULT_NAMESPACE})`,
    },
    service: {
      type: 'string',
      multiple: true,
      valueName: 'S',
      description: "the SDK's service option, one line per service (default: the function names)",
    },
    dimension: {
      type: 'string',
      multiple: true,
      valueName: 'NAME=VALUE',
      description: "the SDK's dimensions option, if the functions set it (repeatable)",
    },
    'log-group': {
      type: 'string',
      multiple: true,
      valueName: 'NAME',
      description: 'log groups for Logs Insights (default: /aws/lambda/NAME per function)',
    },
    deploy: {
      type: 'string',
      valueName: 'DASHBOARD_NAME',
      description: 'create or replace this dashboard (PutDashboard) instead of printing the body',
    },
    ...AWS_FLAG_SPECS,
  },
  run: runDashboard,
};
