import { SDK_METRICS } from '../catalog.js';
import type { Rejection } from '../diagnostics/warning-kind.js';
import { describeError } from '../util/describe.js';
import { randomHexId } from '../util/random-hex-id.js';
import { parseStackFrames } from './parse-stack-frames.js';
import {
  type AnnotationValue,
  MAX_ANNOTATION_VALUE_LENGTH,
  MAX_ANNOTATIONS,
  toAnnotation,
  truncateText,
} from './to-annotation.js';
import { type SubsegmentDocument, toSubsegmentDocument, type XRayException } from './to-subsegment-document.js';

/** User metadata per subsegment; the datagram must stay under 64 KB with everything else. */
export const MAX_METADATA_BYTES = 32 * 1024;
/** A captured response is cut to this many characters (and stored as a string when cut). */
export const MAX_RESPONSE_CHARS = 16 * 1024;
const MAX_EXCEPTION_MESSAGE_CHARS = 4096;
/** Error.cause chains are followed this deep. */
const MAX_CAUSES = 5;
/** Namespaces starting with `AWS.` belong to AWS's own SDKs. */
const RESERVED_NAMESPACE_PREFIX = 'AWS.';
// The schema's name pattern: letters, separators, numbers and _.:/%&#=+\-@, 1–200 characters. Built on first use:
// a Unicode property class costs ~0.8 ms of every cold start when the module evaluates it.
let notNameCharacter: RegExp | undefined;
const MAX_NAME_LENGTH = 200;

export interface XRaySubsegmentStart {
  readonly handlerName: string;
  readonly traceId: string;
  readonly parentId: string;
  readonly startTimeSec: number;
  readonly coldStart: boolean;
  readonly service: string;
  readonly workingDirectory: string;
}

export interface XRayOutcome {
  readonly endTimeSec: number;
  readonly threw: boolean;
  readonly error: unknown;
  readonly httpStatus: number | undefined;
  /** The response's JSON text, when capture is on and it has one. */
  readonly responseJson: string | undefined;
}

let lastHandlerName: string | undefined;
let lastName = '';

