import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { LambdaClient } from '@aws-sdk/client-lambda';
import type { LocalAws } from '../support/aws-local/index.js';

// The SDK warns about Node 20 on every client construction; the warning is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const credentials = { accessKeyId: 'x', secretAccessKey: 'x' };

export interface ClientOptions {
  readonly maxAttempts?: number;
  readonly accessKeyId?: string;
}

/** Real AWS SDK v3 clients pointed at the local server, as lambdatop will configure them with --endpoint-url. */
export function createLogsClient(aws: LocalAws, options: ClientOptions = {}): CloudWatchLogsClient {
  return new CloudWatchLogsClient({
    endpoint: aws.endpoint,
    region: aws.region,
    credentials: { ...credentials, accessKeyId: options.accessKeyId ?? credentials.accessKeyId },
    maxAttempts: options.maxAttempts ?? 1,
    // StartLiveTail prefixes the host with `stream-`, which 127.0.0.1 cannot take.
    disableHostPrefix: true,
  });
}

export function createCloudWatchClient(aws: LocalAws, options: ClientOptions = {}): CloudWatchClient {
  return new CloudWatchClient({
    endpoint: aws.endpoint,
    region: aws.region,
    credentials,
    maxAttempts: options.maxAttempts ?? 1,
  });
}

export function createLambdaClient(aws: LocalAws, options: ClientOptions = {}): LambdaClient {
  return new LambdaClient({
    endpoint: aws.endpoint,
    region: aws.region,
    credentials,
    maxAttempts: options.maxAttempts ?? 1,
  });
}
