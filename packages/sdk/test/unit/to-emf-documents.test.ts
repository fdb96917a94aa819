import { StorageResolution } from 'aws-embedded-metrics/lib/logger/StorageResolution.js';
import { Unit } from 'aws-embedded-metrics/lib/logger/Unit.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMF_UNITS } from '../../src/catalog.js';
import { MAX_PROPERTY_BYTES, MAX_VALUES_PER_INVOCATION } from '../../src/emf/emf-limits.js';
import { MetricStore } from '../../src/emf/metric-store.js';
import { createEmfTemplate, toEmfDocuments } from '../../src/emf/to-emf-documents.js';
import { type EmfDocument, expectValidEmf, valuesByName } from '../support/emf-assertions.js';

const NOW_MS = 1_767_225_600_000;
const template = createEmfTemplate({
  namespace: 'Shop',
  dimensions: new Map([
    ['service', 'orders'],
    ['stage', 'prod'],
  ]),
});
const reserved = new Set([...template.reservedKeys, 'requestId', 'coldStart']);
const MEMBERS = ',"requestId":"r-1","coldStart":false';

function serialise(store: MetricStore): {
  documents: EmfDocument[];
  problems: readonly unknown[];
  texts: readonly string[];
} {
  const { documents, problems } = toEmfDocuments(template, {
    timestampMs: NOW_MS,
    invocationMembers: MEMBERS,
    batch: store.drain(),
  });
  return { documents: documents.map(expectValidEmf), problems, texts: documents };
}

