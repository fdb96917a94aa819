import type { EmfUnit } from '../catalog.js';
import type { Rejection } from '../diagnostics/warning-kind.js';
import {
  MAX_PROPERTY_BYTES,
  MAX_TIMESTAMP_AGE_MS,
  MAX_TIMESTAMP_LEAD_MS,
  MAX_VALUES_PER_INVOCATION,
} from './emf-limits.js';
import { findMetricNameProblem, findMetricValueProblem, isEmfUnit } from './emf-validation.js';

/** 1 = high resolution (per second), 60 = standard; the values of aws-embedded-metrics' `StorageResolution`. */
export type MetricResolution = 1 | 60;

/** All values one invocation recorded under one metric name. */
export interface MetricSeries {
  readonly name: string;
  /** `JSON.stringify(name)`, computed once per distinct name. */
  readonly nameJson: string;
  readonly nameBytes: number;
  /** The metric's definition in `_aws.CloudWatchMetrics[0].Metrics`, as JSON. */
  readonly definition: string;
  readonly unit: EmfUnit;
  readonly resolution: MetricResolution;
  readonly values: readonly number[];
}

/** What one flush writes: the series recorded since the last flush, plus the invocation's properties so far. */
export interface MetricBatch {
  readonly series: readonly MetricSeries[];
  /** Key → JSON text of the value, in the order first set. */
  readonly properties: ReadonlyMap<string, string>;
  readonly timestampMs: number | undefined;
}

interface MutableSeries extends MetricSeries {
  readonly values: number[];
}

interface NameInfo {
  readonly json: string;
  readonly bytes: number;
  /** Definition text per `${unit}/${resolution}`, usually one. */
  readonly definitions: Map<string, string>;
}

// Metric names repeat across invocations; validating and escaping each once keeps `add` cheap. Bounded so a
// handler that invents names (an anti-pattern, but not ours to crash on) cannot grow it without end.
const validNames = new Map<string, NameInfo>();
const MAX_CACHED_NAMES = 4096;
const NO_PROPERTIES: ReadonlyMap<string, string> = new Map();
/** Up to this many names a linear scan beats a Map (and costs no allocation); most invocations record a few. */
const SCAN_LIMIT = 8;

function definitionOf(info: NameInfo, unit: EmfUnit, resolution: MetricResolution): string {
  const key = resolution === 1 ? `${unit}/1` : unit;
  let definition = info.definitions.get(key);
  if (definition === undefined) {
    definition = `{"Name":${info.json},"Unit":"${unit}"${resolution === 1 ? ',"StorageResolution":1' : ''}}`;
    info.definitions.set(key, definition);
  }
  return definition;
}

function nameInfo(name: string): NameInfo {
  const cached = validNames.get(name);
  if (cached !== undefined) return cached;
  const json = JSON.stringify(name);
  const info = { json, bytes: Buffer.byteLength(json), definitions: new Map<string, string>() };
  if (validNames.size < MAX_CACHED_NAMES) validNames.set(name, info);
  return info;
}

/**
 * One invocation's metrics and properties. Pure bookkeeping: validates each input against the EMF rules and
 * either keeps it or says why not; it never throws, prints or reads a clock.
 */
export class MetricStore {
  readonly #reservedKeys: ReadonlySet<string>;
  /** Name → series, built only once an invocation records more names than a scan handles faster. */
  #series: Map<string, MutableSeries> | undefined;
  /** The series in insertion order, handed over by drain without copying. */
  #order: MutableSeries[] = [];
  #valueCount = 0;
  #properties: Map<string, string> | undefined;
  /** Whether a drained batch holds #properties, which must then be copied before it changes. */
  #propertiesShared = false;
  #propertyBytes = 0;
  #timestampMs: number | undefined;

  constructor(reservedKeys: ReadonlySet<string>) {
    this.#reservedKeys = reservedKeys;
  }

  /** Values recorded since the last drain. */
  get valueCount(): number {
    return this.#valueCount;
  }

