import type {
  FunctionConfiguration as LambdaFunctionConfiguration,
  ProvisionedConcurrencyConfigListItem,
} from '@aws-sdk/client-lambda';
import { ARCHITECTURES, type Architecture } from '../core/pricing/lambda-prices.js';
import type { FunctionConfiguration } from '../core/report/report-model.js';
import { describeAwsError } from './aws-errors.js';
import type { AwsSession } from './aws-session.js';
import { loadLambdaSdk } from './load-aws-sdk.js';

/** Lambda's default log group: https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html */
export const DEFAULT_LOG_GROUP_PREFIX = '/aws/lambda/';

/** Where one function's logs are, and what its configuration says about them. */
export interface FunctionTarget {
  /** The bare function name (an ARN or `name:alias` given by the user is reduced to the name). */
  readonly functionName: string;
  readonly logGroup: string;
  /** A group other than `/aws/lambda/NAME` (advanced logging controls): possibly shared by several functions. */
  readonly customGroup: boolean;
  /** `Text` or `JSON`; undefined when the configuration could not be read. */
  readonly logFormat: string | undefined;
  /** The function's ARN when the configuration was read: it names the partition and account of the log group. */
  readonly functionArn: string | undefined;
  readonly configuration: FunctionConfiguration | undefined;
}

/** `orders`, `orders:live` and `arn:aws:lambda:us-east-1:123456789012:function:orders[:live]` all name `orders`. */
export function toBareFunctionName(nameOrArn: string): string {
  if (nameOrArn.startsWith('arn:')) return nameOrArn.split(':')[6] ?? nameOrArn;
  return nameOrArn.split(':')[0] ?? nameOrArn;
}

function toArchitecture(value: string | undefined): Architecture | null {
  return (ARCHITECTURES as readonly string[]).includes(value ?? '') ? (value as Architecture) : null;
}

/** GetFunctionConfiguration's answer in the report's terms. Pure. */
export function toFunctionConfiguration(
  answer: LambdaFunctionConfiguration,
  provisionedConcurrency: number | null,
): FunctionConfiguration {
  const logging = answer.LoggingConfig;
  return {
    memorySizeMB: answer.MemorySize ?? null,
    timeoutSeconds: answer.Timeout ?? null,
    architecture: toArchitecture(answer.Architectures?.[0]),
    runtime: answer.Runtime ?? null,
    logFormat: logging?.LogFormat ?? null,
    systemLogLevel: logging?.SystemLogLevel ?? null,
    applicationLogLevel: logging?.ApplicationLogLevel ?? null,
    logGroup:
      logging?.LogGroup ??
      (answer.FunctionName === undefined ? null : `${DEFAULT_LOG_GROUP_PREFIX}${answer.FunctionName}`),
    provisionedConcurrency,
  };
}

/**
 * Provisioned concurrency across the function's aliases and versions: the allocated executions (what is warm and
 * billed), else the requested ones while an allocation is in progress. 0 when none is configured (a fact, unlike the
 * null of a lookup that failed).
 */
export function toProvisionedConcurrency(configs: readonly ProvisionedConcurrencyConfigListItem[]): number {
  return configs.reduce(
    (total, config) =>
      total + (config.AllocatedProvisionedConcurrentExecutions ?? config.RequestedProvisionedConcurrentExecutions ?? 0),
    0,
  );
}

async function listProvisionedConcurrency(
  session: AwsSession,
  functionName: string,
  signal: AbortSignal | undefined,
): Promise<ProvisionedConcurrencyConfigListItem[]> {
  const { ListProvisionedConcurrencyConfigsCommand } = await loadLambdaSdk();
  const lambda = await session.lambda();
  const configs: ProvisionedConcurrencyConfigListItem[] = [];
  let marker: string | undefined;
  do {
    const page = await session.call(
      'ListProvisionedConcurrencyConfigs',
      (abortSignal) =>
        lambda.send(
          new ListProvisionedConcurrencyConfigsCommand({
            FunctionName: functionName,
            ...(marker === undefined ? {} : { Marker: marker }),
          }),
          abortSignal === undefined ? {} : { abortSignal },
        ),
      { signal, maxAttempts: 4 },
    );
    configs.push(...(page.ProvisionedConcurrencyConfigs ?? []));
    marker = page.NextMarker || undefined;
  } while (marker !== undefined);
  return configs;
}

/**
 * The log group and configuration of each function. Every lookup is optional: a function whose configuration cannot be
 * read (permissions, an endpoint without the Lambda API) falls back to `/aws/lambda/NAME` with a warning.
 */
export async function resolveFunctionTargets(
  session: AwsSession,
  functionNames: readonly string[],
  options: { readonly signal?: AbortSignal | undefined; readonly onWarning: (message: string) => void },
): Promise<FunctionTarget[]> {
  const { GetFunctionConfigurationCommand } = await loadLambdaSdk();
  const lambda = await session.lambda();
  const targets: FunctionTarget[] = [];
  for (const requested of functionNames) {
    const functionName = toBareFunctionName(requested);
    const defaultGroup = `${DEFAULT_LOG_GROUP_PREFIX}${functionName}`;
    let answer: LambdaFunctionConfiguration;
    try {
      answer = await session.call(
        'GetFunctionConfiguration',
        (signal) =>
          lambda.send(
            new GetFunctionConfigurationCommand({ FunctionName: requested }),
            signal === undefined ? {} : { abortSignal: signal },
          ),
        { signal: options.signal, maxAttempts: 4 },
      );
    } catch (error) {
      if (options.signal?.aborted === true) throw error;
      options.onWarning(
        `${functionName}: cannot read the function configuration (${describeAwsError(error)}); reading ${defaultGroup}, without memory, timeout, architecture or log settings.`,
      );
      targets.push({
        functionName,
        logGroup: defaultGroup,
        customGroup: false,
        logFormat: undefined,
        functionArn: undefined,
        configuration: undefined,
      });
      continue;
    }
    let provisioned: number | null = null;
    try {
      provisioned = toProvisionedConcurrency(await listProvisionedConcurrency(session, functionName, options.signal));
    } catch (error) {
      if (options.signal?.aborted === true) throw error;
      options.onWarning(
        `${functionName}: cannot list provisioned concurrency (${describeAwsError(error)}); it is shown as unknown.`,
      );
    }
    const configuration = toFunctionConfiguration(answer, provisioned);
    const logGroup = answer.LoggingConfig?.LogGroup || defaultGroup;
    targets.push({
      functionName: answer.FunctionName ?? functionName,
      logGroup,
      customGroup: logGroup !== `${DEFAULT_LOG_GROUP_PREFIX}${answer.FunctionName ?? functionName}`,
      logFormat: answer.LoggingConfig?.LogFormat,
      functionArn: answer.FunctionArn,
      configuration,
    });
  }
  return targets;
}
