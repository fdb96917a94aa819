import type { Instrument, InstrumentInvocation, InvocationStart } from '../instrument/instrument.js';
import {
  isTracerProviderRegistered,
  loadOtelApi,
  type OtelApiModule,
  otelApi,
  otelApiFailure,
} from '../otel/load-otel-api.js';
import { parseTraceHeader } from '../trace/parse-trace-header.js';
import { describeError } from '../util/describe.js';
import { createXRayEmitter, type XRayEmitter } from '../xray/create-xray-emitter.js';
import { type DaemonAddress, DEFAULT_DAEMON_ADDRESS } from '../xray/parse-daemon-address.js';
import { resolveTracingMode } from './resolve-tracing-mode.js';
import { TracedInvocation } from './traced-invocation.js';

/** What the instrument reaches outside itself; tests pass their own. */
export interface TracingDependencies {
  readonly isTracerProviderRegistered: () => boolean;
  readonly otelApi: () => OtelApiModule | undefined;
  readonly loadOtelApi: () => Promise<OtelApiModule | undefined>;
  readonly createEmitter: (address: DaemonAddress) => XRayEmitter;
  /** Epoch ms, with sub-millisecond precision for segment times. */
  readonly nowEpochMs: () => number;
  readonly workingDirectory: () => string;
}

export const DEFAULT_TRACING_DEPENDENCIES: TracingDependencies = {
  isTracerProviderRegistered,
  otelApi,
  loadOtelApi,
  createEmitter: createXRayEmitter,
  nowEpochMs: () => performance.timeOrigin + performance.now(),
  workingDirectory: () => process.cwd(),
};

/**
 * X-Ray and OpenTelemetry for every wrapped handler of the process, decided per invocation by resolveTracingMode.
 * When neither records (the common case: `auto`, no provider, no daemon) start() reads two values and returns.
 */
export function createTracingInstrument(dependencies: TracingDependencies = DEFAULT_TRACING_DEPENDENCIES): Instrument {
  // One emitter (one socket) per daemon address; configurations resolve the address once per wrapped handler.
  const emitters = new Map<string, XRayEmitter>();
  const emittersByAddress = new WeakMap<DaemonAddress, XRayEmitter>();
  let workingDirectory: string | undefined;

  const emitterFor = (address: DaemonAddress): XRayEmitter => {
    let emitter = emittersByAddress.get(address);
    if (emitter !== undefined) return emitter;
    const key = `${address.host}:${address.port}`;
    emitter = emitters.get(key) ?? dependencies.createEmitter(address);
    emitters.set(key, emitter);
    emittersByAddress.set(address, emitter);
    return emitter;
  };

  const otelFor = (invocation: InvocationStart): OtelApiModule | Promise<OtelApiModule | undefined> | undefined => {
    const loaded = dependencies.otelApi();
    if (loaded !== undefined) return loaded;
    return dependencies.loadOtelApi().then((api) => {
      if (api === undefined) {
        const { message } = describeError(otelApiFailure());
        invocation.warn(
          'tracing-unavailable',
          `a tracer provider is registered but @opentelemetry/api does not load: ${message}`,
        );
      }
      return api;
    });
  };

  return {
    name: 'tracing',
    start(invocation): InstrumentInvocation | undefined {
      const { tracing, xrayDaemon } = invocation.config;
      if (tracing === 'off') return undefined;
      const otelRegistered = tracing !== 'xray' && dependencies.isTracerProviderRegistered();
      // An unusable AWS_XRAY_DAEMON_ADDRESS (null) turns X-Ray off; unset, only `auto` needs it.
      const xrayPossible =
        tracing !== 'otel' && xrayDaemon !== null && (tracing !== 'auto' || xrayDaemon !== undefined);
      if (!otelRegistered && !xrayPossible) {
        if (tracing === 'otel' || tracing === 'both') {
          invocation.warn(
            'tracing-unavailable',
            `tracing is '${tracing}' but no OpenTelemetry tracer provider is registered`,
          );
        }
        return undefined;
      }
      const header = parseTraceHeader(invocation.traceHeader);
      const mode = resolveTracingMode(tracing, header?.sampled, xrayDaemon != null, otelRegistered);
      const xray = mode.xray && header?.parent !== undefined;
      if (!xray && !mode.otel) return undefined;
      workingDirectory ??= dependencies.workingDirectory();
      return new TracedInvocation({
        invocation,
        header,
        emitter: xray ? emitterFor(xrayDaemon ?? DEFAULT_DAEMON_ADDRESS) : undefined,
        otel: mode.otel ? otelFor(invocation) : undefined,
        nowEpochMs: dependencies.nowEpochMs,
        workingDirectory,
      });
    },
  };
}
