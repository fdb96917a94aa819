import { setTimeout as delay } from 'node:timers/promises';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { UsageError } from '../errors.js';
import { classifyAwsError, isTransient, UNREACHABLE_MAX_ATTEMPTS } from './aws-errors.js';
import type { AwsOptions } from './aws-options.js';
import { loadCloudWatchSdk, loadLambdaSdk, loadLogsSdk } from './load-aws-sdk.js';
import { createRateLimiter, type RateLimiter } from './rate-limiter.js';
import { createSdkLogger } from './sdk-logger.js';

export interface AwsCallOptions {
  readonly signal?: AbortSignal | undefined;
  /** Attempts before a transient error (throttling, 5xx, a reset, a timeout) is given up on (default 8). */
  readonly maxAttempts?: number;
}

export interface AwsCallStats {
  /** Requests sent, retries included. */
  readonly requests: number;
  readonly throttles: number;
  readonly retries: number;
  /** Calls that failed for good (after their retries, or at once for a permanent error). */
  readonly failures: number;
}

/**
 * One connection to AWS for one command: the resolved Region, lazily built SDK clients sharing one silent logger, and
 * `call`, the one way requests are sent: through the shared rate limiter, retried with exponential backoff and full
 * jitter on throttling, 5xx, connection resets and timeouts. The SDK's own retries are off (maxAttempts 1) so that
 * every attempt passes the limiter.
 */
export interface AwsSession {
  readonly region: string;
  readonly endpointUrl: string | undefined;
  readonly limiter: RateLimiter;
  logs(): Promise<CloudWatchLogsClient>;
  lambda(): Promise<LambdaClient>;
  cloudwatch(): Promise<CloudWatchClient>;
  call<T>(
    operation: string,
    send: (signal: AbortSignal | undefined) => Promise<T>,
    options?: AwsCallOptions,
  ): Promise<T>;
  stats(): AwsCallStats;
  /** Closes the clients' sockets. */
  destroy(): void;
}

export interface AwsSessionContext {
  /** Where AWS_REGION, AWS_DEFAULT_REGION, AWS_PROFILE and static keys are read (the command's environment). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The SDK's own warnings, one line each (never printed by the SDK itself). */
  readonly onWarning?: (message: string) => void;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random?: () => number;
  readonly now?: () => number;
  /** Backoff: the first retry waits up to `baseDelayMs`, doubling to at most `maxDelayMs` (full jitter). */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
}

const CONNECTION_TIMEOUT_MS = 5_000;
/** Time to the response headers; Live Tail's headers come at once, its body then streams for hours. */
const REQUEST_TIMEOUT_MS = 30_000;
/** Inactivity on an open socket: a stalled body. Live Tail sends an update every second, even an empty one. */
const SOCKET_TIMEOUT_MS = 30_000;

const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  delay(ms, undefined, signal === undefined ? {} : { signal });

