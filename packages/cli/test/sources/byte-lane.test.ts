import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createInvocationJoiner } from '../../src/core/join/invocation-joiner.js';
import type { JoinCounts } from '../../src/core/join/join-counts.js';
import { type LineFormat, type LogFrameSink, toOfferBatch } from '../../src/core/join/log-frames.js';
import { buildReport } from '../../src/core/report/build-report.js';
import { formatReportJson } from '../../src/core/report/format-json.js';
import { createReportCollector } from '../../src/core/report-collector.js';
import { createReportAggregator } from '../../src/core/stats/report-aggregator.js';
import { EventFramer } from '../../src/sources/event-framer.js';
import type { InputFormat } from '../../src/sources/input-format.js';
import { readLogEvents } from '../../src/sources/read-log-events.js';
import { TapePipeline } from '../../src/sources/tape-pipeline.js';
import { cutInto, generatedEvents, renderEvents, renderings } from '../support/generated-logs.js';

interface LaneOptions {
  readonly byteLane: boolean;
  readonly format?: InputFormat | undefined;
  readonly maxLinesPerInvocation?: number;
  readonly sinceMs?: number | undefined;
  readonly untilMs?: number | undefined;
  readonly dedupeWindow?: number;
  readonly maxIdleEvents?: number;
}

interface LaneResult {
  readonly json: string;
  readonly counts: JoinCounts;
}

/** `lambdatop report --format json` on `chunks`, in-process: the command's own loop over readLogEvents. */
async function reportOf(chunks: readonly Buffer[], options: LaneOptions): Promise<LaneResult> {
  const { format, ...joinerOptions } = options;
  const collector = createReportCollector(joinerOptions);
  for await (const events of readLogEvents(Readable.from(chunks), 'input', { format })) {
    collector.push(events, { inputName: 'input' });
  }
  const collected = collector.finish();
  const report = buildReport(collected.functions, {
    counts: collected.counts,
    inputs: ['input'],
    sinceMs: options.sinceMs,
    untilMs: options.untilMs,
  });
  return { json: formatReportJson(report), counts: { ...collected.counts } };
}

/**
 * The same report with the lines read by the worker thread from chunk `handOverAtChunk` on: the joiner's lane taken
 * through the offer protocol, fed by a TapePipeline that waits for its worker there.
 */
async function reportThroughWorker(
  chunks: readonly Buffer[],
  format: LineFormat,
  handOverAtChunk: number,
): Promise<LaneResult> {
  const aggregator = createReportAggregator();
  const joiner = createInvocationJoiner(aggregator);
  let lane: LogFrameSink | undefined;
  joiner.push(toOfferBatch({ format, accept: (sink) => (lane = sink) }), { inputName: 'input' });
  if (lane === undefined) throw new Error('the joiner did not take the byte lane');
  const pipeline = new TapePipeline(format, new EventFramer(lane), { thread: true, handOverAtChunk });
  for (const chunk of chunks) await pipeline.push(chunk);
  await pipeline.end();
  joiner.flush();
  const counts = { ...joiner.counts() };
  const report = buildReport(aggregator.finish(), { counts, inputs: ['input'] });
  return { json: formatReportJson(report), counts };
}

/** Bytes that are not UTF-8 (a lone continuation byte, a cut-off character, a byte no UTF-8 uses) spliced in. */
function withInvalidUtf8(bytes: Buffer, places: readonly number[]): Buffer {
  const bad = [Buffer.from([0x80]), Buffer.from([0xe2, 0x98]), Buffer.from([0xff])];
  let result = bytes;
  places.forEach((place, index) => {
    const at = place % (result.length + 1);
    result = Buffer.concat([result.subarray(0, at), bad[index % bad.length] as Buffer, result.subarray(at)]);
  });
  return result;
}

