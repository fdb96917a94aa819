/** The parts of an EMF document that stay the same for every invocation of one wrapped handler. */
export interface EmfTemplate {
  /** `{"_aws":{…"Timestamp":` — the timestamp follows. */
  readonly head: string;
  /** `,"CloudWatchMetrics":[{…"Metrics":[` — the metric definitions follow. */
  readonly directive: string;
  /** `]}]}` and the dimension members — properties and metric values follow. */
  readonly close: string;
  /** UTF-8 length of head + directive + close. */
  readonly bytes: number;
  /** Root keys a metric or property must not take: `_aws` and the dimension names. */
  readonly reservedKeys: ReadonlySet<string>;
}

export interface EmfTemplateInput {
  readonly namespace: string;
  /** Dimension name → value, in the order they appear in the dimension set. Already validated. */
  readonly dimensions: ReadonlyMap<string, string>;
  /** Only for the CloudWatch agent, which routes by these; Lambda ignores them. */
  readonly logGroupName?: string | undefined;
  readonly logStreamName?: string | undefined;
}

/** Builds the constant text once, so each invocation only appends its own values. */
export function createEmfTemplate(input: EmfTemplateInput): EmfTemplate {
  const routing =
    (input.logGroupName === undefined ? '' : `"LogGroupName":${JSON.stringify(input.logGroupName)},`) +
    (input.logStreamName === undefined ? '' : `"LogStreamName":${JSON.stringify(input.logStreamName)},`);
  const head = `{"_aws":{${routing}"Timestamp":`;
  const names = [...input.dimensions.keys()].map((name) => JSON.stringify(name)).join(',');
  const directive = `,"CloudWatchMetrics":[{"Namespace":${JSON.stringify(input.namespace)},"Dimensions":[[${names}]],"Metrics":[`;
  let close = ']}]}';
  for (const [name, value] of input.dimensions) close += `,${JSON.stringify(name)}:${JSON.stringify(value)}`;
  return {
    head,
    directive,
    close,
    bytes: Buffer.byteLength(head) + Buffer.byteLength(directive) + Buffer.byteLength(close),
    reservedKeys: new Set(['_aws', ...input.dimensions.keys()]),
  };
}
