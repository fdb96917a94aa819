import { ServiceError } from './service-error.js';

/**
 * Typed access to a decoded request body. A member of the wrong type is a SerializationException, as from the
 * service's own deserialiser; missing members are undefined, never defaulted here.
 */
export class RequestInput {
  private readonly members: Readonly<Record<string, unknown>>;

  constructor(body: unknown) {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw serializationError('the request body must be a JSON object');
    }
    this.members = body as Record<string, unknown>;
  }

  get raw(): Readonly<Record<string, unknown>> {
    return this.members;
  }

  string(name: string): string | undefined {
    const value = this.members[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw serializationError(`${name} must be a string`);
    return value;
  }

  requiredString(name: string): string {
    const value = this.string(name);
    if (value === undefined) {
      throw new ServiceError({
        type: 'ValidationException',
        httpStatus: 400,
        message: `1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`,
      });
    }
    return value;
  }

  /** Whole numbers only: the services model these as long/integer. */
  integer(name: string): number | undefined {
    const value = this.members[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) throw serializationError(`${name} must be an integer`);
    return value;
  }

  number(name: string): number | undefined {
    const value = this.members[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw serializationError(`${name} must be a number`);
    return value;
  }

  boolean(name: string): boolean | undefined {
    const value = this.members[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') throw serializationError(`${name} must be a boolean`);
    return value;
  }

  stringList(name: string): string[] | undefined {
    const value = this.members[name];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
      throw serializationError(`${name} must be a list of strings`);
    }
    return value as string[];
  }

  list(name: string): unknown[] | undefined {
    const value = this.members[name];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) throw serializationError(`${name} must be a list`);
    return value;
  }
}

export function serializationError(message: string): ServiceError {
  return new ServiceError({ type: 'SerializationException', httpStatus: 400, message });
}