describe('the byte lane against the LogEvent path (differential property)', () => {
  it('gives byte-identical JSON reports and counts for every format, chunking, line ending and option', async () => {
    await fc.assert(
      fc.asyncProperty(
        generatedEvents,
        renderings,
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 3 }),
        fc.record({
          detect: fc.boolean(),
          maxLinesPerInvocation: fc.constantFrom(0, 0, 3),
          window: fc.constantFrom('none', 'since', 'until'),
          dedupeWindow: fc.constantFrom(8192, 2),
          maxIdleEvents: fc.constantFrom(200_000, 5),
        }),
        async (events, rendering, cuts, invalid, settings) => {
          const bytes = withInvalidUtf8(Buffer.from(renderEvents(events, rendering)), invalid);
          const middleMs = events[Math.floor(events.length / 2)]?.timestampMs;
          const options = {
            format: settings.detect ? undefined : rendering.format,
            maxLinesPerInvocation: settings.maxLinesPerInvocation,
            sinceMs: settings.window === 'since' ? middleMs : undefined,
            untilMs: settings.window === 'until' ? middleMs : undefined,
            dedupeWindow: settings.dedupeWindow,
            maxIdleEvents: settings.maxIdleEvents,
          };
          const oracle = await reportOf([bytes], { ...options, byteLane: false });
          const lane = await reportOf(cutInto(bytes, cuts), { ...options, byteLane: true });
          expect(lane.counts).toEqual(oracle.counts);
          expect(lane.json).toBe(oracle.json);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('gives the same report when a worker thread takes over reading at any chunk (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(generatedEvents, { minLength: 1, maxLength: 4 }).map((parts) => parts.flat()),
        renderings.filter((rendering) => ['raw', 'tail-detailed', 'tail-short', 'sam'].includes(rendering.format)),
        fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
        fc.nat(),
        async (events, rendering, cuts, handOver) => {
          const bytes = Buffer.from(renderEvents(events, rendering));
          const chunks = cutInto(bytes, cuts);
          const format = rendering.format as LineFormat;
          const oracle = await reportOf([bytes], { byteLane: false, format });
          const threaded = await reportThroughWorker(chunks, format, handOver % (chunks.length + 1));
          expect(threaded.counts).toEqual(oracle.counts);
          expect(threaded.json).toBe(oracle.json);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('reads the common Lambda layout in place and agrees on a long input where streams go idle and are forgotten', async () => {
    // Over 65,536 events, so the joiner sweeps idle invocations and forgets idle streams at least twice.
    const lines: string[] = [];
    const streams = Array.from(
      { length: 40 },
      (_, index) => `2026/07/22/orders[$LATEST]${index.toString(16).padStart(32, '0')}`,
    );
    let timeUs = Date.UTC(2026, 6, 22, 3, 0, 0) * 1000;
    for (let invocation = 0; invocation < 40_000; invocation += 1) {
      // The first streams go quiet after a while: they are forgotten, and some come back later.
      const pool = invocation < 15_000 ? 40 : invocation < 30_000 ? 10 : 25;
      const stream = streams[(invocation * 7) % pool] as string;
      const id = `${invocation.toString(16).padStart(8, '0')}-8429-45c2-accf-a5b0af461f48`;
      const time = (): string => {
        timeUs += 137;
        const ms = Math.floor(timeUs / 1000);
        return `${new Date(ms).toISOString().slice(0, 19)}.${String(timeUs % 1_000_000).padStart(6, '0')}+00:00`;
      };
      lines.push(`${time()} ${stream} START RequestId: ${id} Version: $LATEST`);
      lines.push(`${time()} ${stream} 2026-07-22T03:00:00.224Z\t${id}\tINFO\tprocessed`);
      lines.push(`${time()} ${stream} END RequestId: ${id}`);
      const init = invocation % 97 === 0 ? '\tInit Duration: 212.50 ms' : '';
      lines.push(
        `${time()} ${stream} REPORT RequestId: ${id}\tDuration: ${(invocation % 900) + 0.25} ms\tBilled Duration: ${(invocation % 900) + 1} ms\tMemory Size: 512 MB\tMax Memory Used: ${80 + (invocation % 7)} MB${init}`,
      );
    }
    const bytes = Buffer.from(`${lines.join('\n')}\n`);
    const options = { maxIdleEvents: 20_000 };
    const oracle = await reportOf([bytes], { ...options, byteLane: false });
    const lane = await reportOf(cutInto(bytes, [1 << 16, 1 << 20, 3_000_001]), { ...options, byteLane: true });
    expect(oracle.counts.events).toBe(160_000);
    expect(lane.counts).toEqual(oracle.counts);
    expect(lane.json).toBe(oracle.json);
    expect(JSON.parse(lane.json).functions[0]).toMatchObject({ name: 'orders', invocations: 40_000, coldStarts: 413 });
  });
});
