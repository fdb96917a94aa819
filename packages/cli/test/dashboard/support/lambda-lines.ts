import type { LogEvent } from '../../../src/core/log-event.js';

/** One invocation as Lambda's text format writes it (see shared/reference/lambda-platform-logs.md). */
export interface InvocationSpec {
  readonly functionName: string;
  /** The environment id: the stream is `YYYY/MM/DD/[$LATEST]<id>`. */
  readonly environment: string;
  readonly requestId: string;
  readonly startMs: number;
  readonly durationMs: number;
  readonly memorySizeMb: number;
  readonly maxMemoryUsedMb: number;
  /** A cold start: INIT_START before, Init Duration in the REPORT. */
  readonly initDurationMs?: number;
  /** Lines the function logs, at INFO unless they say `ERROR`. */
  readonly appLines?: readonly { readonly level: 'INFO' | 'WARN' | 'ERROR'; readonly message: string }[];
  readonly timeoutSeconds?: number;
  readonly outOfMemory?: boolean;
  readonly xrayTraceId?: string;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function streamOf(spec: Pick<InvocationSpec, 'environment' | 'startMs'>): string {
  return `${iso(spec.startMs).slice(0, 10).replaceAll('-', '/')}/[$LATEST]${spec.environment}`;
}

function billedMs(spec: InvocationSpec): number {
  return Math.ceil(spec.durationMs + (spec.initDurationMs ?? 0));
}

/** The events one invocation leaves in CloudWatch, in order, with group, stream and timestamps. */
export function invocationEvents(spec: InvocationSpec): LogEvent[] {
  const logGroup = `/aws/lambda/${spec.functionName}`;
  const logStream = streamOf(spec);
  const at = (offsetMs: number, message: string): LogEvent => ({
    logGroup,
    logStream,
    timestampMs: Math.round(spec.startMs + offsetMs),
    message,
  });
  const events: LogEvent[] = [];
  if (spec.initDurationMs !== undefined) {
    events.push(
      at(
        -spec.initDurationMs,
        'INIT_START Runtime Version: nodejs:20.v48\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:adfa9c68b2b34ae1cba34f70c4369649bca17aea5fe29e10414b040bf256e6c6',
      ),
    );
  }
  events.push(at(0, `START RequestId: ${spec.requestId} Version: $LATEST`));
  (spec.appLines ?? []).forEach((line, index) => {
    events.push(at(1 + index, `${iso(spec.startMs + 1 + index)}\t${spec.requestId}\t${line.level}\t${line.message}`));
  });
  const endMs = spec.durationMs;
  if (spec.timeoutSeconds !== undefined) {
    events.push(
      at(
        endMs,
        `${iso(spec.startMs + endMs)} ${spec.requestId} Task timed out after ${spec.timeoutSeconds.toFixed(2)} seconds`,
      ),
    );
  }
  if (spec.outOfMemory === true) {
    events.push(
      at(endMs, `RequestId: ${spec.requestId} Error: Runtime exited with error: signal: killed\nRuntime.ExitError`),
    );
  }
  events.push(at(endMs, `END RequestId: ${spec.requestId}`));
  const status =
    spec.timeoutSeconds !== undefined
      ? '\tStatus: timeout'
      : spec.outOfMemory === true
        ? '\tStatus: error\tError Type: Runtime.OutOfMemory'
        : '';
  const init = spec.initDurationMs === undefined ? '' : `\tInit Duration: ${spec.initDurationMs.toFixed(2)} ms`;
  const xray =
    spec.xrayTraceId === undefined
      ? ''
      : `\nXRAY TraceId: ${spec.xrayTraceId}\tSegmentId: 3d752e4d1bbe37e2\tSampled: true`;
  events.push(
    at(
      endMs,
      `REPORT RequestId: ${spec.requestId}\tDuration: ${spec.durationMs.toFixed(2)} ms\tBilled Duration: ${billedMs(spec)} ms\tMemory Size: ${spec.memorySizeMb} MB\tMax Memory Used: ${spec.maxMemoryUsedMb} MB${init}${status}\t${xray}`,
    ),
  );
  return events;
}

/** A request id from a number: a valid lower-case UUID, distinct per `n`. */
export function requestIdOf(n: number, salt = 0): string {
  const hex = (n * 2654435761 + salt * 40503).toString(16).padStart(12, '0').slice(-12);
  return `${(n + 0x10000000 + salt).toString(16).slice(-8)}-aaaa-4bbb-8ccc-${hex}`;
}

/** The events of many invocations, merged into time order as CloudWatch returns them. */
export function toTimeOrder(groups: readonly (readonly LogEvent[])[]): LogEvent[] {
  return groups
    .flat()
    .map((event, index) => ({ event, index }))
    .sort((left, right) => (left.event.timestampMs ?? 0) - (right.event.timestampMs ?? 0) || left.index - right.index)
    .map(({ event }) => event);
}
