/**
 * An error the local server returns the way the real service would: the modelled error type, its HTTP status and the
 * extra members of its shape. Each protocol writer (JSON 1.0/1.1, REST-JSON, AWS Query) turns it into bytes.
 */
export interface ServiceErrorInit {
  readonly type: string;
  readonly httpStatus: number;
  readonly message: string;
  /** Extra members of the error shape, serialised beside the message (e.g. DashboardValidationMessages). */
  readonly fields?: Readonly<Record<string, unknown>>;
  /** The AWS Query error code for services that are awsQueryCompatible (CloudWatch), with who is at fault. */
  readonly query?: { readonly code: string; readonly fault: 'Sender' | 'Receiver' };
  readonly headers?: Readonly<Record<string, string>>;
}

export class ServiceError extends Error {
  readonly type: string;
  readonly httpStatus: number;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly query: ServiceErrorInit['query'];
  readonly headers: Readonly<Record<string, string>>;

  constructor(init: ServiceErrorInit) {
    super(init.message);
    this.name = init.type;
    this.type = init.type;
    this.httpStatus = init.httpStatus;
    this.fields = init.fields ?? {};
    this.query = init.query;
    this.headers = init.headers ?? {};
  }
}

/** CloudWatch Logs' most common validation error (HTTP 400). */
export function invalidParameter(message: string): ServiceError {
  return new ServiceError({ type: 'InvalidParameterException', httpStatus: 400, message });
}

export function logsResourceNotFound(message: string): ServiceError {
  return new ServiceError({ type: 'ResourceNotFoundException', httpStatus: 400, message });
}
