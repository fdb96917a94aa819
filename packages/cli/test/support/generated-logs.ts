import fc from 'fast-check';
import type { InputFormat } from '../../src/sources/input-format.js';

/** One log event as CloudWatch holds it: a message (maybe of several lines) in a stream, at a time. */
export interface GeneratedEvent {
  readonly message: string;
  readonly streamIndex: number;
  readonly timestampMs: number;
}

export const GENERATED_STREAMS = [
  '2026/07/22/orders[$LATEST]4d9204ca996c4d9bb21818e050ff8fee',
  '2026/07/22/orders[$LATEST]0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e',
  '2026/07/22/[$LATEST]88ab219a63d343d294d0a9947e8ab36a',
  '2026/07/22/thumbs[7]1f2e3d4c5b6a79880716253443526170',
  '2026/07/22/café[$LATEST]c0ffeec0ffeec0ffeec0ffeec0ffee00',
];

const hex = (length: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length });

const uuid = fc.tuple(hex(8), hex(4), hex(3), hex(3), hex(12)).map(([a, b, c, d, e]) => `${a}-${b}-4${c}-a${d}-${e}`);

/** Request ids as Lambda writes them, and as documentation copies shorten or redact them. */
const requestId = fc.oneof(
  { weight: 8, arbitrary: uuid },
  { weight: 1, arbitrary: hex(12) },
  { weight: 1, arbitrary: uuid.map((id) => `${id.slice(0, 9)}xmpl${id.slice(13)}`) },
);

const figure = (max: number): fc.Arbitrary<string> =>
  fc.oneof(
    fc.integer({ min: 0, max }).map(String),
    fc.integer({ min: 0, max: max * 100 }).map((value) => (value / 100).toFixed(2)),
  );

/** Text an application prints: ASCII, accented, emoji, quotes, tabs, or something that looks like a record. */
const appText = fc.oneof(
  fc.constantFrom(
    'processed order items=3',
    'café ☃ 😀 naïve',
    'quoted "text" with {braces}',
    'JavaScript heap out of memory',
    'Task timed out after 3.00 seconds',
    'tab\tseparated\tvalues',
  ),
  fc.string({ maxLength: 30 }).map((text) => text.replace(/[\r\n]/g, ' ')),
);

const level = fc.constantFrom(
  'INFO',
  'DEBUG',
  'TRACE',
  'WARN',
  'WARNING',
  'ERROR',
  'FATAL',
  'info',
  'Warn',
  'CRITICAL',
);

const emf = (id: string): string =>
  JSON.stringify({
    _aws: {
      Timestamp: 1,
      CloudWatchMetrics: [{ Namespace: 'Shop', Dimensions: [[]], Metrics: [{ Name: 'Orders', Unit: 'Count' }] }],
    },
    Orders: 2,
    requestId: id,
    coldStart: true,
  });

