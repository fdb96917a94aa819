import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { MetricsContext } from 'aws-embedded-metrics/lib/logger/MetricsContext.js';
import { LogSerializer } from 'aws-embedded-metrics/lib/serializers/LogSerializer.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMF_UNITS, SDK_METRICS } from '../../src/catalog.js';
import { MetricStore } from '../../src/emf/metric-store.js';
import { createEmfTemplate, toEmfDocuments } from '../../src/emf/to-emf-documents.js';
import { ensureBuiltSdk } from '../support/built-sdk.js';
import { type EmfDocument, expectValidEmf, isEmfDocument } from '../support/emf-assertions.js';

/**
 * aws-embedded-metrics as an oracle. What is compared, after parsing every document of each side:
 * namespace; per metric name its unit, storage resolution and every value in order; the value of each of our
 * dimensions and its presence in the dimension set; the properties. Not compared: how values are grouped into
 * documents (both split at 100/100 but pack differently), timestamps, aws-embedded-metrics' default dimensions
 * (LogGroup, ServiceName, ServiceType — checked to be exactly those extra keys), and our SDK's own metrics and
 * invocation properties (ColdStart, MemoryWatermark, requestId…), which the other side does not emit.
 */
interface MetricSpec {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly resolution: 1 | 60;
}

interface Spec {
  readonly namespace: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly properties: Readonly<Record<string, unknown>>;
  readonly metrics: readonly MetricSpec[];
}

interface Comparable {
  readonly namespaces: string[];
  readonly metrics: Record<string, { unit: string | undefined; resolution: number; values: number[] }>;
  readonly dimensionSets: string[][];
  readonly dimensionValues: Record<string, unknown>;
  readonly properties: Record<string, unknown>;
}

const SDK_OWN = new Set<string>([...Object.values(SDK_METRICS).map((metric) => metric.name)]);
const SDK_PROPERTIES = new Set([
  'requestId',
  'xrayTraceId',
  'coldStart',
  'proactiveInit',
  'functionName',
  'functionVersion',
  'memoryLimitMB',
  'initType',
]);

function comparable(documents: readonly EmfDocument[], spec: Spec): Comparable {
  const result: Comparable = { namespaces: [], metrics: {}, dimensionSets: [], dimensionValues: {}, properties: {} };
  for (const document of documents) {
    const directive = document._aws.CloudWatchMetrics[0];
    if (directive === undefined) continue;
    result.namespaces.push(directive.Namespace);
    result.dimensionSets.push(...directive.Dimensions.map((set) => [...set]));
    for (const key of Object.keys(spec.dimensions)) result.dimensionValues[key] = document[key];
    for (const key of Object.keys(spec.properties)) result.properties[key] = document[key];
    for (const definition of directive.Metrics) {
      if (SDK_OWN.has(definition.Name)) continue;
      const member = document[definition.Name];
      const entry = result.metrics[definition.Name] ?? {
        unit: definition.Unit,
        resolution: definition.StorageResolution ?? 60,
        values: [],
      };
      entry.values.push(...(Array.isArray(member) ? (member as number[]) : [member as number]));
      result.metrics[definition.Name] = entry;
    }
  }
  return { ...result, namespaces: [...new Set(result.namespaces)] };
}

function expectSameMetrics(ours: readonly EmfDocument[], theirs: readonly EmfDocument[], spec: Spec): void {
  const mine = comparable(ours, spec);
  const other = comparable(theirs, spec);
  expect(mine.namespaces).toEqual([spec.namespace]);
  expect(other.namespaces).toEqual([spec.namespace]);
  expect(mine.metrics).toEqual(other.metrics);
  expect(mine.dimensionValues).toEqual(spec.dimensions);
  expect(other.dimensionValues).toEqual(spec.dimensions);
  expect(mine.properties).toEqual(other.properties);
  for (const set of mine.dimensionSets) expect(set).toEqual(Object.keys(spec.dimensions));
  for (const set of other.dimensionSets) {
    const extra = set.filter((key) => !(key in spec.dimensions));
    expect(set.filter((key) => key in spec.dimensions)).toEqual(Object.keys(spec.dimensions));
    expect(extra.every((key) => ['LogGroup', 'ServiceName', 'ServiceType'].includes(key))).toBe(true);
  }
}

const FIXTURE = fileURLToPath(new URL('../fixtures/emf-differential.mjs', import.meta.url));

function emitThrough(side: 'ours' | 'theirs', spec: Spec): EmfDocument[] {
  if (side === 'ours') ensureBuiltSdk();
  const result = spawnSync(process.execPath, [FIXTURE, side, JSON.stringify(spec)], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      AWS_EMF_ENVIRONMENT: 'Local',
      AWS_EMF_SERVICE_NAME: 'orders-local',
    },
    encoding: 'utf8',
  });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as unknown)
    .filter(isEmfDocument)
    .map((document) => expectValidEmf(JSON.stringify(document)));
}

