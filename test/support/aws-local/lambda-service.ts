import type { LambdaStore, ProvisionedConcurrencySpec } from './lambda-store.js';
import type { OperationResult } from './logs-service.js';
import { RequestInput } from './request-input.js';
import { ServiceError } from './service-error.js';

/**
 * The Lambda REST-JSON operations lambdatop reads.
 * https://docs.aws.amazon.com/lambda/latest/api/API_GetFunctionConfiguration.html
 */
const MAX_ITEMS = 50;

export function handleLambdaOperation(operation: string, body: unknown, store: LambdaStore): OperationResult {
  const input = new RequestInput(body);
  switch (operation) {
    case 'GetFunctionConfiguration': {
      const { spec, qualifier } = resolveFunction(input, store);
      return { output: store.toConfiguration(spec, qualifier) };
    }
    case 'ListFunctions':
      return { output: listFunctions(input, store) };
    case 'GetProvisionedConcurrencyConfig': {
      const { spec, qualifier } = resolveFunction(input, store);
      if (qualifier === undefined || qualifier === '$LATEST') {
        throw invalidParameterValue('Qualifier is required and must name a published version or an alias');
      }
      const config = store.getProvisionedConcurrency(spec.functionName, qualifier);
      if (config === undefined) {
        throw new ServiceError({
          type: 'ProvisionedConcurrencyConfigNotFoundException',
          httpStatus: 404,
          message: 'No Provisioned Concurrency Config found for this function',
        });
      }
      const { FunctionArn: _functionArn, ...rest } = toConfigItem(config, store);
      return { output: rest };
    }
    case 'ListProvisionedConcurrencyConfigs': {
      const { spec } = resolveFunction(input, store);
      const all = store.listProvisionedConcurrency(spec.functionName).map((config) => toConfigItem(config, store));
      const { page, nextMarker } = paginate(all, input);
      return {
        output: {
          ProvisionedConcurrencyConfigs: page,
          ...(nextMarker === undefined ? {} : { NextMarker: nextMarker }),
        },
      };
    }
    default:
      throw new ServiceError({
        type: 'UnknownOperationException',
        httpStatus: 404,
        message: `Unknown operation ${operation}`,
      });
  }
}

function listFunctions(input: RequestInput, store: LambdaStore): unknown {
  const all = store.listFunctions().map((spec) => store.toConfiguration(spec, undefined));
  const { page, nextMarker } = paginate(all, input);
  return { Functions: page, ...(nextMarker === undefined ? {} : { NextMarker: nextMarker }) };
}

function paginate<T>(items: readonly T[], input: RequestInput): { page: T[]; nextMarker: string | undefined } {
  const maxItems = input.number('MaxItems') ?? MAX_ITEMS;
  if (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > MAX_ITEMS) {
    throw invalidParameterValue(`MaxItems must be between 1 and ${MAX_ITEMS}`);
  }
  const marker = input.string('Marker');
  const offset = marker === undefined ? 0 : Number(Buffer.from(marker, 'base64url').toString('utf8'));
  if (!Number.isInteger(offset) || offset < 0) throw invalidParameterValue('Marker is invalid');
  const page = items.slice(offset, offset + maxItems);
  const next =
    offset + maxItems < items.length ? Buffer.from(String(offset + maxItems)).toString('base64url') : undefined;
  return { page, nextMarker: next };
}

/** FunctionName may be a name, `name:qualifier`, a full ARN or a partial ARN `account:function:name`. */
function resolveFunction(input: RequestInput, store: LambdaStore) {
  const raw = input.requiredString('FunctionName');
  const match =
    /^(?:arn:aws[a-z-]*:lambda:[a-z0-9-]+:)?(?:\d{12}:function:)?([A-Za-z0-9_-]+)(?::([A-Za-z0-9$_-]+))?$/.exec(raw);
  if (match === null) throw invalidParameterValue(`FunctionName ${raw} is not a valid function name or ARN`);
  const name = match[1] as string;
  const derived = match[2];
  const given = input.string('Qualifier');
  if (derived !== undefined && given !== undefined && derived !== given) {
    throw invalidParameterValue('The derived qualifier from the function name does not match the specified qualifier.');
  }
  const qualifier = given ?? derived;
  const spec = store.getFunction(name);
  const qualifierKnown =
    qualifier === undefined || qualifier === '$LATEST' || (spec?.qualifiers ?? []).includes(qualifier);
  if (spec === undefined || !qualifierKnown) {
    throw new ServiceError({
      type: 'ResourceNotFoundException',
      httpStatus: 404,
      message: `Function not found: ${store.functionArn(name, qualifier)}`,
    });
  }
  return { spec, qualifier };
}

function toConfigItem(config: ProvisionedConcurrencySpec, store: LambdaStore): Record<string, unknown> {
  const status = config.status ?? 'READY';
  return {
    FunctionArn: store.functionArn(config.functionName, config.qualifier),
    RequestedProvisionedConcurrentExecutions: config.requested,
    AvailableProvisionedConcurrentExecutions: config.available ?? (status === 'READY' ? config.requested : 0),
    AllocatedProvisionedConcurrentExecutions: config.allocated ?? (status === 'READY' ? config.requested : 0),
    Status: status,
    ...(config.statusReason === undefined ? {} : { StatusReason: config.statusReason }),
    LastModified: '2024-01-01T00:00:00+0000',
  };
}

function invalidParameterValue(message: string): ServiceError {
  return new ServiceError({ type: 'InvalidParameterValueException', httpStatus: 400, message });
}
