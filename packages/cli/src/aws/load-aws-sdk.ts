/**
 * The AWS SDK's modules, imported on first use only: `lambdatop report FILE` never loads them (they cost ~150 ms and
 * tens of MB). Every import of an `@aws-sdk/*` value in this package goes through here; elsewhere only `import type`.
 */
export type LogsSdk = typeof import('@aws-sdk/client-cloudwatch-logs');
export type LambdaSdk = typeof import('@aws-sdk/client-lambda');
export type CloudWatchSdk = typeof import('@aws-sdk/client-cloudwatch');

/**
 * The SDK warns on stderr at the first client it builds on Node < 22 (NodeVersionSupportWarning, emitted through
 * process.emitWarning). A user's own setting wins; otherwise it is off before any SDK module is evaluated.
 */
function silenceNodeVersionWarning(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}

export async function loadLogsSdk(): Promise<LogsSdk> {
  silenceNodeVersionWarning();
  return import('@aws-sdk/client-cloudwatch-logs');
}

export async function loadLambdaSdk(): Promise<LambdaSdk> {
  silenceNodeVersionWarning();
  return import('@aws-sdk/client-lambda');
}

export async function loadCloudWatchSdk(): Promise<CloudWatchSdk> {
  silenceNodeVersionWarning();
  return import('@aws-sdk/client-cloudwatch');
}
