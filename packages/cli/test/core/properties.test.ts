import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/core/log-event.js';
import { parseLine } from '../../src/core/parse/parse-line.js';
import { nearestRankIndex, summariseValues } from '../../src/core/stats/percentiles.js';
import { createQuantileSketch } from '../../src/core/stats/quantile-sketch.js';
import { joinEvents } from '../support/join-lines.js';

const durations = fc.array(fc.double({ min: 0, max: 900_000, noNaN: true, noDefaultInfinity: true }), {
  minLength: 1,
  maxLength: 400,
});

describe('percentiles (property)', () => {
  it('are ordered and lie within the sample', () => {
    fc.assert(
      fc.property(durations, (values) => {
        const summary = summariseValues(values);
        if (summary === undefined) return false;
        const order = [summary.min, summary.p50, summary.p90, summary.p99, summary.p999, summary.max];
        expect(order).toEqual([...order].sort((left, right) => left - right));
        expect(summary.mean).toBeGreaterThanOrEqual(summary.min - 1e-9 * Math.abs(summary.min));
        expect(summary.mean).toBeLessThanOrEqual(summary.max + 1e-9 * Math.abs(summary.max));
        expect(values).toContain(summary.p99);
        return true;
      }),
    );
  });

  it('do not depend on the order of the sample, and the caller’s array is left alone', () => {
    fc.assert(
      fc.property(durations, fc.infiniteStream(fc.nat()), (values, randomness) => {
        const copy = [...values];
        const shuffled = [...values];
        const random = randomness[Symbol.iterator]();
        for (let index = shuffled.length - 1; index > 0; index -= 1) {
          const other = (random.next().value as number) % (index + 1);
          [shuffled[index], shuffled[other]] = [shuffled[other] as number, shuffled[index] as number];
        }
        const original = summariseValues(values);
        const permuted = summariseValues(shuffled);
        expect(permuted?.p50).toBe(original?.p50);
        expect(permuted?.p99).toBe(original?.p99);
        expect(permuted?.p999).toBe(original?.p999);
        expect(permuted?.max).toBe(original?.max);
        expect(values).toEqual(copy);
      }),
    );
  });

  it('follow the nearest-rank definition: at least q·n values at or below, fewer than q·n strictly below', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.double({ min: 0, max: 1, noNaN: true }), (count, q) => {
        const index = nearestRankIndex(q, count);
        expect(index).toBeGreaterThanOrEqual(0);
        expect(index).toBeLessThan(count);
        expect(index + 1).toBeGreaterThanOrEqual(Math.min(count, q * count - 1e-6));
        expect(index).toBeLessThan(Math.max(1, q * count + 1e-6));
      }),
    );
  });
});

describe('the quantile sketch (property)', () => {
  const exactAt = (sorted: readonly number[], q: number): number =>
    sorted[nearestRankIndex(q, sorted.length)] ?? Number.NaN;
  const positive = fc.array(fc.double({ min: 0.01, max: 900_000, noNaN: true, noDefaultInfinity: true }), {
    minLength: 1,
    maxLength: 2000,
  });

  it('keeps every quantile within its stated 1 % of the exact nearest-rank value', () => {
    fc.assert(
      fc.property(positive, fc.double({ min: 0, max: 1, noNaN: true }), (values, q) => {
        const sketch = createQuantileSketch();
        for (const value of values) sketch.add(value);
        const sorted = [...values].sort((left, right) => left - right);
        const exact = exactAt(sorted, q);
        const estimate = sketch.quantile(q) ?? Number.NaN;
        expect(Math.abs(estimate - exact)).toBeLessThanOrEqual(exact * sketch.relativeAccuracy * (1 + 1e-9));
        expect(sketch.count).toBe(values.length);
      }),
    );
  });

  it('merges: two sketches merged answer like one sketch of both samples, inputs unchanged', () => {
    fc.assert(
      fc.property(positive, positive, (left, right) => {
        const a = createQuantileSketch();
        const b = createQuantileSketch();
        for (const value of left) a.add(value);
        for (const value of right) b.add(value);
        const countOfB = b.count;
        const merged = a.copy();
        merged.merge(b);
        const sorted = [...left, ...right].sort((x, y) => x - y);
        for (const q of [0.5, 0.9, 0.99]) {
          const exact = exactAt(sorted, q);
          expect(Math.abs((merged.quantile(q) ?? Number.NaN) - exact)).toBeLessThanOrEqual(exact * 0.01 * (1 + 1e-9));
        }
        expect(merged.count).toBe(left.length + right.length);
        expect(b.count).toBe(countOfB);
        expect(a.count).toBe(left.length);
      }),
    );
  });
});

