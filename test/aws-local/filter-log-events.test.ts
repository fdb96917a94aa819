import {
  type CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  type FilteredLogEvent,
  FilterLogEventsCommand,
  type FilterLogEventsCommandInput,
  paginateDescribeLogGroups,
  paginateFilterLogEvents,
} from '@aws-sdk/client-cloudwatch-logs';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { type LocalAws, startLocalAws } from '../support/aws-local/index.js';
import { createLogsClient } from './clients.js';

const GROUP = '/aws/lambda/orders';
const STREAM_A = '2024/05/20/[$LATEST]8b8754041414437ca5b22b9106549a2f';
const STREAM_B = '2024/05/20/[$LATEST]4d9204ca996c4d9bb21818e050ff8fee';
const T0 = Date.UTC(2024, 4, 20, 16, 0, 0);

let aws: LocalAws;
let client: CloudWatchLogsClient;
let clockMs: number;

beforeEach(async () => {
  clockMs = T0 + 3_600_000;
  aws = await startLocalAws({ nowMs: () => clockMs });
  client = createLogsClient(aws);
});

afterEach(async () => {
  client.destroy();
  await aws.close();
});

async function collect(input: FilterLogEventsCommandInput): Promise<FilteredLogEvent[]> {
  const events: FilteredLogEvent[] = [];
  for await (const page of paginateFilterLogEvents({ client }, input)) events.push(...(page.events ?? []));
  return events;
}

function seed(count: number, options: { stream?: string; startMs?: number; stepMs?: number } = {}) {
  const startMs = options.startMs ?? T0;
  const stepMs = options.stepMs ?? 1000;
  return aws.logs.putLogEvents(
    GROUP,
    options.stream ?? STREAM_A,
    Array.from({ length: count }, (_, index) => ({ timestamp: startMs + index * stepMs, message: `event ${index}` })),
  );
}