/** `## <handler>`, as Powertools names it, made to fit the schema's name pattern. */
export function toSubsegmentName(handlerName: string): string {
  // One name per wrapped handler, asked for on every sampled invocation.
  if (handlerName === lastHandlerName) return lastName;
  notNameCharacter ??= /[^\p{L}\p{Z}\p{N}_.:/%&#=+\-@]/gu;
  lastName = truncateText(`## ${handlerName}`.replace(notNameCharacter, '_'), MAX_NAME_LENGTH);
  lastHandlerName = handlerName;
  return lastName;
}

function readCause(value: unknown): unknown {
  try {
    return typeof value === 'object' && value !== null ? (value as { cause?: unknown }).cause : undefined;
  } catch {
    // A throwing getter ends the chain.
    return undefined;
  }
}

function toExceptions(thrown: unknown): XRayException[] {
  const exceptions: XRayException[] = [];
  const seen = new Set<unknown>();
  for (let current = thrown; current !== undefined && exceptions.length < MAX_CAUSES && !seen.has(current); ) {
    seen.add(current);
    const { name, message, stack } = describeError(current);
    const { frames, truncated } = parseStackFrames(stack);
    exceptions.push({
      id: randomHexId(),
      type: name,
      message: truncateText(message, MAX_EXCEPTION_MESSAGE_CHARS),
      frames,
      truncated,
    });
    current = readCause(current);
  }
  return exceptions.map((exception, index) => ({ ...exception, cause: exceptions[index + 1]?.id }));
}

/**
 * One invocation's `## <handler>` subsegment under Lambda's own segment: annotations and metadata collected while
 * the handler runs, one document when it ends (or when it is about to time out). Never sends anything itself.
 */
export class XRaySubsegment {
  readonly id = randomHexId();
  readonly #start: XRaySubsegmentStart;
  readonly #own: ReadonlyMap<string, AnnotationValue>;
  readonly #annotations = new Map<string, AnnotationValue>();
  readonly #metadata = new Map<string, Map<string, string>>();
  #metadataBytes = 0;

  constructor(start: XRaySubsegmentStart) {
    this.#start = start;
    this.#own = new Map<string, AnnotationValue>([
      // Named like the metrics, so a trace and a graph of the same event use one word.
      [SDK_METRICS.coldStart.name, start.coldStart],
      ['Service', truncateText(start.service, MAX_ANNOTATION_VALUE_LENGTH)],
    ]);
  }

  annotate(key: unknown, value: unknown): Rejection | undefined {
    const annotation = toAnnotation(key, value);
    if (annotation.problem !== undefined) return { kind: 'invalid-annotation', detail: annotation.problem };
    if (this.#own.has(annotation.key)) {
      return { kind: 'invalid-annotation', detail: `annotation ${annotation.key} is set by the SDK` };
    }
    if (!this.#annotations.has(annotation.key) && this.#annotations.size + this.#own.size >= MAX_ANNOTATIONS) {
      return { kind: 'trace-limit', detail: `more than ${MAX_ANNOTATIONS} annotations; ${annotation.key} dropped` };
    }
    this.#annotations.set(annotation.key, annotation.value);
    return undefined;
  }

  addMetadata(key: unknown, value: unknown, namespace: unknown): Rejection | undefined {
    if (typeof key !== 'string' || key === '') {
      return { kind: 'invalid-metadata', detail: 'metadata key must be a non-empty string' };
    }
    const space = namespace === undefined ? this.#start.service : namespace;
    if (typeof space !== 'string' || space === '' || space.startsWith(RESERVED_NAMESPACE_PREFIX)) {
      return { kind: 'invalid-metadata', detail: `metadata namespace must be a string not starting with "AWS."` };
    }
    let json: string | undefined;
    try {
      json = JSON.stringify(value);
    } catch (error) {
      return {
        kind: 'invalid-metadata',
        detail: `metadata ${JSON.stringify(key)} cannot be serialised: ${String(error)}`,
      };
    }
    if (json === undefined)
      return { kind: 'invalid-metadata', detail: `metadata ${JSON.stringify(key)} has no JSON form` };
    const bytes = Buffer.byteLength(json) + Buffer.byteLength(key);
    if (this.#metadataBytes + bytes > MAX_METADATA_BYTES) {
      return {
        kind: 'trace-limit',
        detail: `metadata over ${MAX_METADATA_BYTES} bytes; ${JSON.stringify(key)} dropped`,
      };
    }
    let entries = this.#metadata.get(space);
    if (entries === undefined) {
      entries = new Map();
      this.#metadata.set(space, entries);
    }
    entries.set(key, json);
    this.#metadataBytes += bytes;
    return undefined;
  }

  /** The document for a finished invocation. */
  finish(outcome: XRayOutcome): SubsegmentDocument {
    const status = outcome.httpStatus;
    const metadata = this.#withResponse(outcome.responseJson);
    return this.#document(outcome.endTimeSec, {
      fault: outcome.threw || (status !== undefined && status >= 500),
      error: !outcome.threw && status !== undefined && status >= 400 && status < 500,
      throttle: status === 429,
      httpStatus: status,
      exceptions: outcome.threw ? toExceptions(outcome.error) : [],
      metadata,
    });
  }

  /** The document sent by the pre-timeout flush: a fault, with the reason as its exception. */
  timedOut(endTimeSec: number, elapsedMs: number): SubsegmentDocument {
    return this.#document(endTimeSec, {
      fault: true,
      error: false,
      throttle: false,
      httpStatus: undefined,
      exceptions: [
        {
          id: randomHexId(),
          type: SDK_METRICS.timeoutImminent.name,
          message: `still running after ${elapsedMs} ms with the timeout margin left; Lambda is about to stop it`,
          frames: [],
          truncated: 0,
        },
      ],
      metadata: this.#metadata,
    });
  }

  #withResponse(json: string | undefined): ReadonlyMap<string, ReadonlyMap<string, string>> {
    if (json === undefined) return this.#metadata;
    const text = json.length > MAX_RESPONSE_CHARS ? JSON.stringify(`${truncateText(json, MAX_RESPONSE_CHARS)}…`) : json;
    const metadata = new Map(this.#metadata);
    metadata.set(
      this.#start.service,
      new Map([...(this.#metadata.get(this.#start.service) ?? []), ['response', text]]),
    );
    return metadata;
  }

  #document(
    endTimeSec: number,
    result: {
      fault: boolean;
      error: boolean;
      throttle: boolean;
      httpStatus: number | undefined;
      exceptions: readonly XRayException[];
      metadata: ReadonlyMap<string, ReadonlyMap<string, string>>;
    },
  ): SubsegmentDocument {
    const start = this.#start;
    return toSubsegmentDocument({
      name: toSubsegmentName(start.handlerName),
      id: this.id,
      traceId: start.traceId,
      parentId: start.parentId,
      startTimeSec: start.startTimeSec,
      endTimeSec: Math.max(endTimeSec, start.startTimeSec),
      ownAnnotations: this.#own,
      annotations: this.#annotations,
      metadata: result.metadata,
      fault: result.fault,
      error: result.error,
      throttle: result.throttle,
      httpStatus: result.httpStatus,
      exceptions: result.exceptions,
      workingDirectory: start.workingDirectory,
    });
  }
}