const FRAGMENTS = [
  'REPORT',
  'START',
  'END',
  'RequestId:',
  'Duration:',
  'Billed Duration:',
  'Memory Size:',
  'Max Memory Used:',
  'Init Duration:',
  'Status:',
  'Error Type:',
  'XRAY TraceId:',
  ' ms',
  ' MB',
  '\t',
  ' ',
  '\n',
  '{',
  '}',
  '"',
  ':',
  '[',
  ']',
  '"type":"platform.report"',
  '"_aws":',
  '"record":',
  '123.45',
  '-',
  'NaN',
  '1e309',
  '2024-05-20T16:29:45.008Z',
  'INIT_',
  'RESTORE_',
  'Task timed out after',
  'undefined',
  '\u0000',
  '\u001b[2J',
  '☃',
];

const lineLike = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 30 }).map((parts) => parts.join('')),
  fc.json().map((json) => json),
);

describe('the parser and the joiner never throw (property)', () => {
  it('parseLine classifies any string', () => {
    fc.assert(
      fc.property(lineLike, (line) => {
        expect(typeof parseLine(line).kind).toBe('string');
      }),
      { numRuns: 3000 },
    );
  });

  it('the joiner takes any sequence of events and completes every invocation it opened', () => {
    const event = fc.record({
      message: lineLike,
      logStream: fc.option(fc.constantFrom('2024/01/01/[$LATEST]a', '2024/01/01/f[1]b', ''), { nil: undefined }),
      timestampMs: fc.option(fc.integer({ min: 0, max: 1e13 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), (events) => {
        const joined = joinEvents(events as LogEvent[]);
        expect(joined.counts.events).toBe(events.length);
        expect(joined.records.length).toBeLessThanOrEqual(events.length);
        expect(new Set(joined.records.map((record) => record.sequence)).size).toBe(joined.records.length);
      }),
      { numRuns: 500 },
    );
  });
});

interface Invocation {
  readonly id: string;
  readonly durationMs: number;
  readonly billedMs: number;
  readonly memoryMb: number;
  readonly usedMb: number;
  readonly initMs: number | undefined;
  readonly traceId: string | undefined;
}

const invocationArbitrary = fc.record({
  durationMs: fc.integer({ min: 1, max: 90_000_000 }).map((hundredths) => hundredths / 100),
  memoryMb: fc.integer({ min: 128, max: 10_240 }),
  usedMb: fc.integer({ min: 1, max: 10_240 }),
  initMs: fc.option(
    fc.integer({ min: 1, max: 1_000_000 }).map((hundredths) => hundredths / 100),
    { nil: undefined },
  ),
  traceId: fc.option(fc.constant('1-5e34a614-10bdxmplf1fb44f07bc535a1'), { nil: undefined }),
});

/** How one REPORT is written: separators, field order, trailing TAB, XRAY placement, JSON or text. */
const renderingArbitrary = fc.record({
  separator: fc.constantFrom('\t', ' ', '  ', ' \t', '\t '),
  order: fc.shuffledSubarray([0, 1, 2, 3, 4], { minLength: 5, maxLength: 5 }),
  trailing: fc.constantFrom('', '\t', ' ', '\t\n'),
  xray: fc.constantFrom('inline', 'same-event', 'next-line'),
  json: fc.boolean(),
  splitFields: fc.boolean(),
  copies: fc.integer({ min: 1, max: 3 }),
});

interface Rendering {
  readonly separator: string;
  readonly order: readonly number[];
  readonly trailing: string;
  readonly xray: string;
  readonly json: boolean;
  readonly splitFields: boolean;
}

function renderReport(invocation: Invocation, rendering: Rendering): string[] {
  if (rendering.json) {
    const metrics: Record<string, number> = {
      durationMs: invocation.durationMs,
      billedDurationMs: invocation.billedMs,
      memorySizeMB: invocation.memoryMb,
      maxMemoryUsedMB: invocation.usedMb,
    };
    if (invocation.initMs !== undefined) metrics.initDurationMs = invocation.initMs;
    return [
      JSON.stringify({
        time: '2024-05-20T16:29:45.022Z',
        type: 'platform.report',
        record: { requestId: invocation.id, status: 'success', metrics },
      }),
    ];
  }
  const fields = [
    `Duration: ${invocation.durationMs.toFixed(2)} ms`,
    `Billed Duration: ${invocation.billedMs} ms`,
    `Memory Size: ${invocation.memoryMb} MB`,
    `Max Memory Used: ${invocation.usedMb} MB`,
    invocation.initMs === undefined ? '' : `Init Duration: ${invocation.initMs.toFixed(2)} ms`,
  ];
  const ordered = rendering.order.map((index) => fields[index] ?? '').filter((field) => field !== '');
  const xray =
    invocation.traceId === undefined
      ? undefined
      : `XRAY TraceId: ${invocation.traceId}\tSegmentId: 07f5xmpl2d1f6f85\tSampled: true`;
  if (rendering.splitFields) {
    return [`REPORT RequestId: ${invocation.id}`, ...ordered, ...(xray === undefined ? [] : [xray])];
  }
  const line = `REPORT RequestId: ${invocation.id}${rendering.separator}${ordered.join(rendering.separator)}`;
  if (xray === undefined) return [`${line}${rendering.trailing}`];
  if (rendering.xray === 'inline') return [`${line}${rendering.separator}${xray}`];
  if (rendering.xray === 'same-event') return [`${line}${rendering.trailing.replace('\n', '')}\n${xray}`];
  return [`${line}${rendering.trailing}`, xray];
}

describe('a REPORT counts once however it is written, split, wrapped or repeated (property)', () => {
  it('one record per request id, with the REPORT’s figures', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(invocationArbitrary, renderingArbitrary), { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        (items, repeatLater) => {
          const events: string[] = [];
          const later: string[] = [];
          const invocations = items.map(([fields, rendering], index): [Invocation, typeof rendering] => [
            {
              id: `${index.toString(16).padStart(8, '0')}-aaaa-4bbb-8ccc-${index.toString(16).padStart(12, '0')}`,
              durationMs: fields.durationMs,
              billedMs: Math.ceil(fields.durationMs),
              memoryMb: fields.memoryMb,
              usedMb: fields.usedMb,
              initMs: fields.initMs,
              traceId: fields.traceId,
            },
            rendering,
          ]);
          for (const [invocation, rendering] of invocations) {
            events.push(`START RequestId: ${invocation.id} Version: $LATEST`);
            const report = renderReport(invocation, rendering);
            events.push(...report);
            for (let copy = 1; copy < rendering.copies; copy += 1) (repeatLater ? later : events).push(...report);
          }
          const { records } = joinEvents([...events, ...later]);
          expect(records).toHaveLength(invocations.length);
          const byId = new Map(records.map((record) => [record.requestId, record]));
          for (const [invocation, rendering] of invocations) {
            const record = byId.get(invocation.id);
            expect(record).toBeDefined();
            expect(record?.durationMs).toBeCloseTo(invocation.durationMs, 6);
            expect(record?.billedDurationMs).toBe(invocation.billedMs);
            expect(record?.memorySizeMb).toBe(invocation.memoryMb);
            expect(record?.maxMemoryUsedMb).toBe(invocation.usedMb);
            expect(record?.initDurationMs === undefined).toBe(invocation.initMs === undefined);
            if (!rendering.json) expect(record?.xrayTraceId).toBe(invocation.traceId);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