describe('FilterLogEvents through the real SDK client', () => {
  test('returns events with every member the SDK models, and no searchedLogStreams', async () => {
    const [stored] = seed(1);
    const response = await client.send(new FilterLogEventsCommand({ logGroupName: GROUP }));
    expect(response.events).toEqual([
      {
        logStreamName: STREAM_A,
        timestamp: T0,
        message: 'event 0',
        ingestionTime: clockMs,
        eventId: stored?.eventId,
      },
    ]);
    expect(response.searchedLogStreams).toBeUndefined();
    expect(response.nextToken).toBeUndefined();
    expect(stored?.eventId).toMatch(/^[1-9]\d{55}$/);
  });

  test('startTime and endTime are both inclusive and apply to event time', async () => {
    seed(10);
    const events = await collect({ logGroupName: GROUP, startTime: T0 + 2000, endTime: T0 + 5000 });
    expect(events.map((event) => event.message)).toEqual(['event 2', 'event 3', 'event 4', 'event 5']);
  });

  test('logGroupIdentifier accepts the name or the ARN, with or without :*', async () => {
    seed(3);
    const arn = aws.logs.logGroupArn(GROUP);
    for (const logGroupIdentifier of [GROUP, arn, `${arn}:*`]) {
      expect(await collect({ logGroupIdentifier })).toHaveLength(3);
    }
  });

  test('orders by event time, then ingestion time, then arrival', async () => {
    aws.logs.putLogEvents(GROUP, STREAM_A, [
      { timestamp: T0 + 10, message: 'c', ingestionTime: T0 + 30 },
      { timestamp: T0 + 10, message: 'b', ingestionTime: T0 + 20 },
      { timestamp: T0 + 5, message: 'a', ingestionTime: T0 + 40 },
      { timestamp: T0 + 10, message: 'd', ingestionTime: T0 + 30 },
    ]);
    aws.logs.putLogEvents(GROUP, STREAM_B, [{ timestamp: T0 + 10, message: 'e', ingestionTime: T0 + 25 }]);
    const events = await collect({ logGroupName: GROUP });
    expect(events.map((event) => event.message)).toEqual(['a', 'b', 'e', 'c', 'd']);
  });

  test('logStreamNames and logStreamNamePrefix select streams', async () => {
    seed(3, { stream: STREAM_A });
    seed(2, { stream: STREAM_B, startMs: T0 + 500 });
    expect(await collect({ logGroupName: GROUP, logStreamNames: [STREAM_B] })).toHaveLength(2);
    expect(await collect({ logGroupName: GROUP, logStreamNamePrefix: '2024/05/20/[$LATEST]8b' })).toHaveLength(3);
    expect(await collect({ logGroupName: GROUP, logStreamNamePrefix: '2024/05/21' })).toHaveLength(0);
  });

  test('a filter pattern selects platform lines and errors', async () => {
    aws.logs.putLogEvents(GROUP, STREAM_A, [
      { timestamp: T0, message: 'START RequestId: 43e50939ce8c Version: $LATEST' },
      { timestamp: T0 + 1, message: '2024-05-20T16:00:00.001Z\t43e50939ce8c\tERROR\tboom' },
      { timestamp: T0 + 2, message: 'END RequestId: 43e50939ce8c' },
      {
        timestamp: T0 + 3,
        message:
          'REPORT RequestId: 43e50939ce8c\tDuration: 3296.38 ms\tBilled Duration: 3297 ms\tMemory Size: 128 MB\tMax Memory Used: 128 MB',
      },
      { timestamp: T0 + 4, message: '{"_aws":{"Timestamp":1},"ColdStart":1}' },
    ]);
    const events = await collect({ logGroupName: GROUP, filterPattern: '?REPORT ?ERROR ?_aws' });
    expect(events.map((event) => event.timestamp)).toEqual([T0 + 1, T0 + 3, T0 + 4]);
  });

  test('the limit caps each page and pagination continues with nextToken', async () => {
    seed(25);
    const first = await client.send(new FilterLogEventsCommand({ logGroupName: GROUP, limit: 10 }));
    expect(first.events).toHaveLength(10);
    expect(first.nextToken).toBeDefined();
    const all = await collect({ logGroupName: GROUP, limit: 10 });
    expect(all.map((event) => event.message)).toEqual(Array.from({ length: 25 }, (_, i) => `event ${i}`));
    expect(aws.requests.entries({ operation: 'FilterLogEvents' }).length).toBe(1 + 3);
  });

  test('pages stop at 1 MB even below the event limit', async () => {
    const message = 'x'.repeat(100_000);
    aws.logs.putLogEvents(
      GROUP,
      STREAM_A,
      Array.from({ length: 25 }, (_, i) => ({ timestamp: T0 + i, message })),
    );
    const sizes: number[] = [];
    for await (const page of paginateFilterLogEvents({ client }, { logGroupName: GROUP })) {
      sizes.push(page.events?.length ?? 0);
    }
    expect(sizes).toEqual([10, 10, 5]);
  });

  test('validation errors are InvalidParameterException or ResourceNotFoundException, as the service answers', async () => {
    seed(1);
    const cases: [FilterLogEventsCommandInput, string, string][] = [
      [
        { logGroupName: GROUP, logStreamNames: [STREAM_A], logStreamNamePrefix: '2024' },
        'InvalidParameterException',
        'mutually exclusive',
      ],
      [{ logGroupName: GROUP, logGroupIdentifier: GROUP }, 'InvalidParameterException', 'mutually exclusive'],
      [{}, 'InvalidParameterException', 'logGroupName or logGroupIdentifier'],
      [{ logGroupName: GROUP, limit: 0 }, 'InvalidParameterException', 'limit'],
      [{ logGroupName: GROUP, limit: 10_001 }, 'InvalidParameterException', 'limit'],
      [{ logGroupName: GROUP, startTime: T0 + 1, endTime: T0 }, 'InvalidParameterException', 'startTime'],
      [{ logGroupName: GROUP, filterPattern: '[ip, user]' }, 'InvalidParameterException', 'space-delimited'],
      [{ logGroupName: GROUP, nextToken: 'garbage' }, 'InvalidParameterException', 'nextToken'],
      [{ logGroupName: '/aws/lambda/missing' }, 'ResourceNotFoundException', 'does not exist'],
      [
        { logGroupIdentifier: 'arn:aws:logs:us-east-1:999999999999:log-group:x' },
        'ResourceNotFoundException',
        'does not exist',
      ],
    ];
    for (const [input, name, message] of cases) {
      const error = await client.send(new FilterLogEventsCommand(input)).then(
        () => undefined,
        (caught: unknown) => caught as Error & { $metadata: { httpStatusCode: number } },
      );
      expect(error?.name, JSON.stringify(input)).toBe(name);
      expect(error?.message).toContain(message);
      expect(error?.$metadata.httpStatusCode).toBe(400);
    }
  });

  test('a nextToken is refused for other parameters and after 24 hours', async () => {
    seed(5);
    const first = await client.send(new FilterLogEventsCommand({ logGroupName: GROUP, limit: 2 }));
    await expect(
      client.send(
        new FilterLogEventsCommand({
          logGroupName: GROUP,
          limit: 2,
          filterPattern: 'event',
          nextToken: first.nextToken,
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    clockMs += 25 * 3_600_000;
    await expect(
      client.send(new FilterLogEventsCommand({ logGroupName: GROUP, limit: 2, nextToken: first.nextToken })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException', message: expect.stringContaining('expired') });
  });
});

describe('quirks clients must survive', () => {
  test('empty pages that still carry a nextToken do not end pagination', async () => {
    seed(30);
    aws.setFilterLogEventsQuirks({ emptyPageEvery: 2 });
    const pages: number[] = [];
    for await (const page of paginateFilterLogEvents({ client }, { logGroupName: GROUP, limit: 10 })) {
      pages.push(page.events?.length ?? 0);
      if (page.events?.length === 0) expect(page.nextToken).toBeDefined();
    }
    expect(pages).toEqual([10, 0, 10, 0, 10]);
  });

  test('short pages below the limit, and a scan budget that returns partial or empty pages', async () => {
    seed(40);
    aws.setFilterLogEventsQuirks({ maxEventsPerPage: 7 });
    const short = await collect({ logGroupName: GROUP, limit: 100 });
    expect(short).toHaveLength(40);
    aws.setFilterLogEventsQuirks({ maxEventsScannedPerPage: 15 });
    const sizes: number[] = [];
    const filterPattern = '?"event 3" ?"event 37"';
    for await (const page of paginateFilterLogEvents({ client }, { logGroupName: GROUP, filterPattern })) {
      sizes.push(page.events?.length ?? 0);
    }
    // Scans of 15, 15 and 10 events: the middle one finds nothing yet still carries a nextToken.
    expect(sizes).toEqual([1, 0, 1]);
  });

  test('a trailing empty page after the last events, then no token', async () => {
    seed(3);
    aws.setFilterLogEventsQuirks({ trailingEmptyPage: true });
    const first = await client.send(new FilterLogEventsCommand({ logGroupName: GROUP }));
    expect(first.events).toHaveLength(3);
    const second = await client.send(new FilterLogEventsCommand({ logGroupName: GROUP, nextToken: first.nextToken }));
    expect(second).toMatchObject({ events: [] });
    expect(second.nextToken).toBeUndefined();
  });

  test('a late event (older timestamp, ingested now) is missed by a running pagination but found by an overlap re-query', async () => {
    seed(20);
    const first = await client.send(new FilterLogEventsCommand({ logGroupName: GROUP, limit: 10 }));
    clockMs += 60_000;
    const [late] = aws.logs.putLogEvents(GROUP, STREAM_B, [{ timestamp: T0 + 4500, message: 'late' }]);
    const [fresh] = aws.logs.putLogEvents(GROUP, STREAM_B, [{ timestamp: T0 + 19_500, message: 'fresh' }]);
    expect(late?.ingestionTime).toBe(clockMs);
    const rest: FilteredLogEvent[] = [];
    let nextToken = first.nextToken;
    while (nextToken !== undefined) {
      const page = await client.send(new FilterLogEventsCommand({ logGroupName: GROUP, limit: 10, nextToken }));
      rest.push(...(page.events ?? []));
      nextToken = page.nextToken;
    }
    const seen = [...(first.events ?? []), ...rest];
    expect(seen.map((event) => event.message)).not.toContain('late');
    expect(seen.filter((event) => event.eventId === fresh?.eventId)).toHaveLength(1);
    const overlap = await collect({ logGroupName: GROUP, startTime: T0 + 4000, endTime: T0 + 5000 });
    expect(overlap.map((event) => event.message)).toEqual(['event 4', 'late', 'event 5']);
    expect(overlap[1]?.ingestionTime).toBe(clockMs);
  });

  test('property: any events, limits and quirks paginate to exactly the truth, in order, once each', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ offsetMs: fc.integer({ min: 0, max: 50 }), stream: fc.constantFrom(STREAM_A, STREAM_B) }),
          {
            maxLength: 60,
          },
        ),
        fc.integer({ min: 1, max: 12 }),
        fc.record(
          {
            maxEventsPerPage: fc.integer({ min: 1, max: 9 }),
            emptyPageEvery: fc.integer({ min: 2, max: 4 }),
            maxEventsScannedPerPage: fc.integer({ min: 1, max: 9 }),
            trailingEmptyPage: fc.boolean(),
          },
          { requiredKeys: [] },
        ),
        fc.option(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 50 }))),
        async (events, limit, quirks, range) => {
          const group = `/property/${Math.random().toString(36).slice(2)}`;
          aws.logs.createLogGroup(group);
          const stored = events.flatMap((event, index) =>
            aws.logs.putLogEvents(group, event.stream, [
              { timestamp: T0 + event.offsetMs, message: `m${index}`, ingestionTime: T0 + 100 + (index % 3) },
            ]),
          );
          aws.setFilterLogEventsQuirks(quirks);
          const [from, to] = range === null ? [undefined, undefined] : [Math.min(...range), Math.max(...range)];
          const expected = stored
            .filter(
              (event) => from === undefined || (event.timestamp >= T0 + from && event.timestamp <= T0 + (to ?? 0)),
            )
            .sort((a, b) => a.timestamp - b.timestamp || a.ingestionTime - b.ingestionTime || a.sequence - b.sequence)
            .map((event) => event.eventId);
          const input: FilterLogEventsCommandInput = {
            logGroupName: group,
            limit,
            ...(from === undefined ? {} : { startTime: T0 + from, endTime: T0 + (to ?? 0) }),
          };
          const served = (await collect(input)).map((event) => event.eventId);
          expect(served).toEqual(expected);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('a large group', () => {
  const COUNT = 120_000;
  let big: LocalAws;
  let bigClient: CloudWatchLogsClient;

  beforeAll(async () => {
    big = await startLocalAws();
    bigClient = createLogsClient(big);
    for (let batch = 0; batch < COUNT; batch += 10_000) {
      big.logs.putLogEvents(
        GROUP,
        STREAM_A,
        Array.from({ length: 10_000 }, (_, i) => ({ timestamp: T0 + (batch + i) * 10, message: `line ${batch + i}` })),
      );
    }
  });

  afterAll(async () => {
    bigClient.destroy();
    await big.close();
  });

  test('a time range is found by binary search: the page examines only the events inside it', async () => {
    const response = await bigClient.send(
      new FilterLogEventsCommand({ logGroupName: GROUP, startTime: T0 + 500_000, endTime: T0 + 500_990 }),
    );
    expect(response.events).toHaveLength(100);
    expect(response.events?.[0]?.message).toBe('line 50000');
    const [entry] = big.requests.entries({ operation: 'FilterLogEvents' }).slice(-1);
    expect(entry?.outcome).toMatchObject({ kind: 'ok', eventsScanned: 100 });
  });

  test('serves every event once over full pagination', async () => {
    big.requests.clear();
    const ids = new Set<string>();
    let total = 0;
    for await (const page of paginateFilterLogEvents({ client: bigClient }, { logGroupName: GROUP })) {
      for (const event of page.events ?? []) ids.add(event.eventId ?? '');
      total += page.events?.length ?? 0;
    }
    expect(total).toBe(COUNT);
    expect(ids.size).toBe(COUNT);
    expect(big.requests.servedEventIds()).toHaveLength(COUNT);
    expect(big.requests.entries({ operation: 'FilterLogEvents' })).toHaveLength(COUNT / 10_000);
  });
});

describe('DescribeLogGroups and DescribeLogStreams', () => {
  test('log groups by prefix, paginated, with ARNs in both forms', async () => {
    for (const name of ['/aws/lambda/a', '/aws/lambda/b', '/aws/lambda/c', '/other/d']) aws.logs.createLogGroup(name);
    const names: string[] = [];
    for await (const page of paginateDescribeLogGroups({ client }, { logGroupNamePrefix: '/aws/lambda/', limit: 2 })) {
      names.push(...(page.logGroups ?? []).map((group) => group.logGroupName ?? ''));
    }
    expect(names).toEqual(['/aws/lambda/a', '/aws/lambda/b', '/aws/lambda/c']);
    const one = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/other' }));
    expect(one.logGroups?.[0]).toMatchObject({
      logGroupName: '/other/d',
      arn: `${aws.logs.logGroupArn('/other/d')}:*`,
      logGroupArn: aws.logs.logGroupArn('/other/d'),
    });
  });

  test('log streams by name or by last event time, descending', async () => {
    seed(2, { stream: STREAM_A, startMs: T0 + 10_000 });
    seed(2, { stream: STREAM_B, startMs: T0 });
    const byName = await client.send(new DescribeLogStreamsCommand({ logGroupName: GROUP }));
    expect(byName.logStreams?.map((stream) => stream.logStreamName)).toEqual([STREAM_B, STREAM_A]);
    const byTime = await client.send(
      new DescribeLogStreamsCommand({ logGroupName: GROUP, orderBy: 'LastEventTime', descending: true }),
    );
    expect(byTime.logStreams?.map((stream) => [stream.logStreamName, stream.lastEventTimestamp])).toEqual([
      [STREAM_A, T0 + 11_000],
      [STREAM_B, T0 + 1000],
    ]);
    await expect(
      client.send(
        new DescribeLogStreamsCommand({ logGroupName: GROUP, orderBy: 'LastEventTime', logStreamNamePrefix: '2024' }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });
});
