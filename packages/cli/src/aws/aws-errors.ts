/**
 * What went wrong with one AWS call, as far as retrying and telling the user are concerned.
 * - throttle, server, network: transient; retried with backoff.
 * - unreachable: nothing listens or the name does not resolve; retried a little (a restarting endpoint), not long.
 * - abort: the user (or the caller) stopped; never retried, never reported.
 * - the rest: permanent; reported in one line.
 */
export type AwsErrorKind =
  | 'throttle'
  | 'server'
  | 'network'
  | 'unreachable'
  | 'abort'
  | 'access-denied'
  | 'unknown-operation'
  | 'not-found'
  | 'credentials'
  | 'invalid';

interface ErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
  readonly $fault?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
}

// Error codes the services use for throttling, across the JSON, query and REST protocols.
// https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html
const THROTTLE_NAMES: ReadonlySet<string> = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
  'BandwidthLimitExceeded',
  // Logs Insights answers too many concurrent queries with this; it clears as other queries finish.
  'LimitExceededException',
]);

const NETWORK_CODES: ReadonlySet<string> = new Set(['ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN']);

const UNREACHABLE_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
]);

const ACCESS_DENIED_NAMES: ReadonlySet<string> = new Set([
  'AccessDeniedException',
  'AccessDenied',
  'UnauthorizedOperation',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'ExpiredTokenException',
  'ExpiredToken',
  'NotAuthorized',
]);

const CREDENTIAL_NAMES: ReadonlySet<string> = new Set([
  'CredentialsProviderError',
  'ProviderError',
  'TokenProviderError',
]);

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function classifyAwsError(error: unknown): AwsErrorKind {
  if (typeof error !== 'object' || error === null) return 'invalid';
  const shape = error as ErrorShape;
  const name = text(shape.name);
  const code = text(shape.code);
  const status = typeof shape.$metadata?.httpStatusCode === 'number' ? shape.$metadata.httpStatusCode : undefined;
  if (name === 'AbortError') return 'abort';
  if (THROTTLE_NAMES.has(name) || status === 429) return 'throttle';
  if (CREDENTIAL_NAMES.has(name)) return 'credentials';
  if (ACCESS_DENIED_NAMES.has(name) || status === 403) return 'access-denied';
  if (name === 'UnknownOperationException' || name === 'UnknownOperation' || name === 'InvalidAction') {
    return 'unknown-operation';
  }
  if (UNREACHABLE_CODES.has(code)) return 'unreachable';
  if (NETWORK_CODES.has(code) || name === 'TimeoutError' || name === 'RequestTimeout') return 'network';
  // A response cut off mid-body surfaces as a plain "aborted" or "socket hang up" error without a status.
  if (status === undefined && /socket hang up|^aborted$|premature close|ECONNRESET/i.test(text(shape.message))) {
    return 'network';
  }
  if (shape.$fault === 'server' || (status !== undefined && status >= 500)) return 'server';
  if (name === 'ResourceNotFoundException' || name === 'ResourceNotFound') return 'not-found';
  return 'invalid';
}

export function isTransient(kind: AwsErrorKind): boolean {
  return kind === 'throttle' || kind === 'server' || kind === 'network' || kind === 'unreachable';
}

/** Attempts an unreachable endpoint gets, whatever the caller allows: enough for a restart, not a long wait. */
export const UNREACHABLE_MAX_ATTEMPTS = 3;

/** `ThrottlingException: Rate exceeded`, on one line, for warnings and errors. */
export function describeAwsError(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const shape = error as ErrorShape;
  const name = text(shape.name) || text(shape.code) || 'Error';
  const message = text(shape.message).split('\n')[0]?.trim() ?? '';
  if (message === '' || message === name) return name;
  return `${name}: ${message}`;
}

/**
 * What the user can do about a call that failed for good, as a `; …` suffix to its one-line error (empty when
 * nothing helps). `permissions` names the command that prints the missing permissions.
 */
export function toAwsErrorHint(error: unknown, permissions: string): string {
  switch (classifyAwsError(error)) {
    case 'access-denied':
      return `; ${permissions}`;
    case 'credentials':
      return '; set AWS credentials (environment, --profile, `aws sso login`) or run where a role is available';
    case 'network':
    case 'unreachable':
      return '; check the network, the Region and --endpoint-url';
    default:
      return '';
  }
}
