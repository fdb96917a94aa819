import { expect } from 'vitest';
import { SDK_LINE_KEY, SDK_LINE_KINDS } from '../../src/catalog.js';
import { type EmfDocument, valuesByName } from './emf-assertions.js';
import { emfDocuments, logLines } from './test-runtime.js';

/** Pending timers in this process: a flush timer left behind on some path shows up here. */
export function activeTimeouts(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
}

/**
 * Checks what a handler wrote that recorded 'Before' 1 and 2, slept 450 ms, then recorded 'After' 3, with 600 ms
 * left and the automatic 500 ms margin: one document with a warning at the flush about 100 ms in, one with the rest,
 * nothing twice. Returns both, and the warning, for what an entry point adds.
 */
export function expectFlushBeforeDeadline(
  writes: readonly string[],
  requestId: string | undefined,
): { documents: EmfDocument[]; warning: Record<string, unknown> } {
  const documents = emfDocuments(writes);
  expect(documents).toHaveLength(2);
  expect(documents[0]).toMatchObject({ requestId, Before: [1, 2], TimeoutImminent: 1 });
  expect(documents[1]).toMatchObject({ requestId, After: 3 });
  expect(valuesByName(documents)).toEqual(
    new Map([
      ['Before', [1, 2]],
      ['ColdStart', [1]],
      ['InitDuration', [expect.any(Number)]],
      ['MemoryWatermark', [128]],
      ['TimeoutImminent', [1]],
      ['After', [3]],
    ]),
  );
  const warnings = logLines(writes).filter((line) => line[SDK_LINE_KEY] === SDK_LINE_KINDS.timeout);
  expect(warnings).toHaveLength(1);
  const [warning = {}] = warnings;
  expect(warning).toMatchObject({ level: 'WARN', requestId });
  // Its 100 ms timer cannot fire early; late, it must still beat the 600 ms deadline (the documents' order shows it
  // came while the handler slept).
  expect(warning.elapsedMs).toBeGreaterThanOrEqual(90);
  expect(warning.elapsedMs).toBeLessThan(600);
  return { documents, warning };
}