describe('toEmfDocuments', () => {
  it('writes one metric as the exact EMF CloudWatch expects', () => {
    const store = new MetricStore(reserved);
    expect(store.add('OrdersPlaced', 3, 'Count')).toBeUndefined();
    const { texts } = serialise(store);
    expect(texts).toEqual([
      `{"_aws":{"Timestamp":${NOW_MS},"CloudWatchMetrics":[{"Namespace":"Shop","Dimensions":[["service","stage"]],"Metrics":[{"Name":"OrdersPlaced","Unit":"Count"}]}]},"service":"orders","stage":"prod","requestId":"r-1","coldStart":false,"OrdersPlaced":3}`,
    ]);
  });

  it('turns repeated adds of one name into a value array, and marks high resolution', () => {
    const store = new MetricStore(reserved);
    store.add('Latency', 12.5, 'Milliseconds', 1);
    store.add('Latency', 7, 'Milliseconds', 1);
    store.add('Errors', 0);
    const [document] = serialise(store).documents;
    expect(document?.Latency).toEqual([12.5, 7]);
    expect(document?.Errors).toBe(0);
    expect(document?._aws.CloudWatchMetrics[0]?.Metrics).toEqual([
      { Name: 'Latency', Unit: 'Milliseconds', StorageResolution: 1 },
      { Name: 'Errors', Unit: 'None' },
    ]);
  });

  it("accepts aws-embedded-metrics' Unit and StorageResolution values", () => {
    const store = new MetricStore(reserved);
    expect(store.add('Bytes', 10, Unit.Kilobytes, StorageResolution.High)).toBeUndefined();
    expect(store.add('Rate', 2, Unit.CountPerSecond, StorageResolution.Standard)).toBeUndefined();
    const [document] = serialise(store).documents;
    expect(document?._aws.CloudWatchMetrics[0]?.Metrics).toEqual([
      { Name: 'Bytes', Unit: 'Kilobytes', StorageResolution: 1 },
      { Name: 'Rate', Unit: 'Count/Second' },
    ]);
  });

  it('splits at 100 metric definitions per document', () => {
    const store = new MetricStore(reserved);
    for (let index = 0; index < 250; index += 1) store.add(`M${index}`, index, 'Count');
    const { documents } = serialise(store);
    expect(documents.map((document) => document._aws.CloudWatchMetrics[0]?.Metrics.length)).toEqual([100, 100, 50]);
    expect(valuesByName(documents).get('M249')).toEqual([249]);
  });

  it('continues a metric with more than 100 values in the next document, in order', () => {
    const store = new MetricStore(reserved);
    for (let index = 0; index < 250; index += 1) store.add('Sizes', index, 'Bytes');
    store.add('Once', 1);
    const { documents } = serialise(store);
    expect(documents).toHaveLength(3);
    expect(documents[0]?.Sizes).toHaveLength(100);
    expect(documents[0]?.Once).toBe(1);
    expect(documents[2]?.Sizes).toHaveLength(50);
    expect(valuesByName(documents).get('Sizes')).toEqual(Array.from({ length: 250 }, (_, index) => index));
  });

  it('splits by size when long names and many values would pass 256 KB', () => {
    const store = new MetricStore(reserved);
    const longName = (index: number): string => `${'ü'.repeat(240)}${index}`;
    for (let metric = 0; metric < 100; metric += 1) {
      for (let value = 0; value < 100; value += 1) store.add(longName(metric), -1.2345678901234567e-100 * (value + 1));
    }
    const { documents, texts, problems } = serialise(store);
    expect(problems).toEqual([]);
    expect(documents.length).toBeGreaterThan(1);
    expect(texts.map((text) => Buffer.byteLength(text)).every((bytes) => bytes <= 256 * 1024)).toBe(true);
    expect([...valuesByName(documents).values()].reduce((sum, values) => sum + values.length, 0)).toBe(10_000);
  });

  it('refuses what CloudWatch would drop, saying why', () => {
    const store = new MetricStore(reserved);
    expect(store.add('', 1)?.kind).toBe('invalid-metric-name');
    expect(store.add('Nan', Number.NaN)?.kind).toBe('invalid-metric-value');
    expect(store.add('Huge', 2 ** 400)?.kind).toBe('invalid-metric-value');
    expect(store.add('Unit', 1, 'Parsecs')?.kind).toBe('invalid-unit');
    expect(store.add('Res', 1, 'Count', 5)?.kind).toBe('invalid-storage-resolution');
    expect(store.add('service', 1)?.kind).toBe('reserved-key');
    expect(store.add('_aws', 1)?.kind).toBe('reserved-key');
    expect(store.add('requestId', 1)?.kind).toBe('reserved-key');
    expect(store.add('Dual', 1, 'Count')).toBeUndefined();
    expect(store.add('Dual', 1, 'Seconds')?.kind).toBe('metric-conflict');
    expect(store.add('Dual', 1, 'Count', 1)?.kind).toBe('metric-conflict');
    expect(valuesByName(serialise(store).documents)).toEqual(new Map([['Dual', [1]]]));
  });

  it('caps the values one invocation can hold', () => {
    const store = new MetricStore(reserved);
    for (let index = 0; index < MAX_VALUES_PER_INVOCATION; index += 1) store.add('Many', index);
    expect(store.add('Many', 1)?.kind).toBe('values-limit');
    expect(store.valueCount).toBe(MAX_VALUES_PER_INVOCATION);
  });

  it('writes properties as plain keys; a property named like a metric yields to the metric', () => {
    const store = new MetricStore(reserved);
    expect(store.setProperty('orderId', 'o-17')).toBeUndefined();
    expect(store.setProperty('cart', { items: 2, total: 9.5 })).toBeUndefined();
    expect(store.setProperty('Orders', 'clash')).toBeUndefined();
    expect(store.setProperty('stage', 'x')?.kind).toBe('reserved-key');
    expect(store.setProperty('fn', () => 1)?.kind).toBe('invalid-property');
    expect(store.setProperty('big', 10n)?.kind).toBe('invalid-property');
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(store.setProperty('loop', circular)?.kind).toBe('invalid-property');
    store.add('Orders', 1);
    const { documents, problems } = serialise(store);
    expect(documents[0]).toMatchObject({ orderId: 'o-17', cart: { items: 2, total: 9.5 }, Orders: 1 });
    expect(problems).toEqual([expect.objectContaining({ kind: 'reserved-key' })]);
  });

  it('keeps properties from growing past their share of the document', () => {
    const store = new MetricStore(reserved);
    expect(store.setProperty('a', 'x'.repeat(MAX_PROPERTY_BYTES / 2))).toBeUndefined();
    expect(store.setProperty('b', 'x'.repeat(MAX_PROPERTY_BYTES / 2))?.kind).toBe('property-limit');
    // Replacing a key frees its old size.
    expect(store.setProperty('a', 'small')).toBeUndefined();
    expect(store.setProperty('b', 'x'.repeat(MAX_PROPERTY_BYTES / 2))).toBeUndefined();
  });

  it('accepts a timestamp only inside CloudWatch’s window', () => {
    const store = new MetricStore(reserved);
    expect(store.setTimestamp(NOW_MS - 15 * 24 * 3600_000, NOW_MS)?.kind).toBe('invalid-timestamp');
    expect(store.setTimestamp(NOW_MS + 3 * 3600_000, NOW_MS)?.kind).toBe('invalid-timestamp');
    expect(store.setTimestamp(new Date(Number.NaN), NOW_MS)?.kind).toBe('invalid-timestamp');
    expect(store.setTimestamp(new Date(NOW_MS - 60_000), NOW_MS)).toBeUndefined();
    expect(store.drain().timestampMs).toBe(NOW_MS - 60_000);
  });

  it('never writes a value twice: drain hands over and starts afresh', () => {
    const store = new MetricStore(reserved);
    store.add('A', 1);
    expect(serialise(store).documents).toHaveLength(1);
    expect(serialise(store).documents).toHaveLength(0);
    store.add('A', 2);
    expect(valuesByName(serialise(store).documents)).toEqual(new Map([['A', [2]]]));
  });
});