/** The lines one invocation writes, START first; `time` is its ISO time for the runtime's own prefix. */
function invocationLines(id: string, time: string): fc.Arbitrary<string[]> {
  const reportTail = fc.constantFrom(
    '',
    '\tInit Duration: 127.02 ms',
    '\tInit Duration: 166.62 ms\t',
    '\tStatus: timeout',
    '\tStatus: error\tError Type: Runtime.OutOfMemory',
    '\tXRAY TraceId: 1-5d9d007f-0a8c7fd02xmpl480aed55ef0\tSegmentId: 3d752xmpl1bbe37e\tSampled: true',
    '\nXRAY TraceId: 1-5e34a614-10bdxmplf1fb44f07bc535a1\tSegmentId: 07f5xmpl2d1f6f85\tSampled: true',
    '\tRestore Duration: 474.16 ms\tBilled Restore Duration: 75 ms',
    ' \t',
  );
  const report = fc
    .tuple(
      figure(4000),
      fc.integer({ min: 1, max: 4000 }),
      fc.constantFrom(128, 512, 1024, 3008),
      fc.integer({ min: 30, max: 3100 }),
      reportTail,
    )
    .chain(([duration, billed, size, used, tail]) =>
      fc.constantFrom(
        `REPORT RequestId: ${id}\tDuration: ${duration} ms\tBilled Duration: ${billed} ms\tMemory Size: ${size} MB\tMax Memory Used: ${used} MB${tail}`,
        `REPORT RequestId: ${id} Duration: ${duration} ms Billed Duration: ${billed} ms Memory Size: ${size} MB Max Memory Used: ${used} MB`,
        `REPORT RequestId: ${id}\tBilled Duration: ${billed} ms\tDuration: ${duration} ms\tMax Memory Used: ${used} MB`,
        `REPORT RequestId: ***\tDuration: ${duration} ms\tBilled Duration: ${billed} ms`,
        `REPORT RequestId: ${id}\tDuration: ${duration}ms\tBilled Duration: ${billed} ms\tMemory Size: ${size} MB\tMax Memory Used: ${used} MB`,
      ),
    );
  const appLine = fc.oneof(
    { weight: 6, arbitrary: fc.tuple(level, appText).map(([word, text]) => `${time}\t${id}\t${word}\t${text}`) },
    { weight: 1, arbitrary: appText.map((text) => `${time}\t${id}\t${text}`) },
    { weight: 1, arbitrary: fc.constant(`${time}\t${id}\tINFO\t${emf(id)}`) },
    { weight: 1, arbitrary: fc.constant(`${time} ${id} Task timed out after 3.00 seconds`) },
    { weight: 1, arbitrary: fc.tuple(level, appText).map(([word, text]) => `[${word}]\t${time}\t${id}\t${text}`) },
    {
      weight: 1,
      arbitrary: level.map((word) => JSON.stringify({ level: word, requestId: id, message: 'structured' })),
    },
    {
      weight: 1,
      arbitrary: fc.constant(`${time}\t${id}\tERROR\tInvoke Error\n    at handler (/var/task/index.js:3:9)`),
    },
  );
  return fc
    .tuple(
      fc.constantFrom(
        `START RequestId: ${id} Version: $LATEST`,
        `START RequestId: ${id} Version: 7`,
        `START RequestId: ${id}`,
      ),
      fc.array(appLine, { maxLength: 3 }),
      fc.constantFrom(`END RequestId: ${id}`, `END RequestId: ${id}`, `END RequestId:  ${id}`),
      report,
      fc.constantFrom(
        [],
        [],
        [`RequestId: ${id} Error: Runtime exited with error: signal: killed\nRuntime.ExitError`],
        [`${time} ${id} Task timed out after 3.00 seconds`],
      ),
    )
    .map(([start, apps, end, reportLine, after]) => [start, ...apps, end, reportLine, ...after]);
}

