import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseInsightsQuery } from '../support/aws-local/insights-parser.js';
import { toInsightsRow } from '../support/aws-local/insights-record.js';
import { type ResultField, runInsightsQuery, type SourceRow } from '../support/aws-local/insights-run.js';
import { InsightsSyntaxError } from '../support/aws-local/insights-tokens.js';
import type { StoredLogEvent } from '../support/aws-local/logs-store.js';

const ACCOUNT = '123456789012';
const GROUP = '/aws/lambda/orders';
const T0 = Date.UTC(2024, 4, 20, 16, 0, 0);

// Real platform lines (see the reference), one event each.
const LINES: readonly [number, string][] = [
  [T0, 'INIT_START Runtime Version: nodejs:18.v9\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:0a1b'],
  [T0 + 1000, 'START RequestId: c793869b-ee49-115b-a5b6-4fd21e8dedac Version: $LATEST'],
  [
    T0 + 2000,
    'REPORT RequestId: c793869b-ee49-115b-a5b6-4fd21e8dedac\tDuration: 128.83 ms\tBilled Duration: 200 ms\tMemory Size: 128 MB\tMax Memory Used: 74 MB\tInit Duration: 166.62 ms\t\nXRAY TraceId: 1-5d9d007f-0a8c7fd02xmpl480aed55ef0\tSegmentId: 3d752xmpl1bbe37e\tSampled: true',
  ],
  [T0 + 60_000, '2024-05-20T16:01:00.000Z\t8f50\tERROR\tInvoke Error {"errorType":"TypeError"}'],
  [
    T0 + 61_000,
    'REPORT RequestId: 8f507cfc-xmpl-4697-b07a-ac58fc914c95  Duration: 15.74 ms  Billed Duration: 16 ms Memory Size: 128 MB Max Memory Used: 56 MB',
  ],
  [
    T0 + 400_000,
    'REPORT RequestId: d1cf0ccb-xmpl-46e6-950d-04c96c9b1c5d\tDuration: 4157.16 ms\tBilled Duration: 4200 ms\tMemory Size: 256 MB\tMax Memory Used: 99 MB\tInit Duration: 841.60 ms\t',
  ],
  [T0 + 401_000, '{"level":"INFO","message":"order placed","order":{"id":"o-1","total":42.5},"tags":["a","b"]}'],
  [T0 + 402_000, '{"level":"ERROR","message":"payment failed","order":{"id":"o-2","total":7}}'],
];

function toEvent([timestamp, message]: [number, string], index: number): StoredLogEvent {
  return {
    logGroupName: GROUP,
    logStreamName: `stream-${index % 2}`,
    timestamp,
    ingestionTime: timestamp + 500,
    message,
    eventId: String(index),
    sequence: index,
    sizeBytes: message.length + 26,
  };
}

const SOURCE: SourceRow[] = LINES.map(toEvent)
  .reverse()
  .map((event) => ({ values: toInsightsRow(event, ACCOUNT), ptr: `ptr-${event.eventId}` }));

function run(query: string, limit = 10_000): ResultField[][] {
  return runInsightsQuery(parseInsightsQuery(query), SOURCE, limit).results;
}

function table(query: string): Record<string, string>[] {
  return run(query).map((row) =>
    Object.fromEntries(row.filter((f) => f.field !== '@ptr').map((f) => [f.field, f.value])),
  );
}

describe('discovered fields', () => {
  test('REPORT lines expose Lambda fields, memory in bytes (MB × 1,000,000)', () => {
    expect(
      table(
        'filter @type = "REPORT" | fields @requestId, @duration, @billedDuration, @memorySize, @maxMemoryUsed, @initDuration, @xrayTraceId, @xraySegmentId | limit 1 | sort @timestamp asc',
      ),
    ).toEqual([
      {
        '@requestId': 'd1cf0ccb-xmpl-46e6-950d-04c96c9b1c5d',
        '@duration': '4157.16',
        '@billedDuration': '4200',
        '@memorySize': '256000000',
        '@maxMemoryUsed': '99000000',
        '@initDuration': '841.60',
      },
    ]);
    expect(table('filter @requestId like /c793869b/ | fields @xrayTraceId, @xraySegmentId, @initDuration')).toEqual([
      {
        '@xrayTraceId': '1-5d9d007f-0a8c7fd02xmpl480aed55ef0',
        '@xraySegmentId': '3d752xmpl1bbe37e',
        '@initDuration': '166.62',
      },
    ]);
  });

  test('system fields, @log as account:group, @timestamp printed like the service', () => {
    expect(table('sort @timestamp asc | limit 1 | fields @timestamp, @log, @logStream, @ingestionTime')).toEqual([
      {
        '@timestamp': '2024-05-20 16:00:00.000',
        '@log': `${ACCOUNT}:${GROUP}`,
        '@logStream': 'stream-0',
        '@ingestionTime': '2024-05-20 16:00:00.500',
      },
    ]);
  });

  test('JSON messages expose nested fields with dots, arrays by index', () => {
    expect(table('filter ispresent(order.id) | fields order.id, order.total, tags.1 | sort order.id')).toEqual([
      { 'order.id': 'o-1', 'order.total': '42.5', 'tags.1': 'b' },
      { 'order.id': 'o-2', 'order.total': '7' },
    ]);
  });

  test('rows without stats carry @ptr, and the default columns without fields', () => {
    const [row] = run('filter level = "ERROR"');
    expect(row?.map((field) => field.field)).toEqual(['@timestamp', '@message', '@logStream', '@log', '@ptr']);
    expect(row?.at(-1)?.value).toBe('ptr-7');
  });
});

