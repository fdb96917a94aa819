import { randomBytes, randomUUID } from 'node:crypto';

/**
 * Identifiers shaped like Lambda's. The `to…` functions are pure; the `create…` ones draw fresh randomness.
 */

function twoDigits(value: number): string {
  return String(value).padStart(2, '0');
}

/** `YYYY/MM/DD/[$LATEST]<32 hex>`: one stream per execution environment, dated (UTC) when it was created. */
export function toLogStreamName(createdAtMs: number, version: string, environmentId: string): string {
  const date = new Date(createdAtMs);
  const day = `${date.getUTCFullYear()}/${twoDigits(date.getUTCMonth() + 1)}/${twoDigits(date.getUTCDate())}`;
  return `${day}/[${version}]${environmentId}`;
}

/**
 * `Root=1-<8 hex epoch seconds>-<24 hex>;Parent=<16 hex>;Sampled=0`: the header Lambda hands every invocation
 * even with active tracing off. https://docs.aws.amazon.com/xray/latest/devguide/xray-concepts.html#xray-concepts-tracingheader
 */
export function toTraceHeader(epochMs: number, rootRandomHex: string, parentIdHex: string): string {
  const epochHex = Math.floor(epochMs / 1000)
    .toString(16)
    .padStart(8, '0');
  return `Root=1-${epochHex}-${rootRandomHex};Parent=${parentIdHex};Sampled=0`;
}

export function createEnvironmentId(): string {
  return randomBytes(16).toString('hex');
}

export function createTraceHeader(epochMs: number): string {
  return toTraceHeader(epochMs, randomBytes(12).toString('hex'), randomBytes(8).toString('hex'));
}

/** Lambda request ids are version 4 UUIDs. */
export function createRequestId(): string {
  return randomUUID();
}