  add(name: unknown, value: unknown, unit?: unknown, resolution?: unknown): Rejection | undefined {
    if (typeof name !== 'string' || !validNames.has(name)) {
      const problem = findMetricNameProblem(name);
      if (problem !== undefined) return { kind: 'invalid-metric-name', detail: problem };
    }
    const metricName = name as string;
    if (this.#reservedKeys.has(metricName)) {
      return { kind: 'reserved-key', detail: `metric name ${JSON.stringify(metricName)} is a dimension or SDK key` };
    }
    if (typeof value !== 'number' || findMetricValueProblem(value) !== undefined) {
      return { kind: 'invalid-metric-value', detail: `${metricName}: ${findMetricValueProblem(value)}` };
    }
    const metricUnit = unit === undefined ? 'None' : unit;
    if (!isEmfUnit(metricUnit)) {
      return { kind: 'invalid-unit', detail: `${metricName}: unknown unit ${JSON.stringify(String(metricUnit))}` };
    }
    const metricResolution = resolution === undefined ? 60 : resolution;
    if (metricResolution !== 1 && metricResolution !== 60) {
      return { kind: 'invalid-storage-resolution', detail: `${metricName}: storage resolution must be 1 or 60` };
    }
    if (this.#valueCount >= MAX_VALUES_PER_INVOCATION) {
      return { kind: 'values-limit', detail: `more than ${MAX_VALUES_PER_INVOCATION} metric values in one invocation` };
    }
    const existing = this.#find(metricName);
    if (existing === undefined) {
      const info = nameInfo(metricName);
      const created: MutableSeries = {
        name: metricName,
        nameJson: info.json,
        nameBytes: info.bytes,
        definition: definitionOf(info, metricUnit, metricResolution),
        unit: metricUnit,
        resolution: metricResolution,
        values: [value],
      };
      this.#order.push(created);
      if (this.#series !== undefined) this.#series.set(metricName, created);
      else if (this.#order.length > SCAN_LIMIT)
        this.#series = new Map(this.#order.map((series) => [series.name, series]));
    } else if (existing.unit !== metricUnit || existing.resolution !== metricResolution) {
      return {
        kind: 'metric-conflict',
        detail: `${metricName} was recorded as ${existing.unit}/${existing.resolution}s, not ${metricUnit}/${metricResolution}s`,
      };
    } else {
      existing.values.push(value);
    }
    this.#valueCount += 1;
    return undefined;
  }

  /** Properties are plain keys of the document: searchable in Logs Insights, free of metric charges. */
  setProperty(key: unknown, value: unknown): Rejection | undefined {
    if (typeof key !== 'string' || key.length === 0)
      return { kind: 'invalid-property', detail: 'property key must be a non-empty string' };
    if (this.#reservedKeys.has(key))
      return { kind: 'reserved-key', detail: `property ${JSON.stringify(key)} is a dimension or SDK key` };
    let json: string | undefined;
    try {
      json = JSON.stringify(value);
    } catch (error) {
      return {
        kind: 'invalid-property',
        detail: `property ${JSON.stringify(key)} cannot be serialised: ${String(error)}`,
      };
    }
    if (json === undefined)
      return { kind: 'invalid-property', detail: `property ${JSON.stringify(key)} has no JSON form` };
    if (this.#properties === undefined) this.#properties = new Map();
    else if (this.#propertiesShared) this.#properties = new Map(this.#properties);
    this.#propertiesShared = false;
    const previous = this.#properties.get(key);
    const bytes = Buffer.byteLength(json) + Buffer.byteLength(key) + 4;
    const previousBytes = previous === undefined ? 0 : Buffer.byteLength(previous) + Buffer.byteLength(key) + 4;
    if (this.#propertyBytes - previousBytes + bytes > MAX_PROPERTY_BYTES) {
      return {
        kind: 'property-limit',
        detail: `properties would exceed ${MAX_PROPERTY_BYTES} bytes; ${JSON.stringify(key)} dropped`,
      };
    }
    this.#properties.set(key, json);
    this.#propertyBytes += bytes - previousBytes;
    return undefined;
  }

  /** A timestamp outside CloudWatch's window would make it drop the whole document, so it is refused here. */
  setTimestamp(timestamp: unknown, nowMs: number): Rejection | undefined {
    const ms = timestamp instanceof Date ? timestamp.getTime() : timestamp;
    if (typeof ms !== 'number' || !Number.isFinite(ms)) {
      return { kind: 'invalid-timestamp', detail: 'timestamp must be a Date or epoch milliseconds' };
    }
    if (ms < nowMs - MAX_TIMESTAMP_AGE_MS || ms > nowMs + MAX_TIMESTAMP_LEAD_MS) {
      return { kind: 'invalid-timestamp', detail: 'timestamp must be within 14 days past and 2 hours ahead' };
    }
    this.#timestampMs = Math.floor(ms);
    return undefined;
  }

  /** Hands over the series recorded so far and starts afresh, so nothing is ever written twice. */
  drain(): MetricBatch {
    const series = this.#order;
    if (series.length > 0) {
      this.#series = undefined;
      this.#order = [];
    }
    this.#valueCount = 0;
    // The batch keeps the properties as they are now; a later setProperty replaces the map rather than changing it.
    this.#propertiesShared = true;
    return { series, properties: this.#properties ?? NO_PROPERTIES, timestampMs: this.#timestampMs };
  }

  #find(name: string): MutableSeries | undefined {
    if (this.#series !== undefined) return this.#series.get(name);
    for (const series of this.#order) if (series.name === name) return series;
    return undefined;
  }
}
