import { expect } from 'vitest';
import type { EmfDocument } from './emf-assertions.js';

/**
 * What every document of an orders handler run by `runChild` carries, one per invocation in order: the Shop namespace
 * over service and stage, the function as LAMBDA_ENV describes it, plus `fields`; a cold start on the first only.
 */
export function expectOrdersDocuments(
  documents: readonly EmfDocument[],
  requestIds: readonly string[],
  fields: Readonly<Record<string, unknown>>,
): void {
  expect(documents.map((document) => document.requestId)).toEqual(requestIds);
  for (const document of documents) {
    expect(document._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: 'Shop', Dimensions: [['service', 'stage']] });
    expect(document).toMatchObject({
      service: 'orders',
      stage: 'test',
      functionName: 'orders-fn',
      functionVersion: '$LATEST',
      memoryLimitMB: 512,
      initType: 'on-demand',
      ...fields,
    });
    expect(document.MemoryWatermark).toBeGreaterThan(10);
  }
  expect(documents.map((document) => [document.coldStart, document.ColdStart, document.proactiveInit])).toEqual(
    documents.map((_, index) => (index === 0 ? [true, 1, false] : [false, undefined, undefined])),
  );
  expect(documents[0]?.InitDuration).toBeGreaterThan(0);
}
