/** The `tracing` option. */
export const TRACING_OPTIONS = ['auto', 'xray', 'otel', 'both', 'off'] as const;
export type TracingOption = (typeof TRACING_OPTIONS)[number];

/** Which tracers record this invocation. */
export interface TracingMode {
  readonly xray: boolean;
  readonly otel: boolean;
}

const NONE: TracingMode = Object.freeze({ xray: false, otel: false });
const XRAY: TracingMode = Object.freeze({ xray: true, otel: false });
const OTEL: TracingMode = Object.freeze({ xray: false, otel: true });
const BOTH: TracingMode = Object.freeze({ xray: true, otel: true });

/**
 * Decides per invocation, from the option and what the process shows. Pure, and it allocates nothing.
 * - X-Ray records only when Lambda's header says `Sampled=1` (Lambda decided to trace this request; `Sampled=0`
 *   must send nothing). `auto` also needs `AWS_XRAY_DAEMON_ADDRESS`, which Lambda sets when Active Tracing is on;
 *   `xray` and `both` fall back to the daemon's default 127.0.0.1:2000.
 * - OpenTelemetry records only when a tracer provider is registered: without one the API is a no-op anyway.
 */
export function resolveTracingMode(
  option: TracingOption,
  sampled: boolean | undefined,
  daemonAddressSet: boolean,
  otelProviderRegistered: boolean,
): TracingMode {
  if (option === 'off') return NONE;
  const xray = option !== 'otel' && sampled === true && (option !== 'auto' || daemonAddressSet);
  const otel = option !== 'xray' && otelProviderRegistered;
  return xray ? (otel ? BOTH : XRAY) : otel ? OTEL : NONE;
}
