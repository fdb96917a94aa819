import { basename, dirname, extname, resolve } from 'node:path';
import {
  DEFAULT_ACCOUNT_ID,
  DEFAULT_REGION,
  FUNCTION_NAME_PATTERN,
  FUNCTION_VERSION,
  INIT_TIMEOUT_MS,
  MAX_MEMORY_SIZE_MB,
  MAX_TIMEOUT_MS,
  MIN_MEMORY_SIZE_MB,
  toFunctionArn,
  toLogGroupName,
  toNodeMajor,
  toRuntimeVersion,
  toRuntimeVersionArn,
  toV8HeapArgs,
} from './lambda-constants.js';

export interface LocalFunctionConfig {
  /** The function name: the log group is `/aws/lambda/<name>`. */
  readonly name: string;
  /** The handler module, ESM or CommonJS; relative paths resolve from the current directory. */
  readonly handlerPath: string;
  /** The exported handler's name (dotted for a nested one); `handler` by default. */
  readonly handlerExport?: string | undefined;
  readonly memorySizeMb: number;
  readonly timeoutMs: number;
  readonly region?: string | undefined;
  readonly accountId?: string | undefined;
  /** Reserved concurrency: at most this many environments; an invocation finding all of them busy is throttled. */
  readonly maxEnvironments?: number | undefined;
  /** An environment idle this long is shut down, so a later invocation cold-starts again. Default 5 minutes. */
  readonly idleTimeoutMs?: number | undefined;
  /** The function's own environment variables (Lambda's reserved ones cannot be overridden). */
  readonly environment?: Readonly<Record<string, string>> | undefined;
  /** How often a busy worker's memory is read to enforce the memory size. Default 10 ms. */
  readonly memorySampleIntervalMs?: number | undefined;
}

export interface ResolvedFunctionSettings {
  readonly functionName: string;
  readonly version: string;
  readonly memorySizeMb: number;
  readonly timeoutMs: number;
  readonly initTimeoutMs: number;
  readonly region: string;
  readonly functionArn: string;
  readonly logGroup: string;
  readonly handlerPath: string;
  readonly handlerExport: string;
  readonly taskRoot: string;
  readonly workerPath: string;
  readonly runtimeVersion: string;
  readonly runtimeVersionArn: string;
  readonly execArgv: readonly string[];
  /** Everything but AWS_LAMBDA_LOG_STREAM_NAME, which each environment adds. */
  readonly workerEnv: Readonly<Record<string, string>>;
  readonly maxEnvironments: number | undefined;
  readonly idleTimeoutMs: number;
  readonly memorySampleIntervalMs: number;
}

export interface HarnessHost {
  readonly workerPath: string;
  readonly nodeVersion: string;
  readonly pathEnv: string | undefined;
}

export const DEFAULT_IDLE_TIMEOUT_MS = 300_000;
const DEFAULT_MEMORY_SAMPLE_INTERVAL_MS = 10;
const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ACCOUNT_ID_PATTERN = /^\d{12}$/;
const ENVIRONMENT_KEY_PATTERN = /^[a-zA-Z][a-zA-Z0-9_]*$/;
const EXPORT_NAME_PATTERN = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

function fail(message: string): never {
  throw new TypeError(`local function: ${message}`);
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function requireWholeNumber(label: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(`${label} must be a whole number from ${min} to ${max}, got ${describe(value)}`);
  }
  return value;
}

function requirePositiveMs(label: string, value: unknown, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > max) {
    fail(`${label} must be a number of milliseconds above 0 and at most ${max}, got ${describe(value)}`);
  }
  return value;
}

