import type { TraceHeader } from '../trace/parse-trace-header.js';

export interface RemoteSpanContext {
  readonly traceId: string;
  readonly spanId: string;
  readonly traceFlags: number;
  readonly isRemote: true;
}

const SAMPLED_FLAG = 1;

/**
 * Lambda's X-Ray header as an OpenTelemetry parent: the trace id is the Root without `1-` and dashes (the same
 * 32 hex digits), the span id is Parent, sampled. Only a sampled header with a Parent qualifies: a `Sampled=0`
 * parent would make the whole trace non-recording. Pure.
 */
export function toXRaySpanContext(header: TraceHeader | undefined): RemoteSpanContext | undefined {
  if (header === undefined || header.sampled !== true || header.parent === undefined) return undefined;
  return {
    traceId: header.root.slice(2).replace('-', ''),
    spanId: header.parent,
    traceFlags: SAMPLED_FLAG,
    isRemote: true,
  };
}
