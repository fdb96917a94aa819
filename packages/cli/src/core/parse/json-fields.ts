import type { InitType } from './parsed-line.js';

export type JsonObject = Readonly<Record<string, unknown>>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringField(object: JsonObject, key: string): string | undefined {
  const value = object[key];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export function numberField(object: JsonObject, key: string): number | undefined {
  const value = object[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function booleanField(object: JsonObject, key: string): boolean | undefined {
  const value = object[key];
  return typeof value === 'boolean' ? value : undefined;
}

/** The first of `keys` that holds a non-empty string. */
export function firstString(object: JsonObject, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = stringField(object, key);
    if (value !== undefined) return value;
  }
  return undefined;
}

export function firstBoolean(object: JsonObject, keys: readonly string[]): boolean | undefined {
  for (const key of keys) {
    const value = booleanField(object, key);
    if (value !== undefined) return value;
  }
  return undefined;
}

const INIT_TYPES: ReadonlySet<string> = new Set([
  'on-demand',
  'provisioned-concurrency',
  'snap-start',
  'lambda-managed-instances',
]);

export function toInitType(value: unknown): InitType | undefined {
  return typeof value === 'string' && INIT_TYPES.has(value) ? (value as InitType) : undefined;
}

/** The `Root=` of an `X-Amzn-Trace-Id` header (`Root=1-…;Parent=…;Sampled=1`), or the value itself if it is a bare id. */
export function toTraceRoot(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const root = /Root=([^;]+)/.exec(value);
  return root === null ? value : root[1];
}