describe('commands', () => {
  test('stats with arithmetic inside and around aggregates, by a field', () => {
    expect(
      table(
        'filter @type = "REPORT" | stats count(*) as n, max(@maxMemoryUsed / 1000 / 1000) as maxMb, sum(strcontains(@message, "Init Duration")) / count(*) * 100 as coldPct by @memorySize | sort @memorySize',
      ),
    ).toEqual([
      { '@memorySize': '128000000', n: '2', maxMb: '74', coldPct: '50' },
      { '@memorySize': '256000000', n: '1', maxMb: '99', coldPct: '100' },
    ]);
  });

  test('columns are named after the expression text when not aliased, by-fields first', () => {
    expect(run('filter @type = "REPORT" | stats count(*), pct(@duration, 50) by bin(5m)')).toEqual([
      [
        { field: 'bin(5m)', value: '2024-05-20 16:05:00.000' },
        { field: 'count(*)', value: '1' },
        { field: 'pct(@duration, 50)', value: '4157.16' },
      ],
      [
        { field: 'bin(5m)', value: '2024-05-20 16:00:00.000' },
        { field: 'count(*)', value: '2' },
        { field: 'pct(@duration, 50)', value: '15.74' },
      ],
    ]);
  });

  test('filter operators: comparisons, like, =~, in, not, and/or, ispresent', () => {
    const count = (condition: string) => Number(table(`filter ${condition} | stats count(*) as n`)[0]?.n ?? 0);
    expect(count('@duration > 100')).toBe(2);
    expect(count('@duration >= 15.74 and @duration <= 128.83')).toBe(2);
    expect(count('@duration < 20 or @memorySize = 256000000')).toBe(2);
    expect(count('@message like "Invoke Error"')).toBe(1);
    expect(count('@message like /^REPORT.*Init Duration/')).toBe(2);
    expect(count('@message =~ /timed out/')).toBe(0);
    expect(count('level in ["INFO", "ERROR"]')).toBe(2);
    expect(count('level not in ["INFO"]')).toBe(1);
    expect(count('not ispresent(@initDuration) and @type = "REPORT"')).toBe(1);
    expect(count('@message not like /REPORT/')).toBe(5);
    expect(count('strlen(level) = 5')).toBe(1);
  });

  test('parse with a glob and with a regex', () => {
    expect(
      table(
        'filter @message like /Invoke Error/ | parse @message "*\t*\tERROR\t*" as ts, requestId, text | fields requestId, text',
      ),
    ).toEqual([{ requestId: '8f50', text: 'Invoke Error {"errorType":"TypeError"}' }]);
    expect(
      table(
        'parse @message /Max Memory Used: (?<usedMb>\\d+) MB/ | filter ispresent(usedMb) | stats max(usedMb) as peak, min(usedMb) as low',
      ),
    ).toEqual([{ peak: '99', low: '56' }]);
  });

  test('sort, limit, dedup and display', () => {
    expect(table('filter @type = "REPORT" | sort @duration desc | limit 2 | display @requestId')).toEqual([
      { '@requestId': 'd1cf0ccb-xmpl-46e6-950d-04c96c9b1c5d' },
      { '@requestId': 'c793869b-ee49-115b-a5b6-4fd21e8dedac' },
    ]);
    expect(table('filter @type = "REPORT" | dedup @memorySize | fields @memorySize | sort @memorySize')).toEqual([
      { '@memorySize': '128000000' },
      { '@memorySize': '256000000' },
    ]);
    expect(run('fields @message', 3)).toHaveLength(3);
  });

  test('stats over nothing returns no rows, counts and aggregates otherwise never invent zeros', () => {
    expect(run('filter @type = "NONE" | stats count(*)')).toEqual([]);
    expect(table('stats avg(@duration) as avg, count(@initDuration) as cold, count(*) as all')).toEqual([
      { avg: String((128.83 + 15.74 + 4157.16) / 3), cold: '2', all: String(LINES.length) },
    ]);
    expect(table('stats sum(@nothing) as s, count(*) as n')).toEqual([{ n: String(LINES.length) }]);
  });

  test('recordsMatched counts the records entering stats', () => {
    const result = runInsightsQuery(parseInsightsQuery('filter @type = "REPORT" | stats count(*)'), SOURCE, 10_000);
    expect(result.recordsMatched).toBe(3);
  });
});

