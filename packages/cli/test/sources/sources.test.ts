import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/core/log-event.js';
import { createFilterLogEventsScanner } from '../../src/sources/filter-log-events-scanner.js';
import { detectInputFormat, type InputFormat } from '../../src/sources/input-format.js';
import { readLogEvents } from '../../src/sources/read-log-events.js';

/** A Readable that yields `chunks` as given, to test every chunk boundary. */
function streamOf(chunks: readonly (string | Buffer)[]): Readable {
  return Readable.from(chunks.map((chunk) => (typeof chunk === 'string' ? Buffer.from(chunk) : chunk)));
}

async function collect(chunks: readonly (string | Buffer)[], format?: InputFormat): Promise<LogEvent[]> {
  const events: LogEvent[] = [];
  for await (const batch of readLogEvents(streamOf(chunks), 'test', format === undefined ? {} : { format })) {
    events.push(...batch);
  }
  return events;
}

const STREAM = '2026/07/22/[$LATEST]4d9204ca996c4d9bb21818e050ff8fee';

describe('input format detection', () => {
  it.each([
    ['raw', 'START RequestId: 43e50939ce8c Version: $LATEST\nEND RequestId: 43e50939ce8c\n'],
    ['raw', '2024-11-29T02:10:03.161Z\t6bc28136-xmpl-4365-b021-0ce6b2e64ab0\tINFO\thello\n'],
    [
      'raw',
      '{"time":"2024-05-20T16:29:45.008Z","type":"platform.start","record":{"requestId":"r","version":"$LATEST"}}\n',
    ],
    [
      'tail-detailed',
      `2026-07-22T03:52:34.157000+00:00 ${STREAM} INIT_START Runtime Version: nodejs:24.v48\tRuntime Version ARN: arn:aws:lambda:us-west-2::runtime:adfa\n`,
    ],
    ['tail-short', '2026-04-23T18:21:14 INIT_START Runtime Version: nodejs:20.v106  Runtime Version ARN: arn\n'],
    [
      'sam',
      '2023/06/02/[72]88ab219a63d343d294d0a9947e8ab36a 2023-06-02T11:27:22.722000 START RequestId: 8c360c87-d4b7-4423-b5f3-af02be3c1763 Version: 72\n',
    ],
    [
      'json-lines',
      '{"logGroup":"/aws/lambda/orders","logStream":"s","timestamp":1716222585009,"eventId":"1","message":"END RequestId: r"}\n',
    ],
    [
      'filter-log-events',
      '{\n    "events": [\n        {\n            "logStreamName": "s",\n            "timestamp": 1,\n            "message": "x"\n        }\n    ]\n}\n',
    ],
  ] as const)('detects %s', (format, sample) => {
    expect(detectInputFormat(sample)).toBe(format);
  });
});

