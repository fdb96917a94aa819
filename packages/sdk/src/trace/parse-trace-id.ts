// https://docs.aws.amazon.com/xray/latest/devguide/xray-concepts.html#xray-concepts-tracingheader
const TRACE_ID = /^1-[0-9a-f]{8}-[0-9a-f]{24}$/;

/**
 * The trace id (`1-5759e988-bd862e3fe1be46a994272793`) from an X-Ray header
 * (`Root=1-…;Parent=…;Sampled=1`), or a bare id passed through; undefined for anything else.
 */
export function parseTraceId(header: unknown): string | undefined {
  if (typeof header !== 'string' || header.length === 0) return undefined;
  // Every log line and document of an invocation needs it, and a warm function sees a new header per invocation.
  if (header === lastHeader) return lastId;
  lastHeader = header;
  lastId = parse(header);
  return lastId;
}

let lastHeader: string | undefined;
let lastId: string | undefined;

function parse(header: string): string | undefined {
  const start = header.indexOf('Root=');
  if (start === -1) return TRACE_ID.test(header) ? header : undefined;
  const end = header.indexOf(';', start);
  const id = header.slice(start + 5, end === -1 ? undefined : end);
  return TRACE_ID.test(id) ? id : undefined;
}
