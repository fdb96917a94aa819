import { DEFAULT_NAMESPACE, SERVICE_DIMENSION } from '@lambdatop/sdk/catalog';

/** What a dashboard is about. Only `functionNames` and `region` are required. */
export interface DashboardOptions {
  readonly functionNames: readonly string[];
  readonly region: string;
  /** The SDK's `namespace` option (default: the SDK's default namespace). */
  readonly namespace?: string | undefined;
  /** Values of the SDK's `service` dimension (default: the function names, as the SDK defaults to). */
  readonly services?: readonly string[] | undefined;
  /** The SDK's `dimensions` option: every metric carries them, so the graphs must name them too. */
  readonly dimensions?: Readonly<Record<string, string>> | undefined;
  /** API Gateway REST APIs in front of the functions, by name. */
  readonly apiNames?: readonly string[] | undefined;
  /** Log groups for the Logs Insights widgets (default `/aws/lambda/NAME` per function). */
  readonly logGroups?: readonly string[] | undefined;
}

/** The options checked, defaulted and deduplicated (first occurrence wins). */
export interface DashboardParameters {
  readonly functionNames: readonly string[];
  readonly region: string;
  readonly namespace: string;
  readonly services: readonly string[];
  /** `service` is not among them: it is one dimension per graphed line. */
  readonly dimensions: readonly (readonly [string, string])[];
  readonly apiNames: readonly string[];
  readonly logGroups: readonly string[];
}

/** https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html#lambda-CreateFunction-request-FunctionName */
const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
/** The characters EMF accepts in a namespace. https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html */
const NAMESPACE = /^(?=.*\S)[a-zA-Z0-9 ._#:/-]{1,255}$/;
/** https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html */
const LOG_GROUP = /^[A-Za-z0-9._/#-]{1,512}$/;
/** Dimension names and values: printable ASCII. https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_Dimension.html */
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;
const MAX_DIMENSION_NAME_LENGTH = 250;
const MAX_DIMENSION_VALUE_LENGTH = 1024;
/** 30 dimensions per metric, `service` being one. https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDatum.html */
const MAX_EXTRA_DIMENSIONS = 29;
/** A Logs Insights query reads at most 50 log groups; more functions than that do not fit one dashboard either. */
export const MAX_LOG_GROUPS = 50;
export const MAX_FUNCTIONS = 50;

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function fail(message: string): never {
  throw new TypeError(message);
}

/**
 * A metric array reads `.` and `..` as "the same as the line above", so such a value cannot be graphed.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html#CloudWatch-Dashboard-Properties-Metrics-Array-Format
 */
function checkNotShorthand(what: string, value: string): void {
  if (value === '.' || value === '..') {
    fail(`${what} ${JSON.stringify(value)} cannot be graphed: a dashboard's metric array reads it as "as above"`);
  }
}

function checkDimensionValue(what: string, value: string): void {
  if (value.length > MAX_DIMENSION_VALUE_LENGTH || !PRINTABLE_ASCII.test(value)) {
    fail(`${what} ${JSON.stringify(value)} is not a dimension value: 1-1024 printable ASCII characters`);
  }
  checkNotShorthand(what, value);
}

/**
 * API Gateway strips non-ASCII characters from the ApiName dimension before publishing, so the graphs must ask for
 * the stripped name. https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-metrics-and-dimensions.html
 */
export function toApiNameDimension(apiName: string): string {
  let ascii = '';
  for (const char of apiName) if (char.charCodeAt(0) <= 0x7f) ascii += char;
  return ascii;
}

/** Checks and completes the options; a TypeError names the first value that cannot be graphed. Pure. */
export function resolveDashboardParameters(options: DashboardOptions): DashboardParameters {
  const functionNames = unique(options.functionNames);
  if (functionNames.length === 0) fail('a dashboard needs at least one function name');
  if (functionNames.length > MAX_FUNCTIONS) fail(`at most ${MAX_FUNCTIONS} functions fit one dashboard`);
  for (const name of functionNames) {
    if (!FUNCTION_NAME.test(name)) {
      fail(`function name ${JSON.stringify(name)} is not a Lambda function name: 1-64 letters, digits, - or _`);
    }
  }
  if (!REGION.test(options.region)) fail(`${JSON.stringify(options.region)} is not an AWS Region, e.g. us-east-1`);
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  if (!NAMESPACE.test(namespace) || namespace.startsWith(':') || namespace.startsWith('AWS/')) {
    fail(
      `namespace ${JSON.stringify(namespace)} is not one the SDK can write to: 1-255 of a-z A-Z 0-9 space . _ # : / -, not starting with : or AWS/`,
    );
  }
  checkNotShorthand('namespace', namespace);
  const services = unique(options.services ?? functionNames);
  if (services.length === 0) fail('a dashboard needs at least one service');
  if (services.length > MAX_FUNCTIONS) fail(`at most ${MAX_FUNCTIONS} services fit one dashboard`);
  for (const service of services) checkDimensionValue('service', service);
  const dimensions = Object.entries(options.dimensions ?? {});
  if (dimensions.length > MAX_EXTRA_DIMENSIONS) fail(`at most ${MAX_EXTRA_DIMENSIONS} dimensions beside service`);
  for (const [name, value] of dimensions) {
    if (name === SERVICE_DIMENSION)
      fail(`the ${SERVICE_DIMENSION} dimension is given by the services, not as a dimension`);
    if (name.length > MAX_DIMENSION_NAME_LENGTH || !PRINTABLE_ASCII.test(name)) {
      fail(`dimension name ${JSON.stringify(name)} is not 1-250 printable ASCII characters`);
    }
    checkNotShorthand('dimension name', name);
    checkDimensionValue(`dimension ${name}`, value);
  }
  const apiNames = unique((options.apiNames ?? []).map(toApiNameDimension));
  if (apiNames.some((name) => name.trim() === '')) fail('an API name needs at least one ASCII character');
  if (apiNames.length > MAX_FUNCTIONS) fail(`at most ${MAX_FUNCTIONS} APIs fit one dashboard`);
  for (const name of apiNames) checkDimensionValue('API name', name);
  const logGroups = unique(options.logGroups ?? functionNames.map((name) => `/aws/lambda/${name}`));
  if (logGroups.length === 0) fail('the Logs Insights widgets need at least one log group');
  if (logGroups.length > MAX_LOG_GROUPS) fail(`a Logs Insights query reads at most ${MAX_LOG_GROUPS} log groups`);
  for (const group of logGroups) {
    if (!LOG_GROUP.test(group)) {
      fail(`${JSON.stringify(group)} is not a log group name: 1-512 of a-z A-Z 0-9 . _ / # -`);
    }
  }
  return { functionNames, region: options.region, namespace, services, dimensions, apiNames, logGroups };
}
