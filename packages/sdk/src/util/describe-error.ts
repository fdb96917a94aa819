import { describeValue } from './describe-value.js';

export interface ErrorDescription {
  readonly name: string;
  readonly message: string;
  readonly stack?: string | undefined;
}

function readString(source: object, key: string): string | undefined {
  try {
    const value = (source as Record<string, unknown>)[key];
    return typeof value === 'string' ? value : undefined;
  } catch {
    // A throwing getter on a thrown object: report the rest.
    return undefined;
  }
}

/** name, message and stack of anything a handler can throw (Errors, strings, undefined, frozen objects…); never throws. */
export function describeError(thrown: unknown): ErrorDescription {
  if (typeof thrown === 'object' && thrown !== null) {
    const message = readString(thrown, 'message');
    const name = readString(thrown, 'name');
    if (message !== undefined || name !== undefined) {
      return { name: name ?? 'Error', message: message ?? '', stack: readString(thrown, 'stack') };
    }
  }
  return { name: thrown === null ? 'null' : typeof thrown, message: describeValue(thrown) };
}
