import type { ServiceError } from './service-error.js';

/**
 * The AWS Query protocol (form-encoded requests, XML responses), which the Debian AWS CLI 2.9 still speaks to
 * CloudWatch. Requests are decoded into the same member tree the JSON 1.0 protocol carries.
 * https://smithy.io/2.0/aws/protocols/aws-query-protocol.html
 */
export const CLOUDWATCH_XML_NAMESPACE = 'http://monitoring.amazonaws.com/doc/2010-08-01/';

export interface QueryRequest {
  readonly action: string;
  readonly version: string | undefined;
  readonly members: Record<string, unknown>;
}

/** `A.member.1.B=x` → `{ A: [{ B: 'x' }] }`; every leaf stays a string (the caller coerces by shape). */
export function decodeQueryRequest(form: string): QueryRequest | undefined {
  const params = new URLSearchParams(form);
  const action = params.get('Action');
  if (action === null) return undefined;
  const root: Record<string, unknown> = {};
  for (const [key, value] of params) {
    if (key === 'Action' || key === 'Version') continue;
    assignPath(root, key.split('.'), value);
  }
  return {
    action,
    version: params.get('Version') ?? undefined,
    members: collapseLists(root) as Record<string, unknown>,
  };
}

function assignPath(target: Record<string, unknown>, path: readonly string[], value: string): void {
  let node = target;
  path.forEach((segment, index) => {
    if (index === path.length - 1) {
      node[segment] = value;
      return;
    }
    const next = node[segment];
    if (typeof next === 'object' && next !== null) {
      node = next as Record<string, unknown>;
    } else {
      const created: Record<string, unknown> = {};
      node[segment] = created;
      node = created;
    }
  });
}

/** Objects of the form `{ member: { 1: …, 2: … } }` become arrays ordered by index. */
function collapseLists(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 1 && keys[0] === 'member' && typeof record.member === 'object' && record.member !== null) {
    const items = record.member as Record<string, unknown>;
    return Object.keys(items)
      .filter((key) => /^\d+$/.test(key))
      .sort((a, b) => Number(a) - Number(b))
      .map((key) => collapseLists(items[key]));
  }
  return Object.fromEntries(keys.map((key) => [key, collapseLists(record[key])]));
}

export function toQueryResponseXml(action: string, result: unknown, requestId: string): string {
  const resultXml = result === undefined ? '' : `<${action}Result>${toXmlMembers(result)}</${action}Result>`;
  return (
    `<${action}Response xmlns="${CLOUDWATCH_XML_NAMESPACE}">${resultXml}` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
  );
}

export function toQueryErrorXml(error: ServiceError, requestId: string): string {
  const code = error.query?.code ?? error.type;
  const fault = error.query?.fault ?? (error.httpStatus >= 500 ? 'Receiver' : 'Sender');
  return (
    `<ErrorResponse xmlns="${CLOUDWATCH_XML_NAMESPACE}"><Error><Type>${fault}</Type><Code>${escapeXml(code)}</Code>` +
    `<Message>${escapeXml(error.message)}</Message>${toXmlMembers(error.fields)}</Error>` +
    `<RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}

function toXmlMembers(value: unknown): string {
  if (typeof value !== 'object' || value === null) return '';
  return Object.entries(value as Record<string, unknown>)
    .filter(([, member]) => member !== undefined)
    .map(([name, member]) => `<${name}>${toXmlValue(member)}</${name}>`)
    .join('');
}

function toXmlValue(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => `<member>${toXmlValue(item)}</member>`).join('');
  if (typeof value === 'object' && value !== null) return toXmlMembers(value);
  return escapeXml(String(value));
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (char) => `&#${char.charCodeAt(0)};`);
}
