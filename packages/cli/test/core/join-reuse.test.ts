import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createInvocationJoiner, type JoinerOptions } from '../../src/core/join/invocation-joiner.js';
import type { InvocationRecord } from '../../src/core/join/invocation-record.js';
import { PendingInvocation } from '../../src/core/join/pending-invocation.js';
import { hashRequestId, hashRequestIdBytes } from '../../src/core/join/request-hash.js';
import { GENERATED_STREAMS, generatedEvents } from '../support/generated-logs.js';
import { makeRecord } from '../support/records.js';

const RECORD_FIELDS = Object.keys(makeRecord({})) as (keyof InvocationRecord)[];

/** The record's own fields, copied while the sink is called (a reused invocation changes afterwards). */
function snapshot(record: InvocationRecord): Partial<InvocationRecord> {
  return Object.fromEntries(RECORD_FIELDS.map((field) => [field, record[field]]));
}

describe('request id hashes', () => {
  it('are the same from the text and from its ASCII bytes, at any offset (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 80 }), fc.nat(7), (text, offset) => {
        const bytes = Buffer.concat([Buffer.alloc(offset, 0x41), Buffer.from(text, 'latin1'), Buffer.alloc(3, 0x42)]);
        expect(hashRequestIdBytes(bytes, offset, offset + text.length)).toBe(hashRequestId(text));
      }),
    );
  });

  it('spread ids that differ in one character over the low bits a table indexes by', () => {
    const buckets = new Set<number>();
    for (let index = 0; index < 1024; index += 1) {
      buckets.add(hashRequestId(`11111111-0000-4000-8000-${index.toString(16).padStart(12, '0')}`) & 1023);
    }
    expect(buckets.size).toBeGreaterThan(550);
  });
});

describe('reusing completed invocations', () => {
  it('makes a used invocation field for field a new one (every field reset, one more generation)', () => {
    const used = new PendingInvocation('a', true, 'group', 'stream', 'orders', 3);
    used.applyReport({
      durationMs: 12,
      billedDurationMs: 13,
      memorySizeMb: 128,
      maxMemoryUsedMb: 128,
      initDurationMs: 100,
      restoreDurationMs: 5,
      billedRestoreDurationMs: 6,
      status: 'error',
      errorType: 'Runtime.ExitError',
      xrayTraceId: '1-2-3',
    });
    used.applyEvidence({
      kind: 'app',
      level: 'error',
      requestId: 'a',
      coldStart: true,
      proactiveInit: true,
      initType: 'snap-start',
      xrayTraceId: '1-2-3',
      functionName: 'f',
      outOfMemory: true,
      sdkKind: undefined,
    } as never);
    Object.assign(used, {
      version: '7',
      startMs: 1,
      endMs: 2,
      hasReport: true,
      timedOut: true,
      errorLogged: true,
      timeoutImminent: true,
      started: true,
      killed: true,
      outOfMemoryLogged: true,
      suppressedInit: true,
      environment: { initStartMs: 1, initType: undefined, restored: true },
      reportAt: 9,
      addedAt: 4,
      tableSlot: 17,
      shared: true,
      linesDropped: 2,
      retired: true,
    });
    used.keepLine('a line');
    used.complete(5, 'orders');
    const lines = used.lines;
    used.reuse('b', false, undefined, 'other', undefined, 8, 99);
    const fresh = new PendingInvocation('b', false, undefined, 'other', undefined, 8, 99);
    expect({ ...used, generation: 0 }).toEqual({ ...fresh });
    expect(used.generation).toBe(1);
    // A record a sink kept a copy of keeps its lines: they are replaced, never emptied in place.
    expect(lines).toEqual(['a line']);
  });

  it('gives the same records, in the same order, as fresh invocations (property)', () => {
    fc.assert(
      fc.property(
        generatedEvents,
        fc.record({
          maxLinesPerInvocation: fc.constantFrom(0, 2),
          dedupeWindow: fc.constantFrom(8192, 2),
          maxIdleEvents: fc.constantFrom(200_000, 5, 2),
          graceEvents: fc.constantFrom(8, 0, 1),
        }),
        fc.boolean(),
        (events, options: JoinerOptions, crossStreams) => {
          const recordsWith = (reuseRecords: boolean): Partial<InvocationRecord>[] => {
            const records: Partial<InvocationRecord>[] = [];
            const joiner = createInvocationJoiner(
              { invocation: (record) => records.push(snapshot(record)) },
              { ...options, reuseRecords },
            );
            events.forEach((event, index) => {
              // Now and then a line lands in another stream than its invocation's (a shared reference).
              const streamIndex = crossStreams && index % 5 === 0 ? (event.streamIndex + 1) % 3 : event.streamIndex;
              joiner.push(
                [{ message: event.message, timestampMs: event.timestampMs, logStream: GENERATED_STREAMS[streamIndex] }],
                { inputName: 'input' },
              );
            });
            joiner.flush();
            return records;
          };
          expect(recordsWith(true)).toEqual(recordsWith(false));
        },
      ),
      { numRuns: 300 },
    );
  });
});
