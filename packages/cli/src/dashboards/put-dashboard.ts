import { describeAwsError, toAwsErrorHint } from '../aws/aws-errors.js';
import type { AwsSession } from '../aws/aws-session.js';
import { loadCloudWatchSdk } from '../aws/load-aws-sdk.js';
import { InputError } from '../errors.js';
import type { DashboardBody } from './dashboard-body.js';

/**
 * Deploying a dashboard: PutDashboard through the command's AWS session (its limiter, retries, Region, endpoint and
 * credentials). The one place in dashboards/ that talks to AWS.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutDashboard.html
 */

/** https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutDashboard.html#API_PutDashboard_RequestParameters */
export const DASHBOARD_NAME = /^[A-Za-z0-9_-]{1,255}$/;

export interface DashboardValidationMessage {
  /** A JSON pointer into the body, e.g. `/widgets/3/properties`. */
  readonly dataPath: string;
  readonly message: string;
}

export interface PutDashboardResult {
  /** What the service had to say about a body it accepted (warnings); empty when it had nothing. */
  readonly validationMessages: readonly DashboardValidationMessage[];
}

/** The service refused the body; `validationMessages` says where and why, the message is one line. */
export class DashboardRejectedError extends InputError {
  constructor(
    message: string,
    readonly validationMessages: readonly DashboardValidationMessage[],
  ) {
    super(message);
  }
}

interface ServiceMessage {
  readonly DataPath?: string | undefined;
  readonly Message?: string | undefined;
}

function toMessages(messages: readonly ServiceMessage[] | undefined): DashboardValidationMessage[] {
  return (messages ?? []).map((entry) => ({ dataPath: entry.DataPath ?? '', message: entry.Message ?? '' }));
}

function toDeployError(name: string, error: unknown): InputError {
  if (
    typeof error === 'object' &&
    error !== null &&
    (error as { name?: unknown }).name === 'DashboardInvalidInputError'
  ) {
    const messages = toMessages(
      (error as { dashboardValidationMessages?: ServiceMessage[] }).dashboardValidationMessages,
    );
    // The service's message ends with a colon that introduces the validation messages, which are printed apart.
    return new DashboardRejectedError(
      `PutDashboard refused dashboard ${name}: ${describeAwsError(error).replace(/:$/, '')}`,
      messages,
    );
  }
  const hint = toAwsErrorHint(error, '`lambdatop iam-policy --dashboard` prints the permission it needs');
  return new InputError(`cannot deploy dashboard ${name}: ${describeAwsError(error)}${hint}`);
}

/**
 * Creates or replaces the dashboard `name` with `body` (sent compact). Resolves with the service's validation
 * messages on success; rejects with a one-line InputError (a DashboardRejectedError when the body was refused).
 */
export async function putDashboard(
  session: AwsSession,
  name: string,
  body: DashboardBody,
  signal?: AbortSignal,
): Promise<PutDashboardResult> {
  const [client, sdk] = await Promise.all([session.cloudwatch(), loadCloudWatchSdk()]);
  const command = new sdk.PutDashboardCommand({ DashboardName: name, DashboardBody: JSON.stringify(body) });
  try {
    const output = await session.call(
      'PutDashboard',
      (callSignal) => client.send(command, callSignal === undefined ? {} : { abortSignal: callSignal }),
      { signal },
    );
    return { validationMessages: toMessages(output.DashboardValidationMessages) };
  } catch (error) {
    throw toDeployError(name, error);
  }
}

/** Where the dashboard opens in the console, for the commercial partition (other partitions have other hosts). */
export function toDashboardConsoleUrl(region: string, name: string): string | undefined {
  if (region.startsWith('cn-') || region.startsWith('us-gov-') || region.startsWith('us-iso')) return undefined;
  return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards/dashboard/${encodeURIComponent(name)}`;
}
