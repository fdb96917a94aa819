import type { Rejection } from '../diagnostics/warning-kind.js';
import { MAX_DOCUMENT_BYTES, MAX_METRICS_PER_DOCUMENT, MAX_VALUES_PER_METRIC } from './emf-limits.js';
import type { MetricBatch, MetricSeries } from './metric-store.js';

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

export interface EmfDocumentsInput {
  readonly timestampMs: number;
  /** Invocation properties already as members, each starting with a comma: `,"requestId":"…"`. */
  readonly invocationMembers: string;
  readonly batch: MetricBatch;
}

export interface EmfDocuments {
  /** One JSON object per string, no trailing newline. Empty when the batch holds no metric. */
  readonly documents: readonly string[];
  /** What had to be left out, each with its reason. */
  readonly problems: readonly Rejection[];
}

// The comma before a definition and the `,` `:` around a member, rounded up.
const SEPARATOR_BYTES = 4;
// A base under this many characters is measured by its worst case (3 bytes per UTF-16 unit) instead of exactly.
const EXACT_MEASURE_FROM_CHARS = 4096;
const NO_PROBLEMS: readonly Rejection[] = [];

function valuesText(values: readonly number[], from: number, to: number): string {
  // String(number) is the JSON form of every finite number; a lone value is written bare, like aws-embedded-metrics.
  if (to - from === 1) return String(values[from]);
  let text = `[${values[from]}`;
  for (let index = from + 1; index < to; index += 1) text += `,${values[index]}`;
  return `${text}]`;
}

/** UTF-8 bytes a series' slice adds to a document: its definition and its member. */
function sliceBytes(series: MetricSeries, valueText: string): number {
  return series.definition.length - series.nameJson.length + 2 * series.nameBytes + valueText.length + SEPARATOR_BYTES;
}

/** Accumulates one document at a time. */
class DocumentBuilder {
  readonly documents: string[] = [];
  definitions = '';
  values = '';
  count = 0;
  bytes = 0;
  readonly #prefix: string;
  readonly #members: string;

  constructor(prefix: string, members: string) {
    this.#prefix = prefix;
    this.#members = members;
  }

  add(series: MetricSeries, valueText: string, bytes: number): void {
    this.definitions += this.count === 0 ? series.definition : `,${series.definition}`;
    this.values += `,${series.nameJson}:${valueText}`;
    this.count += 1;
    this.bytes += bytes;
  }

  emit(): void {
    if (this.count === 0) return;
    this.documents.push(`${this.#prefix}${this.definitions}${this.#members}${this.values}}`);
    this.definitions = '';
    this.values = '';
    this.count = 0;
    this.bytes = 0;
  }
}

/**
 * Serialises one batch into as few EMF documents as the limits allow: at most 100 metric definitions and 100
 * values per metric in each, and never more than MAX_DOCUMENT_BYTES. A metric with more than 100 values continues
 * in the next document. Pure: the timestamp comes in, strings come out.
 */
export function toEmfDocuments(template: EmfTemplate, input: EmfDocumentsInput): EmfDocuments {
  const { batch } = input;
  if (batch.series.length === 0) return { documents: [], problems: NO_PROBLEMS };
  let problems = NO_PROBLEMS as Rejection[];

  let propertyMembers = '';
  if (batch.properties.size > 0) {
    const metricNames = new Set(batch.series.map((series) => series.name));
    for (const [key, json] of batch.properties) {
      if (metricNames.has(key)) {
        if (problems === NO_PROBLEMS) problems = [];
        problems.push({
          kind: 'reserved-key',
          detail: `property ${JSON.stringify(key)} has the name of a metric; the metric wins`,
        });
      } else {
        propertyMembers += `,${JSON.stringify(key)}:${json}`;
      }
    }
  }

  const timestamp = String(input.timestampMs);
  const variableChars = timestamp.length + input.invocationMembers.length + propertyMembers.length;
  const variableBytes =
    variableChars < EXACT_MEASURE_FROM_CHARS
      ? variableChars * 3
      : timestamp.length + Buffer.byteLength(input.invocationMembers) + Buffer.byteLength(propertyMembers);
  // The closing brace.
  const budget = MAX_DOCUMENT_BYTES - template.bytes - variableBytes - 1;
  const builder = new DocumentBuilder(
    template.head + timestamp + template.directive,
    template.close + input.invocationMembers + propertyMembers,
  );

  let remaining = batch.series;
  // Round r writes values [100r, 100r + 100) of every series that has them; each round starts a new document.
  for (let from = 0; remaining.length > 0; from += MAX_VALUES_PER_METRIC) {
    let next: MetricSeries[] | undefined;
    for (const series of remaining) {
      const to = Math.min(series.values.length, from + MAX_VALUES_PER_METRIC);
      const valueText = valuesText(series.values, from, to);
      const bytes = sliceBytes(series, valueText);
      if (bytes > budget) {
        if (problems === NO_PROBLEMS) problems = [];
        problems.push({
          kind: 'document-too-large',
          detail: `${to - from} values of ${series.name} do not fit in one document`,
        });
      } else {
        if (builder.count === MAX_METRICS_PER_DOCUMENT || builder.bytes + bytes > budget) builder.emit();
        builder.add(series, valueText, bytes);
      }
      if (to < series.values.length) {
        next ??= [];
        next.push(series);
      }
    }
    builder.emit();
    remaining = next ?? [];
  }
  return { documents: builder.documents, problems };
}
