// https://docs.aws.amazon.com/xray/latest/devguide/xray-concepts.html#xray-concepts-tracingheader
const ROOT = /^1-[0-9a-f]{8}-[0-9a-f]{24}$/;
const SEGMENT_ID = /^[0-9a-f]{16}$/;

export interface TraceHeader {
  /** `1-5759e988-bd862e3fe1be46a994272793` */
  readonly root: string;
  /** The id of Lambda's own segment for this invocation: the parent of everything the function records. */
  readonly parent: string | undefined;
  /** `Sampled=1` true, `Sampled=0` false, absent or `?` undefined. */
  readonly sampled: boolean | undefined;
}

/** `Root=…;Parent=…;Sampled=…` (any order, other fields ignored), or undefined without a valid Root. */
export function parseTraceHeader(header: unknown): TraceHeader | undefined {
  if (typeof header !== 'string' || header === '') return undefined;
  // Each warm invocation brings one new header, read by several consumers.
  if (header === lastHeader) return lastParsed;
  lastHeader = header;
  lastParsed = parse(header);
  return lastParsed;
}

let lastHeader: string | undefined;
let lastParsed: TraceHeader | undefined;

function parse(header: string): TraceHeader | undefined {
  let root: string | undefined;
  let parent: string | undefined;
  let sampled: boolean | undefined;
  for (const field of header.split(';')) {
    const equals = field.indexOf('=');
    const key = field.slice(0, equals).trim();
    const value = field.slice(equals + 1).trim();
    if (key === 'Root') root = value;
    else if (key === 'Parent') parent = SEGMENT_ID.test(value) ? value : undefined;
    else if (key === 'Sampled') sampled = value === '1' ? true : value === '0' ? false : undefined;
  }
  if (root === undefined || !ROOT.test(root)) return undefined;
  return { root, parent, sampled };
}