describe('malformed queries', () => {
  test.each([
    ['', 'empty'],
    ['fields @message |', 'expected a command'],
    ['pattern @message', "'pattern' is not supported"],
    ['stats count(*) by', 'expected an expression'],
    ['stats @duration', 'aggregate function'],
    ['filter @duration >', 'expected an expression'],
    ['filter myfunc(@x)', "'myfunc' is not supported"],
    ['limit 0', 'limit needs'],
    ['parse @message "a * b * c" as x', "2 '*' but 1 names"],
    ['filter @message like /unterminated', 'unterminated'],
    ['fields "open', 'unterminated string'],
    ['stats count(*) by bin(5q)', "unknown time unit 'q'"],
    ['fields @a @b', "expected '|'"],
  ])('%j → %s', (query, message) => {
    let error: unknown;
    try {
      parseInsightsQuery(query);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InsightsSyntaxError);
    expect((error as InsightsSyntaxError).message).toContain(message);
    expect((error as InsightsSyntaxError).startCharOffset).toBeLessThanOrEqual(
      (error as InsightsSyntaxError).endCharOffset,
    );
  });
});

describe('properties', () => {
  const durationsArb = fc.array(
    fc.integer({ min: 1, max: 100_000 }).map((n) => n / 100),
    { minLength: 1, maxLength: 80 },
  );

  function rowsOf(durations: readonly number[]): SourceRow[] {
    return durations.map((duration, index) => ({
      values: toInsightsRow(
        toEvent(
          [
            T0 + index * 7919,
            `REPORT RequestId: r${index}\tDuration: ${duration} ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 50 MB`,
          ],
          index,
        ),
        ACCOUNT,
      ),
    }));
  }

  test('count by bin(1m) sums to the number of records and matches a direct bucket count', () => {
    fc.assert(
      fc.property(durationsArb, (durations) => {
        const rows = rowsOf(durations);
        const result = runInsightsQuery(parseInsightsQuery('stats count(*) as n by bin(1m)'), rows, 10_000).results;
        const expected = new Map<string, number>();
        durations.forEach((_, index) => {
          const bucket = new Date(Math.floor((T0 + index * 7919) / 60_000) * 60_000)
            .toISOString()
            .replace('T', ' ')
            .replace('Z', '');
          expected.set(bucket, (expected.get(bucket) ?? 0) + 1);
        });
        const actual = new Map(result.map((row) => [row[0]?.value ?? '', Number(row[1]?.value)]));
        expect(actual).toEqual(expected);
      }),
    );
  });

  test('percentiles are ordered, bounded by min and max, and independent of arrival order', () => {
    fc.assert(
      fc.property(durationsArb, (durations) => {
        const query = parseInsightsQuery(
          'stats min(@duration) as lo, pct(@duration, 50) as p50, pct(@duration, 99) as p99, max(@duration) as hi',
        );
        const forward = runInsightsQuery(query, rowsOf(durations), 10_000).results[0]?.map((f) => Number(f.value));
        const backward = runInsightsQuery(query, rowsOf([...durations].reverse()), 10_000).results[0]?.map((f) =>
          Number(f.value),
        );
        expect(forward).toEqual(backward);
        const [lo, p50, p99, hi] = forward ?? [];
        expect(lo).toBeLessThanOrEqual(p50 ?? Number.NaN);
        expect(p50).toBeLessThanOrEqual(p99 ?? Number.NaN);
        expect(p99).toBeLessThanOrEqual(hi ?? Number.NaN);
        const sorted = durations.toSorted((a, b) => a - b);
        expect(p99).toBe(sorted[Math.ceil(0.99 * sorted.length) - 1]);
      }),
    );
  });
});
