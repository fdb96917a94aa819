import { toQueryErrorXml, toQueryResponseXml } from './aws-query-protocol.js';
import type { WireProtocol } from './route-request.js';
import type { ServiceError } from './service-error.js';

/** A response rendered to bytes before it is sent, so a fault can cut it off part-way. */
export interface WireResponse {
  readonly httpStatus: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

const CONTENT_TYPES: Readonly<Record<WireProtocol, string>> = {
  'json-1.1': 'application/x-amz-json-1.1',
  'json-1.0': 'application/x-amz-json-1.0',
  'rest-json': 'application/json',
  query: 'text/xml',
};

export function toSuccessResponse(
  protocol: WireProtocol,
  operation: string,
  output: unknown,
  requestId: string,
  httpStatus = 200,
): WireResponse {
  const body = protocol === 'query' ? toQueryResponseXml(operation, output, requestId) : toJson(output);
  return respond(httpStatus, protocol, requestId, body, {});
}

export function toErrorResponse(
  protocol: WireProtocol,
  error: ServiceError,
  requestId: string,
  queryMode: boolean,
): WireResponse {
  switch (protocol) {
    case 'query':
      return respond(error.httpStatus, protocol, requestId, toQueryErrorXml(error, requestId), error.headers);
    case 'rest-json':
      return respond(
        error.httpStatus,
        protocol,
        requestId,
        toJson({
          Type: error.httpStatus >= 500 ? 'Service' : 'User',
          message: error.message,
          Message: error.message,
          ...error.fields,
        }),
        { 'x-amzn-errortype': error.type, ...error.headers },
      );
    default: {
      const headers: Record<string, string> = { ...error.headers };
      if (queryMode && error.query !== undefined) {
        headers['x-amzn-query-error'] = `${error.query.code};${error.query.fault}`;
      }
      return respond(
        error.httpStatus,
        protocol,
        requestId,
        toJson({ __type: error.type, message: error.message, ...error.fields }),
        headers,
      );
    }
  }
}

function respond(
  httpStatus: number,
  protocol: WireProtocol,
  requestId: string,
  body: string,
  extraHeaders: Readonly<Record<string, string>>,
): WireResponse {
  const bytes = Buffer.from(body, 'utf8');
  return {
    httpStatus,
    headers: {
      'content-type': CONTENT_TYPES[protocol],
      'content-length': String(bytes.length),
      'x-amzn-requestid': requestId,
      date: new Date().toUTCString(),
      ...extraHeaders,
    },
    body: bytes,
  };
}

/** JSON with Date members as epoch seconds, the default timestamp format of the JSON protocols. */
function toJson(value: unknown): string {
  return JSON.stringify(value, function replace(this: Record<string, unknown>, key: string, member: unknown) {
    const original = this[key];
    return original instanceof Date ? original.getTime() / 1000 : member;
  });
}
