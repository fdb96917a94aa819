import type { Fault, ServiceName } from './fault-rules.js';
import { ServiceError } from './service-error.js';

/**
 * The error each service really returns for an injected fault, so the SDK classifies it as it would in production:
 * throttling and 5xx retryable, access denied and unknown operation not.
 */
export function toFaultError(
  fault: Extract<Fault, { kind: 'throttle' | 'server-error' | 'access-denied' | 'unknown-operation' }>,
  service: ServiceName,
  operation: string,
  accountId: string,
): ServiceError {
  switch (fault.kind) {
    case 'throttle':
      return throttlingError(service);
    case 'server-error':
      return serverError(service, fault.httpStatus ?? 503);
    case 'access-denied':
      return accessDenied(service, operation, accountId);
    default:
      return new ServiceError({
        type: 'UnknownOperationException',
        httpStatus: service === 'lambda' ? 404 : 400,
        message: `Unknown operation ${operation}`,
      });
  }
}

export function throttlingError(service: ServiceName): ServiceError {
  switch (service) {
    case 'logs':
      return new ServiceError({ type: 'ThrottlingException', httpStatus: 400, message: 'Rate exceeded' });
    case 'cloudwatch':
      return new ServiceError({
        type: 'Throttling',
        httpStatus: 400,
        message: 'Rate exceeded',
        query: { code: 'Throttling', fault: 'Sender' },
      });
    default:
      return new ServiceError({
        type: 'TooManyRequestsException',
        httpStatus: 429,
        message: 'Rate exceeded',
        fields: { Reason: 'CallerRateLimitExceeded' },
        headers: { 'retry-after': '1' },
      });
  }
}

function serverError(service: ServiceName, httpStatus: 500 | 503): ServiceError {
  switch (service) {
    case 'logs':
      return new ServiceError({
        type: 'ServiceUnavailableException',
        httpStatus,
        message: 'The service cannot complete the request.',
      });
    case 'cloudwatch':
      return httpStatus === 500
        ? new ServiceError({
            type: 'InternalServiceFault',
            httpStatus,
            message: 'Internal service error',
            query: { code: 'InternalServiceError', fault: 'Receiver' },
          })
        : new ServiceError({
            type: 'ServiceUnavailable',
            httpStatus,
            message: 'Service unavailable',
            query: { code: 'ServiceUnavailable', fault: 'Receiver' },
          });
    default:
      return new ServiceError({
        type: 'ServiceException',
        httpStatus,
        message: 'The Lambda service encountered an internal error.',
      });
  }
}

function accessDenied(service: ServiceName, operation: string, accountId: string): ServiceError {
  const action = `${service === 'cloudwatch' ? 'cloudwatch' : service}:${operation}`;
  const message = `User: arn:aws:iam::${accountId}:user/local is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`;
  switch (service) {
    case 'logs':
      return new ServiceError({ type: 'AccessDeniedException', httpStatus: 400, message });
    case 'cloudwatch':
      return new ServiceError({
        type: 'AccessDenied',
        httpStatus: 403,
        message,
        query: { code: 'AccessDenied', fault: 'Sender' },
      });
    default:
      return new ServiceError({ type: 'AccessDeniedException', httpStatus: 403, message });
  }
}
