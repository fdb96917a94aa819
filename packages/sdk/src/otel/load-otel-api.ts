import type * as OtelApi from '@opentelemetry/api';

export type OtelApiModule = typeof OtelApi;

// Where @opentelemetry/api 1.x keeps what the application registered, shared by every copy of the API in the process.
const API_GLOBAL = Symbol.for('opentelemetry.js.api.1');

/** Whether anything registered a global tracer provider; reading the registry needs no import of the API. */
export function isTracerProviderRegistered(): boolean {
  const registry = (globalThis as { [API_GLOBAL]?: { trace?: unknown } })[API_GLOBAL];
  return registry?.trace !== undefined;
}

let api: OtelApiModule | undefined;
let loading: Promise<OtelApiModule | undefined> | undefined;
let failure: unknown;

/** The API once loaded; until then undefined. */
export function otelApi(): OtelApiModule | undefined {
  return api;
}

/** Why loading failed (the peer dependency is missing), or undefined. */
export function otelApiFailure(): unknown {
  return failure;
}

/**
 * Loads @opentelemetry/api the first time an invocation needs it: a function with no tracer provider never pays
 * for it (~20 ms on Node 20). Never rejects; a missing peer dependency is remembered in otelApiFailure().
 */
export function loadOtelApi(): Promise<OtelApiModule | undefined> {
  loading ??= import('@opentelemetry/api').then(
    (module) => {
      // The CommonJS build seen from ESM: named exports, or everything under `default`.
      const resolved = (
        (module as { trace?: unknown }).trace === undefined ? (module as { default?: unknown }).default : module
      ) as OtelApiModule;
      api = resolved;
      return resolved;
    },
    (error: unknown) => {
      failure = error;
      return undefined;
    },
  );
  return loading;
}
