import type { StackFrame } from './parse-stack-frames.js';
import type { AnnotationValue } from './to-annotation.js';

/** Every datagram to the daemon starts with this line. https://docs.aws.amazon.com/xray/latest/devguide/xray-api-sendingdata.html#xray-api-daemon */
export const DAEMON_HEADER = '{"format":"json","version":1}\n';
/** The daemon reads datagrams of up to 64 KB; the header counts. */
export const MAX_DATAGRAM_BYTES = 64 * 1024 - 1;

export interface XRayException {
  /** 16 hex digits. */
  readonly id: string;
  readonly type: string;
  readonly message: string;
  readonly frames: readonly StackFrame[];
  readonly truncated: number;
  /** The id of the exception that caused this one (an Error's `cause`). */
  readonly cause?: string | undefined;
}

export interface SubsegmentInput {
  readonly name: string;
  readonly id: string;
  readonly traceId: string;
  readonly parentId: string;
  /** Epoch seconds with fractions. */
  readonly startTimeSec: number;
  readonly endTimeSec: number;
  /** The SDK's own annotations (ColdStart, Service), kept whatever else has to go. */
  readonly ownAnnotations: ReadonlyMap<string, AnnotationValue>;
  readonly annotations: ReadonlyMap<string, AnnotationValue>;
  /** Namespace → key → the value's JSON text. */
  readonly metadata: ReadonlyMap<string, ReadonlyMap<string, string>>;
  readonly fault: boolean;
  readonly error: boolean;
  readonly throttle: boolean;
  readonly httpStatus: number | undefined;
  readonly exceptions: readonly XRayException[];
  readonly workingDirectory: string;
}

export interface SubsegmentDocument {
  /** Header line and document, ready to send; undefined when even the smallest form is too large. */
  readonly datagram: string | undefined;
  /** What had to be left out to fit, in the order it was tried. */
  readonly dropped: readonly ('metadata' | 'stack frames' | 'annotations')[];
}

function annotationsText(
  own: ReadonlyMap<string, AnnotationValue>,
  user: ReadonlyMap<string, AnnotationValue>,
): string {
  let text = '';
  for (const map of [own, user]) {
    for (const [key, value] of map) text += `${text === '' ? '' : ','}${JSON.stringify(key)}:${JSON.stringify(value)}`;
  }
  return text === '' ? '' : `,"annotations":{${text}}`;
}

function metadataText(metadata: ReadonlyMap<string, ReadonlyMap<string, string>>): string {
  let text = '';
  for (const [namespace, entries] of metadata) {
    let inner = '';
    for (const [key, json] of entries) inner += `${inner === '' ? '' : ','}${JSON.stringify(key)}:${json}`;
    text += `${text === '' ? '' : ','}${JSON.stringify(namespace)}:{${inner}}`;
  }
  return text === '' ? '' : `,"metadata":{${text}}`;
}

function causeText(input: SubsegmentInput, withFrames: boolean): string {
  if (input.exceptions.length === 0) return '';
  const exceptions = input.exceptions.map((exception) => {
    const truncated = withFrames ? exception.truncated : exception.frames.length + exception.truncated;
    return JSON.stringify({
      id: exception.id,
      type: exception.type,
      message: exception.message,
      ...(withFrames ? { stack: exception.frames } : {}),
      ...(truncated > 0 ? { truncated } : {}),
      ...(exception.cause === undefined ? {} : { cause: exception.cause }),
    });
  });
  return `,"cause":{"working_directory":${JSON.stringify(input.workingDirectory)},"exceptions":[${exceptions.join(',')}]}`;
}

function build(input: SubsegmentInput, metadata: boolean, frames: boolean, annotations: boolean): string {
  const flags =
    (input.fault ? ',"fault":true' : '') +
    (input.error ? ',"error":true' : '') +
    (input.throttle ? ',"throttle":true' : '');
  const http = input.httpStatus === undefined ? '' : `,"http":{"response":{"status":${input.httpStatus}}}`;
  return (
    `${DAEMON_HEADER}{"name":${JSON.stringify(input.name)},"id":"${input.id}","trace_id":"${input.traceId}"` +
    `,"parent_id":"${input.parentId}","type":"subsegment","start_time":${input.startTimeSec},"end_time":${input.endTimeSec}` +
    flags +
    http +
    annotationsText(input.ownAnnotations, annotations ? input.annotations : new Map()) +
    (metadata ? metadataText(input.metadata) : '') +
    causeText(input, frames) +
    '}'
  );
}

/**
 * The datagram for one independent subsegment (`"type":"subsegment"` with `trace_id` and `parent_id`), as the
 * daemon protocol wants it: the header line, then the document. Pure. When it would not fit in a datagram, the
 * metadata goes first, then the stack frames, then the user's annotations.
 */
export function toSubsegmentDocument(input: SubsegmentInput): SubsegmentDocument {
  const dropped: ('metadata' | 'stack frames' | 'annotations')[] = [];
  let metadata = true;
  let frames = true;
  let annotations = true;
  for (;;) {
    const datagram = build(input, metadata, frames, annotations);
    // A cheap upper bound first: most documents are far below the limit.
    if (datagram.length * 3 <= MAX_DATAGRAM_BYTES || Buffer.byteLength(datagram) <= MAX_DATAGRAM_BYTES) {
      return { datagram, dropped };
    }
    if (metadata && input.metadata.size > 0) {
      metadata = false;
      dropped.push('metadata');
    } else if (frames && input.exceptions.some((exception) => exception.frames.length > 0)) {
      frames = false;
      dropped.push('stack frames');
    } else if (annotations && input.annotations.size > 0) {
      annotations = false;
      dropped.push('annotations');
    } else {
      return { datagram: undefined, dropped };
    }
  }
}