function staticCredentials(env: AwsSessionContext['env']) {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (accessKeyId === undefined || accessKeyId === '' || secretAccessKey === undefined || secretAccessKey === '') {
    return undefined;
  }
  const sessionToken = env.AWS_SESSION_TOKEN;
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

/**
 * The Region as the AWS CLI finds it: --region, AWS_REGION, AWS_DEFAULT_REGION (which the JavaScript SDK ignores),
 * then the profile's `region` in ~/.aws/config (read by the SDK's own config loader).
 */
async function resolveRegion(options: AwsOptions, env: AwsSessionContext['env'], profile: string | undefined) {
  const fromEnv = options.region ?? (env.AWS_REGION || undefined) ?? (env.AWS_DEFAULT_REGION || undefined);
  if (fromEnv !== undefined) return fromEnv;
  const sdk = await loadLogsSdk();
  const probe = new sdk.CloudWatchLogsClient({
    ...(profile === undefined ? {} : { profile }),
    logger: createSdkLogger(),
  });
  try {
    const region = await probe.config.region();
    if (typeof region === 'string' && region !== '') return region;
  } catch {
    // No region in the profile (or no config file): the error below says what to set.
  } finally {
    probe.destroy();
  }
  throw new UsageError(
    `no AWS Region: pass --region, set AWS_REGION, or set region in ${profile === undefined ? 'the default profile' : `profile ${profile}`} of ~/.aws/config`,
  );
}

export async function createAwsSession(options: AwsOptions, context: AwsSessionContext): Promise<AwsSession> {
  const env = context.env;
  const profile = options.profile ?? (env.AWS_PROFILE || undefined);
  const region = await resolveRegion(options, env, profile);
  const logger = createSdkLogger(context.onWarning);
  // The credential chain of the SDK (environment, SSO and other profiles, web identity, container and instance roles)
  // unless the command's own environment holds static keys and no profile was asked for: the same order as the SDK.
  const credentials = profile === undefined ? staticCredentials(env) : undefined;
  const common = {
    region,
    ...(profile === undefined ? {} : { profile }),
    ...(credentials === undefined ? {} : { credentials }),
    ...(options.endpointUrl === undefined ? {} : { endpoint: options.endpointUrl }),
    maxAttempts: 1,
    logger,
    requestHandler: {
      connectionTimeout: CONNECTION_TIMEOUT_MS,
      requestTimeout: REQUEST_TIMEOUT_MS,
      throwOnRequestTimeout: true,
      socketTimeout: SOCKET_TIMEOUT_MS,
      logger,
    },
  };
  const sleep = context.sleep ?? defaultSleep;
  const random = context.random ?? Math.random;
  const baseDelayMs = context.baseDelayMs ?? 200;
  const maxDelayMs = context.maxDelayMs ?? 20_000;
  const limiter = createRateLimiter({
    requestsPerSecond: options.maxRequestsPerSecond,
    sleep,
    ...(context.now === undefined ? {} : { now: context.now }),
  });
  const stats = { requests: 0, throttles: 0, retries: 0, failures: 0 };
  const destroyers: (() => void)[] = [];
  const lazy = <T extends { destroy(): void }>(build: () => Promise<T>): (() => Promise<T>) => {
    let client: Promise<T> | undefined;
    return () => {
      client ??= build().then((built) => {
        destroyers.push(() => built.destroy());
        return built;
      });
      return client;
    };
  };

  return {
    region,
    endpointUrl: options.endpointUrl,
    limiter,
    // Live Tail's host prefix (`stream-`) cannot go in front of a custom endpoint such as 127.0.0.1.
    logs: lazy(async () => {
      const sdk = await loadLogsSdk();
      return new sdk.CloudWatchLogsClient({ ...common, disableHostPrefix: options.endpointUrl !== undefined });
    }),
    lambda: lazy(async () => new (await loadLambdaSdk()).LambdaClient(common)),
    cloudwatch: lazy(async () => new (await loadCloudWatchSdk()).CloudWatchClient(common)),
    async call(_operation, send, callOptions = {}) {
      const signal = callOptions.signal;
      const maxAttempts = callOptions.maxAttempts ?? 8;
      for (let attempt = 1; ; attempt += 1) {
        await limiter.acquire(signal);
        stats.requests += 1;
        try {
          const result = await send(signal);
          limiter.onSuccess();
          return result;
        } catch (error) {
          const kind = classifyAwsError(error);
          if (kind === 'abort' || signal?.aborted === true) throw error;
          if (kind === 'throttle') {
            stats.throttles += 1;
            limiter.onThrottle();
          }
          const allowed = kind === 'unreachable' ? Math.min(maxAttempts, UNREACHABLE_MAX_ATTEMPTS) : maxAttempts;
          if (!isTransient(kind) || attempt >= allowed) {
            stats.failures += 1;
            throw error;
          }
          stats.retries += 1;
          // Full jitter: a random wait up to the exponential cap, so that retrying callers spread out.
          await sleep(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)), signal);
        }
      }
    },
    stats: () => ({ ...stats }),
    destroy() {
      for (const destroy of destroyers.splice(0)) destroy();
    },
  };
}