type Operation =
  | {
      readonly kind: 'add';
      readonly name: string;
      readonly value: number;
      readonly unit: string | undefined;
      readonly resolution: number | undefined;
    }
  | { readonly kind: 'property'; readonly key: string; readonly value: unknown };

const validValue = fc.oneof(
  fc
    .double({ min: -(2 ** 300), max: 2 ** 300, noNaN: true, noDefaultInfinity: true })
    .filter((value) => value === 0 || Math.abs(value) > 2 ** -300),
  fc.integer(),
);
const anyValue = fc.oneof(
  { weight: 8, arbitrary: validValue },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, 2 ** 400) },
);
const name = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 260 }).map((index) => `Metric${index}`) },
  { weight: 1, arbitrary: fc.string({ minLength: 0, maxLength: 300, unit: 'grapheme' }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('service', 'stage', '_aws', 'requestId', ' ', 'x'.repeat(255), 'ü'.repeat(255)),
  },
);
const operation: fc.Arbitrary<Operation> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      kind: fc.constant('add' as const),
      name,
      value: anyValue,
      unit: fc.option(fc.oneof(fc.constantFrom(...EMF_UNITS), fc.constantFrom('count', 'Parsecs')), { nil: undefined }),
      resolution: fc.option(fc.constantFrom(1, 60, 1, 30), { nil: undefined }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('property' as const), key: name, value: fc.jsonValue({ maxDepth: 2 }) }),
  },
);

describe('toEmfDocuments properties', () => {
  it('any sequence of metrics yields documents within every limit, each accepted value exactly once, in order', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 3000, size: 'large' }), (operations) => {
        const store = new MetricStore(reserved);
        const accepted = new Map<string, number[]>();
        for (const op of operations) {
          if (op.kind === 'property') {
            store.setProperty(op.key, op.value);
            continue;
          }
          if (store.add(op.name, op.value, op.unit, op.resolution) === undefined) {
            accepted.set(op.name, [...(accepted.get(op.name) ?? []), op.value]);
          }
        }
        const { documents, problems } = serialise(store);
        expect(problems.filter((problem) => (problem as { kind: string }).kind !== 'reserved-key')).toEqual([]);
        const written = valuesByName(documents);
        // JSON turns -0 into 0; compare through JSON like CloudWatch reads it.
        expect(JSON.parse(JSON.stringify([...written]))).toEqual(JSON.parse(JSON.stringify([...accepted])));
      }),
      { numRuns: 150 },
    );
  });
});
