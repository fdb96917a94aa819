import type { TriggerKind } from '../catalog.js';

/** Header name (lower case) → value, what a TextMapPropagator reads. */
export type Carrier = Readonly<Record<string, string>>;

export interface TraceCarriers {
  /** Where the invocation's parent context travels: the request's headers, or a single message's attributes. */
  readonly parent: Carrier | undefined;
  /** One per message of a batch: each message's context becomes a link, since a batch has no single parent. */
  readonly links: readonly Carrier[];
}

const NONE: TraceCarriers = Object.freeze({ parent: undefined, links: [] });
/** Links beyond this many messages add little and cost a span attribute each. */
export const MAX_LINKS = 32;

type Loose = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null;
}

function fromHeaders(headers: unknown, multiValue: unknown): Carrier | undefined {
  const carrier: Record<string, string> = {};
  if (isObject(multiValue)) {
    for (const [name, values] of Object.entries(multiValue)) {
      if (Array.isArray(values) && typeof values[0] === 'string') carrier[name.toLowerCase()] = values[0];
    }
  }
  if (isObject(headers)) {
    for (const [name, value] of Object.entries(headers))
      if (typeof value === 'string') carrier[name.toLowerCase()] = value;
  }
  return Object.keys(carrier).length === 0 ? undefined : carrier;
}

/** SQS: `messageAttributes.<name>.stringValue`; SNS: `Sns.MessageAttributes.<name>.Value`. */
function fromAttributes(attributes: unknown, valueKey: 'stringValue' | 'Value'): Carrier | undefined {
  if (!isObject(attributes)) return undefined;
  const carrier: Record<string, string> = {};
  for (const [name, attribute] of Object.entries(attributes)) {
    const value = isObject(attribute) ? attribute[valueKey] : undefined;
    if (typeof value === 'string') carrier[name.toLowerCase()] = value;
  }
  return Object.keys(carrier).length === 0 ? undefined : carrier;
}

/**
 * Where an event carries trace context that a propagator can read. Pure. HTTP triggers: the request headers
 * (multi-value headers too). SQS: each message's attributes — the parent when the batch holds one message,
 * links otherwise. SNS: the message attributes. Other sources carry none.
 */
export function toTraceCarriers(event: unknown, kind: TriggerKind): TraceCarriers {
  if (!isObject(event)) return NONE;
  switch (kind) {
    case 'api-gateway-rest':
    case 'api-gateway-http':
    case 'api-gateway-websocket':
    case 'function-url':
    case 'alb': {
      const parent = fromHeaders(event.headers, event.multiValueHeaders);
      return parent === undefined ? NONE : { parent, links: [] };
    }
    case 'sqs': {
      const records = Array.isArray(event.Records) ? event.Records : [];
      const carriers = records
        .slice(0, MAX_LINKS)
        .map((record) => (isObject(record) ? fromAttributes(record.messageAttributes, 'stringValue') : undefined))
        .filter((carrier): carrier is Carrier => carrier !== undefined);
      if (records.length === 1) return { parent: carriers[0], links: [] };
      return { parent: undefined, links: carriers };
    }
    case 'sns': {
      const record = Array.isArray(event.Records) ? event.Records[0] : undefined;
      const sns = isObject(record) ? record.Sns : undefined;
      const parent = isObject(sns) ? fromAttributes(sns.MessageAttributes, 'Value') : undefined;
      return parent === undefined ? NONE : { parent, links: [] };
    }
    default:
      return NONE;
  }
}