describe('reading inputs', () => {
  it('splits `aws logs tail` output into events with stream and time, rejoining multi-line messages', async () => {
    const text = [
      `2026-07-22T03:52:34.157000+00:00 ${STREAM} REPORT RequestId: f08bb4c8-d6b2-4f05-ac17-af7e2ba005fb\tDuration: 619.31 ms\tBilled Duration: 700 ms\tMemory Size: 128 MB\tMax Memory Used: 118 MB`,
      'XRAY TraceId: 1-5e61292c-cc1229a4dfbeae1043928548\tSegmentId: 07a85e713f6302b2\tSampled: true',
      `2026-07-22T03:52:35.000000+00:00 ${STREAM} END RequestId: r2`,
      '',
    ].join('\n');
    const events = await collect([text]);
    expect(events).toEqual([
      {
        message:
          'REPORT RequestId: f08bb4c8-d6b2-4f05-ac17-af7e2ba005fb\tDuration: 619.31 ms\tBilled Duration: 700 ms\tMemory Size: 128 MB\tMax Memory Used: 118 MB\nXRAY TraceId: 1-5e61292c-cc1229a4dfbeae1043928548\tSegmentId: 07a85e713f6302b2\tSampled: true',
        logStream: STREAM,
        timestampMs: Date.parse('2026-07-22T03:52:34.157Z'),
      },
      { message: 'END RequestId: r2', logStream: STREAM, timestampMs: Date.parse('2026-07-22T03:52:35.000Z') },
    ]);
  });

  it('reads the short tail format and sam logs output', async () => {
    expect(await collect(['2026-04-23T18:21:14 END RequestId: r\n'])).toEqual([
      { message: 'END RequestId: r', logStream: undefined, timestampMs: Date.parse('2026-04-23T18:21:14Z') },
    ]);
    expect(
      await collect([
        '2023/06/02/[72]88ab219a63d343d294d0a9947e8ab36a 2023-06-02T11:27:22.719000 RESTORE_REPORT Restore Duration: 398.97 ms\n',
      ]),
    ).toEqual([
      {
        message: 'RESTORE_REPORT Restore Duration: 398.97 ms',
        logStream: '2023/06/02/[72]88ab219a63d343d294d0a9947e8ab36a',
        timestampMs: Date.parse('2023-06-02T11:27:22.719Z'),
      },
    ]);
  });

  it('reads JSON lines, keeping group, stream, time, id', async () => {
    const events = await collect([
      '{"logGroup":"/aws/lambda/orders","logStream":"s","timestamp":1716222585009,"eventId":"42","message":"END RequestId: r"}\n',
      'not json at all\n',
    ]);
    expect(events).toEqual([
      {
        message: 'END RequestId: r',
        logGroup: '/aws/lambda/orders',
        logStream: 's',
        timestampMs: 1716222585009,
        eventId: '42',
        ingestionTimeMs: undefined,
      },
      { message: 'not json at all' },
    ]);
  });

  it('streams filter-log-events JSON: messages with newlines and braces, several pages', async () => {
    const page = (id: string, message: string): string =>
      JSON.stringify(
        {
          events: [{ logStreamName: STREAM, timestamp: 1, message, ingestionTime: 2, eventId: id }],
          searchedLogStreams: [],
        },
        null,
        4,
      );
    const events = await collect([
      `${page('1', 'REPORT RequestId: a\tDuration: 1 ms\n')}\n${page('2', 'a "quoted" {brace} \\ backslash')}`,
    ]);
    expect(events.map((event) => [event.eventId, event.message, event.logStream, event.ingestionTimeMs])).toEqual([
      ['1', 'REPORT RequestId: a\tDuration: 1 ms\n', STREAM, 2],
      ['2', 'a "quoted" {brace} \\ backslash', STREAM, 2],
    ]);
  });

  it('gunzips by magic bytes, whatever the name, and decodes UTF-8 split across chunks', async () => {
    const text =
      'START RequestId: 43e50939ce8c Version: $LATEST\n2024-11-29T02:10:03.161Z\t43e50939ce8c\tINFO\tcafé ☃ 😀\r\n';
    const zipped = gzipSync(Buffer.from(text));
    const bytes = Buffer.from(text);
    const snowman = bytes.indexOf(Buffer.from('☃'));
    expect((await collect([zipped])).map((event) => event.message)).toEqual([
      'START RequestId: 43e50939ce8c Version: $LATEST',
      '2024-11-29T02:10:03.161Z\t43e50939ce8c\tINFO\tcafé ☃ 😀',
    ]);
    const split = await collect([bytes.subarray(0, snowman + 1), bytes.subarray(snowman + 1)]);
    expect(split[1]?.message).toContain('☃ 😀');
  });

  it('yields the same events however the input is cut into chunks (property)', async () => {
    const text = [
      `2026-07-22T03:52:34.157000+00:00 ${STREAM} START RequestId: a Version: $LATEST`,
      `2026-07-22T03:52:34.158000+00:00 ${STREAM} 2026-07-22T03:52:34.158Z\ta\tERROR\tboom ☃`,
      'stack line 1',
      `2026-07-22T03:52:34.159000+00:00 ${STREAM} END RequestId: a`,
    ].join('\n');
    const whole = await collect([text]);
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 1, max: Buffer.byteLength(text) - 1 }), { maxLength: 12 }),
        async (cuts) => {
          const bytes = Buffer.from(text);
          const points = [0, ...cuts.sort((left, right) => left - right), bytes.length];
          const chunks = points.slice(1).map((end, index) => bytes.subarray(points[index], end));
          expect(await collect(chunks, 'tail-detailed')).toEqual(whole);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('the filter-log-events scanner (property)', () => {
  it('finds every event however the document is chunked, ignoring braces and quotes in messages', () => {
    const message = fc.string({ maxLength: 40 }).map((text) => `${text}{"}\\\n`);
    fc.assert(
      fc.property(
        fc.array(message, { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (messages, cutSeeds) => {
          const document = JSON.stringify(
            {
              events: messages.map((text, index) => ({
                logStreamName: 's',
                timestamp: index,
                message: text,
                eventId: String(index),
              })),
              searchedLogStreams: [{ logStreamName: '{[' }],
            },
            null,
            2,
          );
          const cuts = [...new Set(cutSeeds.map((seed) => seed % document.length))].sort((left, right) => left - right);
          const scanner = createFilterLogEventsScanner();
          const events: LogEvent[] = [];
          let from = 0;
          for (const cut of [...cuts, document.length]) {
            events.push(...scanner.push(document.slice(from, cut)));
            from = cut;
          }
          expect(events.map((event) => event.message)).toEqual(messages);
          expect(scanner.isInsideDocument()).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});
