import type { FlagSpec, FlagValues } from '../commands/command.js';
import { stringFlag } from '../commands/flag-values.js';
import { UsageError } from '../errors.js';

/**
 * CloudWatch Logs allows about 5 FilterLogEvents requests per second per account and Region, shared by every tool the
 * user runs; 4 leaves room for one more.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html
 */
export const DEFAULT_MAX_REQUESTS_PER_SECOND = 4;

/** How to reach AWS: the AWS CLI's flags, and lambdatop's one request budget shared by every call. */
export interface AwsOptions {
  readonly profile?: string | undefined;
  readonly region?: string | undefined;
  /** `--endpoint-url`: LocalStack, a test server, a VPC endpoint. */
  readonly endpointUrl?: string | undefined;
  readonly maxRequestsPerSecond: number;
}

/** The connection flags, shaped like the AWS CLI's; every command that talks to AWS spreads these into its flags. */
export const AWS_FLAG_SPECS: Readonly<Record<string, FlagSpec>> = {
  profile: {
    type: 'string',
    valueName: 'NAME',
    description: 'a profile of ~/.aws/config and ~/.aws/credentials, SSO included (default: AWS_PROFILE, else default)',
  },
  region: {
    type: 'string',
    valueName: 'REGION',
    description: 'the AWS Region (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile)',
  },
  'endpoint-url': {
    type: 'string',
    valueName: 'URL',
    description: 'send every request to this endpoint instead (LocalStack, a test server)',
  },
  'max-requests-per-second': {
    type: 'string',
    valueName: 'N',
    description: `lambdatop's request budget across every log group and API (default ${DEFAULT_MAX_REQUESTS_PER_SECOND})`,
  },
};

/** True when any connection flag was given: a sign the user meant CloudWatch rather than a pipe. */
export function hasAwsFlags(flags: FlagValues): boolean {
  return Object.keys(AWS_FLAG_SPECS).some((name) => flags[name] !== undefined);
}

export function parseAwsFlags(flags: FlagValues): AwsOptions {
  const endpointUrl = stringFlag(flags, 'endpoint-url');
  if (endpointUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(endpointUrl);
    } catch {
      url = undefined;
    }
    if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new UsageError(
        `--endpoint-url ${JSON.stringify(endpointUrl)} is not an http(s) URL; for example --endpoint-url http://localhost:4566`,
      );
    }
  }
  const rateText = stringFlag(flags, 'max-requests-per-second');
  let maxRequestsPerSecond = DEFAULT_MAX_REQUESTS_PER_SECOND;
  if (rateText !== undefined) {
    maxRequestsPerSecond = Number(rateText.trim());
    if (rateText.trim() === '' || !Number.isFinite(maxRequestsPerSecond) || maxRequestsPerSecond <= 0) {
      throw new UsageError(
        `--max-requests-per-second ${JSON.stringify(rateText)} is not a positive number; for example --max-requests-per-second 2`,
      );
    }
  }
  const profile = stringFlag(flags, 'profile');
  const region = stringFlag(flags, 'region');
  if (profile?.trim() === '') throw new UsageError('--profile needs a profile name');
  if (region !== undefined && !/^[a-z]+(-[a-z0-9]+)+$/.test(region.trim())) {
    throw new UsageError(`--region ${JSON.stringify(region)} is not an AWS Region; for example --region us-east-1`);
  }
  return { profile, region: region?.trim(), endpointUrl, maxRequestsPerSecond };
}