describe('differential: the same metrics through aws-embedded-metrics and through the SDK', () => {
  it('end to end, each library writing to stdout in its own process, including splits', () => {
    const metrics: MetricSpec[] = [
      { name: 'OrdersPlaced', value: 3, unit: 'Count', resolution: 60 },
      { name: 'OrdersPlaced', value: 4, unit: 'Count', resolution: 60 },
      { name: 'Latency', value: 12.25, unit: 'Milliseconds', resolution: 1 },
      { name: 'Payload', value: 1536, unit: 'Bytes', resolution: 60 },
      { name: 'Ratio', value: -0.5, unit: 'Percent', resolution: 60 },
      ...Array.from({ length: 230 }, (_, index) => ({
        name: 'Sizes',
        value: index * 1.5,
        unit: 'Kilobytes',
        resolution: 60 as const,
      })),
      ...Array.from({ length: 120 }, (_, index) => ({
        name: `Step${index}`,
        value: index,
        unit: 'Seconds',
        resolution: 1 as const,
      })),
    ];
    const spec: Spec = {
      namespace: 'Shop/Orders',
      dimensions: { service: 'orders', stage: 'prod' },
      properties: { orderId: 'o-17', cart: { items: 2 } },
      metrics,
    };
    const theirs = emitThrough('theirs', spec);
    const ours = emitThrough('ours', spec);
    expect(theirs.length).toBeGreaterThan(1);
    expect(ours.length).toBeGreaterThan(1);
    expectSameMetrics(ours, theirs, spec);
  });

  const metricName = fc.oneof(
    fc.constantFrom('Orders', 'Latency', 'Bytes', 'queue depth', 'p99/ms'),
    fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ._-]{0,40}$/),
  );
  const metricSpec = fc.record({
    name: metricName,
    // aws-embedded-metrics also accepts magnitudes below 2^-360, which CloudWatch rejects and we refuse (below).
    value: fc.oneof(
      fc.integer({ min: -1_000_000, max: 1_000_000 }),
      fc.double({ min: -1e15, max: 1e15, noNaN: true }).filter((value) => value === 0 || Math.abs(value) >= 2 ** -360),
    ),
    unit: fc.constantFrom(...EMF_UNITS),
    resolution: fc.constantFrom(1 as const, 60 as const),
  });

  it('in process, for any metrics both accept: their LogSerializer and our serializer agree', () => {
    fc.assert(
      fc.property(fc.array(metricSpec, { maxLength: 400, size: 'large' }), (drawn) => {
        // Both refuse a second unit or resolution for a name (each in its own way); keep the first.
        const first = new Map<string, MetricSpec>();
        for (const metric of drawn) if (!first.has(metric.name)) first.set(metric.name, metric);
        const metrics = drawn.map((metric) => {
          const chosen = first.get(metric.name) ?? metric;
          return {
            ...metric,
            value: Object.is(metric.value, -0) ? 0 : metric.value,
            unit: chosen.unit,
            resolution: chosen.resolution,
          };
        });
        const spec: Spec = {
          namespace: 'Shop',
          dimensions: { service: 'orders', stage: 'prod' },
          properties: { orderId: 'x' },
          metrics,
        };

        const context = MetricsContext.empty();
        context.setNamespace(spec.namespace);
        context.setDimensions([{ ...spec.dimensions }]);
        context.setProperty('orderId', 'x');
        for (const metric of metrics)
          context.putMetric(metric.name, metric.value, metric.unit as never, metric.resolution);
        const theirs = new LogSerializer().serialize(context).map((text) => JSON.parse(text) as EmfDocument);

        const template = createEmfTemplate({
          namespace: spec.namespace,
          dimensions: new Map(Object.entries(spec.dimensions)),
        });
        const store = new MetricStore(new Set([...template.reservedKeys, ...SDK_PROPERTIES]));
        store.setProperty('orderId', 'x');
        for (const metric of metrics)
          expect(store.add(metric.name, metric.value, metric.unit, metric.resolution)).toBeUndefined();
        const { documents } = toEmfDocuments(template, {
          timestampMs: Date.now(),
          invocationMembers: '',
          batch: store.drain(),
        });
        const ours = documents.map(expectValidEmf);

        if (metrics.length === 0) {
          expect(ours).toEqual([]);
          return;
        }
        expectSameMetrics(ours, theirs, spec);
      }),
      { numRuns: 150 },
    );
  });

  it('differs where aws-embedded-metrics lets through a value CloudWatch would reject', () => {
    const context = MetricsContext.empty();
    context.putMetric('Tiny', 5e-324);
    expect(new LogSerializer().serialize(context)[0]).toContain('"Tiny":5e-324');
    expect(new MetricStore(new Set()).add('Tiny', 5e-324)?.kind).toBe('invalid-metric-value');
  });
});
