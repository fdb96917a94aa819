import type { FaasTrigger } from '../event-source/classify-event-source.js';

export interface SpanAttributeInput {
  readonly requestId: string | undefined;
  readonly invokedFunctionArn: string | undefined;
  readonly functionName: string | undefined;
  readonly functionVersion: string | undefined;
  readonly memoryLimitMb: number | undefined;
  readonly region: string | undefined;
  readonly coldStart: boolean;
  readonly faasTrigger: FaasTrigger;
}

export type SpanAttributes = Record<string, string | number | boolean>;

const BYTES_PER_MIB = 1_048_576;

interface ArnFacts {
  readonly resourceId: string;
  readonly account: string | undefined;
}

/**
 * The function ARN without the alias the caller used (the same environment serves several aliases, so the alias
 * is replaced by the version that ran), and the account, its 5th field.
 * https://opentelemetry.io/docs/specs/semconv/attributes-registry/cloud/
 */
function toArnFacts(arn: string, version: string | undefined): ArnFacts {
  // A warm function sees the same ARN every time.
  if (arn === lastArn && version === lastVersion && lastFacts !== undefined) return lastFacts;
  const parts = arn.split(':');
  const account = parts[4];
  // arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]
  lastFacts = {
    resourceId: parts.length === 8 && version !== undefined ? [...parts.slice(0, 7), version].join(':') : arn,
    account: account !== undefined && /^\d{12}$/.test(account) ? account : undefined,
  };
  lastArn = arn;
  lastVersion = version;
  return lastFacts;
}

let lastArn: string | undefined;
let lastVersion: string | undefined;
let lastFacts: ArnFacts | undefined;

/**
 * The invocation span's attributes, following OpenTelemetry's FaaS conventions
 * (https://opentelemetry.io/docs/specs/semconv/faas/aws-lambda/): exactly these, and only those known.
 * `faas.max_memory` is in bytes, the configured MB × 1,048,576. Pure.
 */
export function toSpanAttributes(input: SpanAttributeInput): SpanAttributes {
  const attributes: SpanAttributes = {
    'cloud.provider': 'aws',
    'faas.trigger': input.faasTrigger,
    'faas.coldstart': input.coldStart,
  };
  if (input.requestId !== undefined) attributes['faas.invocation_id'] = input.requestId;
  if (input.invokedFunctionArn !== undefined) {
    const { resourceId, account } = toArnFacts(input.invokedFunctionArn, input.functionVersion);
    attributes['cloud.resource_id'] = resourceId;
    if (account !== undefined) attributes['cloud.account.id'] = account;
  }
  if (input.region !== undefined) attributes['cloud.region'] = input.region;
  if (input.functionName !== undefined) attributes['faas.name'] = input.functionName;
  if (input.functionVersion !== undefined) attributes['faas.version'] = input.functionVersion;
  if (input.memoryLimitMb !== undefined) attributes['faas.max_memory'] = input.memoryLimitMb * BYTES_PER_MIB;
  return attributes;
}
