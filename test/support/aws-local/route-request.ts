import { decodeQueryRequest } from './aws-query-protocol.js';
import type { ServiceName } from './fault-rules.js';
import { ServiceError } from './service-error.js';

/** Which service, operation and wire protocol a request speaks, and its decoded input. */
export type WireProtocol = 'json-1.1' | 'json-1.0' | 'query' | 'rest-json';

export interface Route {
  readonly service: ServiceName;
  readonly operation: string;
  readonly protocol: WireProtocol;
  readonly input: unknown;
  /** CloudWatch JSON clients send `x-amzn-query-mode: true` and read the query error code from x-amzn-query-error. */
  readonly queryMode: boolean;
}

export interface RawRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

const TARGET_PREFIXES: Readonly<Record<string, { service: ServiceName; protocol: WireProtocol }>> = {
  Logs_20140328: { service: 'logs', protocol: 'json-1.1' },
  GraniteServiceVersion20100801: { service: 'cloudwatch', protocol: 'json-1.0' },
};

/** Lambda's REST routes served here; other Lambda paths are answered as an endpoint lacking the API. */
const LAMBDA_ROUTES: readonly { method: string; pattern: RegExp; operation: (query: URLSearchParams) => string }[] = [
  { method: 'GET', pattern: /^\/2015-03-31\/functions\/?$/, operation: () => 'ListFunctions' },
  {
    method: 'GET',
    pattern: /^\/2015-03-31\/functions\/([^/]+)\/configuration\/?$/,
    operation: () => 'GetFunctionConfiguration',
  },
  {
    method: 'GET',
    pattern: /^\/2019-09-30\/functions\/([^/]+)\/provisioned-concurrency\/?$/,
    operation: (query) =>
      query.get('List') === 'ALL' ? 'ListProvisionedConcurrencyConfigs' : 'GetProvisionedConcurrencyConfig',
  },
];

export function routeRequest(request: RawRequest): Route | ServiceError {
  const target = headerOf(request.headers, 'x-amz-target');
  if (target !== undefined) return routeJsonRpc(request, target);
  const contentType = headerOf(request.headers, 'content-type') ?? '';
  if (request.method === 'POST' && contentType.startsWith('application/x-www-form-urlencoded')) {
    const query = decodeQueryRequest(request.body);
    if (query === undefined) return unknownOperation('the form has no Action');
    return { service: 'cloudwatch', operation: query.action, protocol: 'query', input: query.members, queryMode: true };
  }
  return routeLambda(request);
}

function routeJsonRpc(request: RawRequest, target: string): Route | ServiceError {
  const dot = target.lastIndexOf('.');
  const known = TARGET_PREFIXES[target.slice(0, dot)];
  if (dot < 0 || known === undefined || request.method !== 'POST') return unknownOperation(target);
  let input: unknown;
  try {
    input = request.body.trim() === '' ? {} : JSON.parse(request.body);
  } catch {
    return new ServiceError({ type: 'SerializationException', httpStatus: 400, message: 'the body is not valid JSON' });
  }
  return {
    service: known.service,
    operation: target.slice(dot + 1),
    protocol: known.protocol,
    input,
    queryMode: headerOf(request.headers, 'x-amzn-query-mode') === 'true',
  };
}

function routeLambda(request: RawRequest): Route | ServiceError {
  const url = new URL(request.url, 'http://localhost');
  for (const route of LAMBDA_ROUTES) {
    const match = route.pattern.exec(url.pathname);
    if (match === null || route.method !== request.method) continue;
    const input: Record<string, unknown> = {};
    if (match[1] !== undefined) input.FunctionName = decodeURIComponent(match[1]);
    for (const [key, value] of url.searchParams) {
      if (key !== 'List') input[key] = key === 'MaxItems' ? Number(value) : value;
    }
    return {
      service: 'lambda',
      operation: route.operation(url.searchParams),
      protocol: 'rest-json',
      input,
      queryMode: false,
    };
  }
  return new ServiceError({
    type: 'UnknownOperationException',
    httpStatus: 404,
    message: `Unknown operation ${request.method} ${url.pathname}`,
  });
}

function unknownOperation(what: string): ServiceError {
  return new ServiceError({ type: 'UnknownOperationException', httpStatus: 400, message: `Unknown operation ${what}` });
}

export function headerOf(headers: RawRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Which service an unroutable request was probably for, so its error is written in that service's protocol. */
export function guessService(request: RawRequest): ServiceName | 'unknown' {
  const target = headerOf(request.headers, 'x-amz-target') ?? '';
  if (target.startsWith('Logs_')) return 'logs';
  if (target.startsWith('Granite') || request.body.includes('Action=')) return 'cloudwatch';
  if (request.url.startsWith('/20')) return 'lambda';
  return 'unknown';
}
