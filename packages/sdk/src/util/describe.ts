/** A short text for any value, for messages; never throws (not for BigInt, symbols, revoked proxies or null prototypes). */
export function describeValue(value: unknown): string {
  try {
    if (typeof value === 'string') return JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}…` : value);
    if (typeof value === 'bigint') return `${value}n`;
    if (typeof value === 'symbol' || typeof value === 'function') return value.toString();
    const json = JSON.stringify(value);
    if (json !== undefined) return json.length > 200 ? `${json.slice(0, 200)}…` : json;
    return String(value);
  } catch {
    // Circular structures and hostile getters end here; the type is still worth saying.
    return `unprintable ${typeof value}`;
  }
}

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
