import { expect } from 'vitest';
import { EMF_UNITS } from '../../src/catalog.js';
import {
  MAX_DIMENSIONS_PER_SET,
  MAX_DOCUMENT_BYTES,
  MAX_METRICS_PER_DOCUMENT,
  MAX_VALUES_PER_METRIC,
} from '../../src/emf/emf-limits.js';

export interface EmfMetricDefinition {
  readonly Name: string;
  readonly Unit?: string;
  readonly StorageResolution?: number;
}

export interface EmfDocument {
  readonly _aws: {
    readonly Timestamp: number;
    readonly CloudWatchMetrics: readonly {
      readonly Namespace: string;
      readonly Dimensions: readonly (readonly string[])[];
      readonly Metrics: readonly EmfMetricDefinition[];
    }[];
    readonly [key: string]: unknown;
  };
  readonly [key: string]: unknown;
}

export function isEmfDocument(line: unknown): line is EmfDocument {
  return typeof line === 'object' && line !== null && '_aws' in line;
}

/** Checks one serialised document against every EMF limit the SDK promises, and returns it parsed. */
export function expectValidEmf(text: string): EmfDocument {
  expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAX_DOCUMENT_BYTES);
  const document = JSON.parse(text) as EmfDocument;
  expect(Number.isInteger(document._aws.Timestamp)).toBe(true);
  expect(document._aws.CloudWatchMetrics).toHaveLength(1);
  const directive = document._aws.CloudWatchMetrics[0];
  if (directive === undefined) throw new Error('no directive');
  expect(directive.Metrics.length).toBeGreaterThan(0);
  expect(directive.Metrics.length).toBeLessThanOrEqual(MAX_METRICS_PER_DOCUMENT);
  for (const set of directive.Dimensions) {
    expect(set.length).toBeLessThanOrEqual(MAX_DIMENSIONS_PER_SET);
    for (const key of set) expect(typeof document[key]).toBe('string');
  }
  const names = new Set<string>();
  for (const definition of directive.Metrics) {
    expect(names.has(definition.Name)).toBe(false);
    names.add(definition.Name);
    expect(EMF_UNITS as readonly (string | undefined)[]).toContain(definition.Unit);
    if (definition.StorageResolution !== undefined) expect(definition.StorageResolution).toBe(1);
    const member = document[definition.Name];
    const values = Array.isArray(member) ? member : [member];
    expect(values.length).toBeGreaterThan(0);
    expect(values.length).toBeLessThanOrEqual(MAX_VALUES_PER_METRIC);
    for (const value of values) expect(Number.isFinite(value)).toBe(true);
  }
  return document;
}

/** name → every value, in document order. */
export function valuesByName(documents: readonly EmfDocument[]): Map<string, number[]> {
  const values = new Map<string, number[]>();
  for (const document of documents) {
    for (const { Name } of document._aws.CloudWatchMetrics[0]?.Metrics ?? []) {
      const member = document[Name];
      const list = values.get(Name) ?? [];
      list.push(...(Array.isArray(member) ? (member as number[]) : [member as number]));
      values.set(Name, list);
    }
  }
  return values;
}

/** The EMF documents among a child's parsed stdout lines, each checked against the limits. */
export function validEmfDocuments(lines: readonly Record<string, unknown>[]): EmfDocument[] {
  return lines.filter(isEmfDocument).map((line) => expectValidEmf(JSON.stringify(line)));
}