/** Validates a function's configuration (a TypeError naming what to change) and derives everything a worker needs. */
export function resolveFunctionSettings(config: LocalFunctionConfig, host: HarnessHost): ResolvedFunctionSettings {
  if (typeof config.name !== 'string' || !FUNCTION_NAME_PATTERN.test(config.name)) {
    fail(`name must be 1 to 64 letters, digits, hyphens or underscores, got ${describe(config.name)}`);
  }
  if (typeof config.handlerPath !== 'string' || config.handlerPath === '') {
    fail(`handlerPath must name the handler's module file, got ${describe(config.handlerPath)}`);
  }
  const handlerExport = config.handlerExport ?? 'handler';
  if (typeof handlerExport !== 'string' || !EXPORT_NAME_PATTERN.test(handlerExport)) {
    fail(`handlerExport must be an export name such as "handler", got ${describe(handlerExport)}`);
  }
  const memorySizeMb = requireWholeNumber('memorySizeMb', config.memorySizeMb, MIN_MEMORY_SIZE_MB, MAX_MEMORY_SIZE_MB);
  const timeoutMs = requirePositiveMs('timeoutMs', config.timeoutMs, MAX_TIMEOUT_MS);
  const region = config.region ?? DEFAULT_REGION;
  if (!REGION_PATTERN.test(region)) fail(`region must look like "us-east-1", got ${describe(region)}`);
  const accountId = config.accountId ?? DEFAULT_ACCOUNT_ID;
  if (!ACCOUNT_ID_PATTERN.test(accountId)) fail(`accountId must be 12 digits, got ${describe(accountId)}`);
  const maxEnvironments =
    config.maxEnvironments === undefined
      ? undefined
      : requireWholeNumber('maxEnvironments', config.maxEnvironments, 1, 10_000);
  const idleTimeoutMs =
    config.idleTimeoutMs === undefined
      ? DEFAULT_IDLE_TIMEOUT_MS
      : requirePositiveMs('idleTimeoutMs', config.idleTimeoutMs, Number.MAX_SAFE_INTEGER);
  const memorySampleIntervalMs =
    config.memorySampleIntervalMs === undefined
      ? DEFAULT_MEMORY_SAMPLE_INTERVAL_MS
      : requirePositiveMs('memorySampleIntervalMs', config.memorySampleIntervalMs, 1_000);

  const handlerPath = resolve(config.handlerPath);
  const taskRoot = dirname(handlerPath);
  const logGroup = toLogGroupName(config.name);
  const runtimeVersion = toRuntimeVersion(host.nodeVersion);
  const reserved: Record<string, string> = {
    AWS_LAMBDA_FUNCTION_NAME: config.name,
    AWS_LAMBDA_FUNCTION_VERSION: FUNCTION_VERSION,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memorySizeMb),
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_LAMBDA_LOG_GROUP_NAME: logGroup,
    AWS_LAMBDA_LOG_STREAM_NAME: '',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_EXECUTION_ENV: `AWS_Lambda_nodejs${toNodeMajor(host.nodeVersion)}.x`,
    LAMBDA_TASK_ROOT: taskRoot,
    LAMBDA_RUNTIME_DIR: dirname(host.workerPath),
    _HANDLER: `${basename(handlerPath, extname(handlerPath))}.${handlerExport}`,
    _X_AMZN_TRACE_ID: '',
  };
  for (const [key, value] of Object.entries(config.environment ?? {})) {
    if (key in reserved) fail(`environment variable ${key} is reserved by Lambda and set by the harness`);
    if (!ENVIRONMENT_KEY_PATTERN.test(key)) fail(`environment variable name ${describe(key)} is not valid`);
    if (typeof value !== 'string') fail(`environment variable ${key} must be a string, got ${describe(value)}`);
  }
  const { AWS_LAMBDA_LOG_STREAM_NAME: _stream, _X_AMZN_TRACE_ID: _trace, ...fixed } = reserved;

  return {
    functionName: config.name,
    version: FUNCTION_VERSION,
    memorySizeMb,
    timeoutMs,
    initTimeoutMs: INIT_TIMEOUT_MS,
    region,
    functionArn: toFunctionArn(region, accountId, config.name),
    logGroup,
    handlerPath,
    handlerExport,
    taskRoot,
    workerPath: host.workerPath,
    runtimeVersion,
    runtimeVersionArn: toRuntimeVersionArn(region, runtimeVersion),
    execArgv: toV8HeapArgs(memorySizeMb),
    workerEnv: {
      PATH: host.pathEnv ?? '/usr/local/bin:/usr/bin:/bin',
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      ...config.environment,
      ...fixed,
    },
    maxEnvironments,
    idleTimeoutMs,
    memorySampleIntervalMs,
  };
}