/** Lines outside any invocation: platform records, the function's plain output, garbage. */
const otherLine = fc.oneof(
  fc.constantFrom(
    'INIT_START Runtime Version: nodejs:18.v9\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:0f2d',
    'INIT_REPORT Init Duration: 150.79 ms\tPhase: init\tStatus: error\tError Type: Runtime.UserCodeSyntaxError',
    'INIT_REPORT Init Duration: 3000.00 ms\tPhase: invoke\tStatus: timeout',
    'RESTORE_START Runtime Version: java:11.v15',
    'RESTORE_REPORT Restore Duration: 398.97 ms',
    'EXTENSION\tName: otel\tState: Ready\tEvents: [INVOKE,SHUTDOWN]',
    'Loading function (plain output before any invocation)',
    'REPORT garbled beyond reading',
    'START',
    'END RequestId:',
    '',
    '   ',
    '{"time":"2024-05-20T16:29:44.833Z","type":"platform.initStart","record":{"initializationType":"provisioned-concurrency","phase":"init","functionName":"orders"}}',
    '{"time":"2024-05-20T16:29:45.008Z","type":"platform.start","record":{"requestId":"4b142fc3-17b8-4cdb-a46b-a8dbe7918715","version":"$LATEST"}}',
    '{"broken json',
    'Runtime.ExitError',
    'XRAY TraceId: 1-5e34a614-10bdxmplf1fb44f07bc535a1\tSegmentId: 07f5xmpl2d1f6f85\tSampled: true',
    'Duration: 13.82 ms',
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);

interface Slot {
  readonly lines: string[];
  readonly streamIndex: number;
}

/**
 * Log events of several interleaved invocations plus stray lines, in time order, with repeats (a REPORT or a whole
 * event delivered twice) and occasional multi-line messages.
 */
export const generatedEvents: fc.Arbitrary<GeneratedEvent[]> = fc
  .tuple(
    fc.array(fc.tuple(requestId, fc.nat(GENERATED_STREAMS.length - 1)), { minLength: 1, maxLength: 12 }),
    fc.array(fc.tuple(otherLine, fc.nat(GENERATED_STREAMS.length - 1)), { maxLength: 6 }),
    fc.integer({ min: Date.UTC(2026, 6, 22, 3, 0, 0), max: Date.UTC(2026, 6, 22, 3, 0, 0) + 86_400_000 }),
  )
  .chain(([invocations, strays, startMs]) =>
    fc
      .tuple(
        fc.tuple(
          ...invocations.map(([id, stream], index) =>
            invocationLines(id, new Date(startMs + index * 7).toISOString()).map(
              (lines): Slot => ({ lines, streamIndex: stream }),
            ),
          ),
        ),
        fc.array(fc.nat(), { minLength: 64, maxLength: 64 }),
        fc.array(fc.integer({ min: 0, max: 2500 }), { minLength: 64, maxLength: 64 }),
      )
      .map(([slots, picks, gapsUs]) => {
        const queues: Slot[] = [...slots, ...strays.map(([line, stream]) => ({ lines: [line], streamIndex: stream }))];
        const events: GeneratedEvent[] = [];
        let timeUs = startMs * 1000;
        let step = 0;
        while (queues.some((queue) => queue.lines.length > 0)) {
          const open = queues.filter((queue) => queue.lines.length > 0);
          const queue = open[(picks[step % picks.length] ?? 0) % open.length] as Slot;
          const message = queue.lines.shift() as string;
          timeUs += gapsUs[step % gapsUs.length] ?? 0;
          const event = { message, streamIndex: queue.streamIndex, timestampMs: timeUs / 1000 };
          events.push(event);
          // Now and then a source delivers an event twice (overlapping pages, a retried tail).
          if ((picks[(step + 7) % picks.length] ?? 0) % 23 === 0) events.push(event);
          step += 1;
        }
        return events;
      }),
  );

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

/** `2026-07-22T03:52:34.157000+00:00`, in the zone `offsetMinutes` east of UTC, microseconds kept. */
function tailTime(timestampMs: number, offsetMinutes: number): string {
  const shifted = new Date(Math.floor(timestampMs) + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const micros = Math.round((timestampMs - Math.floor(timestampMs)) * 1000) + (Math.floor(timestampMs) % 1000) * 1000;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const zone = `${sign}${pad(Math.floor(Math.abs(offsetMinutes) / 60), 2)}:${pad(Math.abs(offsetMinutes) % 60, 2)}`;
  return `${shifted}.${pad(micros, 6)}${zone}`;
}

export interface Rendering {
  readonly format: InputFormat;
  readonly offsetMinutes: number;
  readonly crlf: boolean;
}

export const renderings: fc.Arbitrary<Rendering> = fc.record({
  format: fc.constantFrom<InputFormat>('raw', 'tail-detailed', 'tail-short', 'sam', 'json-lines', 'filter-log-events'),
  offsetMinutes: fc.constantFrom(0, 0, 120, -330),
  crlf: fc.boolean(),
});

/** The events as a file in `rendering.format`: what `aws logs tail`, `sam logs`, … would print. */
export function renderEvents(events: readonly GeneratedEvent[], rendering: Rendering): string {
  const newline = rendering.crlf ? '\r\n' : '\n';
  const stream = (event: GeneratedEvent): string => GENERATED_STREAMS[event.streamIndex] as string;
  const render = (event: GeneratedEvent): string => {
    const message = event.message.replace(/\n/g, newline);
    switch (rendering.format) {
      case 'raw':
        return message;
      case 'tail-detailed':
        return `${tailTime(event.timestampMs, rendering.offsetMinutes)} ${stream(event)} ${message}`;
      case 'tail-short':
        return `${new Date(event.timestampMs).toISOString().slice(0, 19)} ${message}`;
      case 'sam':
        return `${stream(event)} ${tailTime(event.timestampMs, rendering.offsetMinutes)} ${message}`;
      default:
        return JSON.stringify({
          logGroup: '/aws/lambda/orders',
          logStream: stream(event),
          timestamp: event.timestampMs,
          message: event.message,
        });
    }
  };
  if (rendering.format === 'filter-log-events') {
    return JSON.stringify(
      {
        events: events.map((event, index) => ({
          logStreamName: stream(event),
          timestamp: event.timestampMs,
          message: event.message,
          eventId: String(index),
        })),
      },
      null,
      2,
    );
  }
  return events.map(render).join(newline) + newline;
}

/** `bytes` cut at the given points (any byte, inside characters too). */
export function cutInto(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((left, right) => left - right);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const point of [...points, bytes.length]) {
    if (point > from) chunks.push(bytes.subarray(from, point));
    from = Math.max(from, point);
  }
  return chunks;
}
