import { mkdtempSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/core/report/build-report.js';
import { formatReportJson } from '../../src/core/report/format-json.js';
import { createReportCollector } from '../../src/core/report-collector.js';
import { ChunkPool } from '../../src/sources/chunk-pool.js';
import { CHUNK_BYTES, openInput } from '../../src/sources/open-input.js';
import { readLogEvents } from '../../src/sources/read-log-events.js';

const work = mkdtempSync(join(tmpdir(), 'lambdatop-chunks-'));

/** A report of `input` as `lambdatop report` makes it: the byte lane, and for a file the pooled reader. */
async function reportOf(input: Readable): Promise<string> {
  const collector = createReportCollector();
  for await (const events of readLogEvents(input, 'input', { readerThread: false })) {
    collector.push(events, { inputName: 'input' });
  }
  const collected = collector.finish();
  return formatReportJson(buildReport(collected.functions, { counts: collected.counts, inputs: ['input'] }));
}

/**
 * `aws logs tail` lines for several MB: many read buffers, each reused while the event framer still holds the last
 * event of the chunk before (multi-line messages cross chunk boundaries), and lines of every length.
 */
function tailLog(invocations: number): Buffer {
  const lines: string[] = [];
  for (let index = 0; index < invocations; index += 1) {
    const stream = `2026/07/22/orders[$LATEST]${(index % 17).toString(16).padStart(32, '0')}`;
    const id = `${index.toString(16).padStart(8, '0')}-8429-45c2-accf-a5b0af461f48`;
    const time = new Date(Date.UTC(2026, 6, 22, 3) + index * 7).toISOString().replace('Z', '000+00:00');
    lines.push(`${time} ${stream} START RequestId: ${id} Version: $LATEST`);
    lines.push(
      `${time} ${stream} ${time.slice(0, 23)}Z\t${id}\tERROR\tInvoke Error${'\n    at frame'.repeat(index % 5)}`,
    );
    lines.push(`${time} ${stream} ${'x'.repeat(index % 300)}`);
    lines.push(`${time} ${stream} END RequestId: ${id}`);
    lines.push(
      `${time} ${stream} REPORT RequestId: ${id}\tDuration: ${(index % 900) + 0.25} ms\tBilled Duration: ${(index % 900) + 1} ms\tMemory Size: 512 MB\tMax Memory Used: ${80 + (index % 7)} MB`,
    );
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

describe('reading a file into reused buffers', () => {
  it('gives the report a stream of the same bytes gives, plain or gzipped, over many chunks', async () => {
    const bytes = tailLog(12_000);
    expect(bytes.length).toBeGreaterThan(CHUNK_BYTES * 6);
    const plain = join(work, 'orders.log');
    const gzipped = join(work, 'orders.log.gz');
    writeFileSync(plain, bytes);
    writeFileSync(gzipped, gzipSync(bytes));
    const expected = await reportOf(Readable.from([bytes]));
    expect(JSON.parse(expected).functions[0].invocations).toBe(12_000);
    expect(await reportOf(await openInput(plain, Readable.from([])))).toBe(expected);
    expect(await reportOf(await openInput(gzipped, Readable.from([])))).toBe(expected);
  });

  it('closes the file however the reading ends', async () => {
    const path = join(work, 'short.log');
    writeFileSync(path, tailLog(3_000));
    // The descriptors open on this very file (other tests in the process may open and close their own meanwhile).
    const openOnFile = (): string[] =>
      readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`) === path;
        } catch {
          // Closed between the listing and the look.
          return false;
        }
      });
    await reportOf(await openInput(path, Readable.from([])));
    expect(openOnFile()).toEqual([]);
    const stopped = await openInput(path, Readable.from([]));
    expect(openOnFile()).toHaveLength(1);
    for await (const events of readLogEvents(stopped, 'input')) {
      // A reader that takes the first batch and stops.
      expect(events).toBeDefined();
      break;
    }
    expect(openOnFile()).toEqual([]);
  });
});

describe('ChunkPool', () => {
  it('hands back its own buffers, ignores others, and keeps a few spare', () => {
    const pool = new ChunkPool(1024);
    const taken = Array.from({ length: 6 }, () => pool.take());
    for (const buffer of taken) pool.give(buffer.subarray(0, 10));
    pool.give(Buffer.alloc(1024));
    const again = Array.from({ length: 5 }, () => pool.take());
    const reused = again.filter((buffer) => taken.some((old) => old.buffer === buffer.buffer));
    expect(reused).toHaveLength(4);
    expect(again.every((buffer) => buffer.length === 1024)).toBe(true);
  });
});
