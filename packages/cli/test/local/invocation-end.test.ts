import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toInvocationEnd } from '../../src/local/invocation-end.js';
import { INVOKE_OUTCOME_KINDS } from '../../src/local/invoke-outcome.js';
import { readReport } from './support/report-figures.js';

const REQUEST_ID = '7c9567b5-107b-4a6c-8798-0157ac21db52';

describe('toInvocationEnd', () => {
  it('writes END then a REPORT whose figures are exactly the outcome’s', () => {
    fc.assert(
      fc.property(
        fc.record({
          durationMs: fc.double({ min: 0, max: 900_000, noNaN: true }),
          initDurationMs: fc.option(fc.double({ min: 0, max: 10_000, noNaN: true }), { nil: undefined }),
          memorySizeMb: fc.integer({ min: 128, max: 10_240 }),
          maxMemoryUsedMb: fc.option(fc.integer({ min: 1, max: 128 }), { nil: undefined }),
          kind: fc.constantFrom(...INVOKE_OUTCOME_KINDS),
          failure: fc.constantFrom(
            {},
            { status: 'timeout' as const },
            { status: 'error' as const, reportErrorType: 'Runtime.OutOfMemory' },
          ),
        }),
        ({ failure, ...figures }) => {
          const { lines, outcome } = toInvocationEnd({
            requestId: REQUEST_ID,
            functionName: 'orders',
            logStream: '2024/01/01/[$LATEST]8b8754041414437ca5b22b9106549a2f',
            cold: figures.initDurationMs !== undefined,
            memoryMeasurement: 'peak-rss',
            errorType: undefined,
            errorMessage: undefined,
            ...figures,
            ...failure,
          });
          expect(lines[0]).toBe(`END RequestId: ${REQUEST_ID}`);
          const report = readReport(lines[1] ?? '');
          expect(report).toBeDefined();
          expect(report?.durationMs).toBe(Number(figures.durationMs.toFixed(2)));
          expect(report?.billedDurationMs).toBe(outcome.billedDurationMs);
          expect(report?.initDurationMs).toBe(
            figures.initDurationMs === undefined ? undefined : Number(figures.initDurationMs.toFixed(2)),
          );
          expect(report?.memorySizeMb).toBe(figures.memorySizeMb);
          // Unknown memory stays unknown in the outcome even though the line must print a figure.
          expect(outcome.maxMemoryUsedMb).toBe(figures.maxMemoryUsedMb);
          expect(report?.maxMemoryUsedMb).toBe(figures.maxMemoryUsedMb ?? 0);
          expect(report?.status).toBe('status' in failure ? failure.status : undefined);
          expect(report?.errorType).toBe('reportErrorType' in failure ? failure.reportErrorType : undefined);
          expect(outcome).toMatchObject({ kind: figures.kind, requestId: REQUEST_ID, functionName: 'orders' });
        },
      ),
    );
  });
});
