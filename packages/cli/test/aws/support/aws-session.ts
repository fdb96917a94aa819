import type { LocalAws } from '../../../../../test/support/aws-local/index.js';
import { type AwsSession, type AwsSessionContext, createAwsSession } from '../../../src/aws/aws-session.js';
import { FAKE_AWS_ENV } from './local-cloudwatch.js';

/** A session against the local server, as `--endpoint-url` builds it. */
export function createLocalSession(
  aws: LocalAws,
  options: { readonly maxRequestsPerSecond?: number } & Partial<AwsSessionContext> = {},
): Promise<AwsSession> {
  return createAwsSession(
    { endpointUrl: aws.endpoint, maxRequestsPerSecond: options.maxRequestsPerSecond ?? 50 },
    { env: FAKE_AWS_ENV, baseDelayMs: 20, maxDelayMs: 200, ...options },
  );
}
