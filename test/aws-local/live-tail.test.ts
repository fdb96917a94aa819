import {
  type CloudWatchLogsClient,
  FilterLogEventsCommand,
  type LiveTailSessionLogEvent,
  StartLiveTailCommand,
  type StartLiveTailCommandInput,
  type StartLiveTailResponseStream,
} from '@aws-sdk/client-cloudwatch-logs';
import { afterEach, describe, expect, test } from 'vitest';
import { type LocalAws, type LocalAwsOptions, startLocalAws } from '../support/aws-local/index.js';
import { createLogsClient } from './clients.js';

const GROUP = '/aws/lambda/orders';
const OTHER = '/aws/lambda/payments';
const STREAM = '2024/05/20/[$LATEST]8b8754041414437ca5b22b9106549a2f';

let aws: LocalAws | undefined;
let client: CloudWatchLogsClient | undefined;

afterEach(async () => {
  client?.destroy();
  await aws?.close();
  aws = undefined;
});

async function setUp(options: LocalAwsOptions = {}): Promise<{ aws: LocalAws; client: CloudWatchLogsClient }> {
  const server = await startLocalAws({ ...options, liveTail: { updateIntervalMs: 100, ...options.liveTail } });
  server.logs.createLogGroup(GROUP);
  server.logs.createLogGroup(OTHER);
  aws = server;
  client = createLogsClient(server);
  return { aws: server, client };
}

interface Collected {
  readonly start: StartLiveTailResponseStream.SessionStartMember['sessionStart'] | undefined;
  readonly updates: { sampled: boolean | undefined; results: LiveTailSessionLogEvent[] }[];
  readonly error: (Error & { $fault?: string }) | undefined;
}

/** Reads the event stream until `stop` says so, the stream ends, or an exception frame ends it. */
async function readSession(
  logs: CloudWatchLogsClient,
  input: StartLiveTailCommandInput,
  stop: (collected: Collected) => boolean,
  onUpdate: (updateIndex: number) => void = () => undefined,
): Promise<Collected> {
  const response = await logs.send(new StartLiveTailCommand(input));
  let start: Collected['start'];
  const updates: Collected['updates'] = [];
  let error: Collected['error'];
  try {
    for await (const event of response.responseStream ?? []) {
      if (event.sessionStart !== undefined) start = event.sessionStart;
      if (event.sessionUpdate !== undefined) {
        updates.push({
          sampled: event.sessionUpdate.sessionMetadata?.sampled,
          results: event.sessionUpdate.sessionResults ?? [],
        });
        onUpdate(updates.length);
      }
      if (stop({ start, updates, error })) break;
    }
  } catch (caught) {
    error = caught as Error;
  }
  return { start, updates, error };
}

describe('StartLiveTail through the real SDK client over HTTP/1.1 (disableHostPrefix: true)', () => {
  test('sessionStart echoes the request, then updates push events appended after the start', async () => {
    const { aws: server, client: logs } = await setUp();
    const arn = server.logs.logGroupArn(GROUP);
    const collected = await readSession(
      logs,
      { logGroupIdentifiers: [arn], logEventFilterPattern: '?REPORT ?ERROR' },
      ({ updates }) => updates.flatMap((update) => update.results).length >= 2,
      (index) => {
        if (index === 1) {
          server.logs.putLogEvents(GROUP, STREAM, [
            { timestamp: 1_700_000_000_000, message: 'START RequestId: 1 Version: $LATEST' },
            { timestamp: 1_700_000_000_001, message: '2024-01-01T00:00:00.000Z\t1\tERROR\tboom' },
            { timestamp: 1_700_000_000_002, message: 'REPORT RequestId: 1\tDuration: 2.01 ms' },
          ]);
          server.logs.putLogEvents(OTHER, STREAM, [{ timestamp: 1_700_000_000_003, message: 'REPORT other group' }]);
        }
      },
    );
    expect(collected.start).toMatchObject({
      logGroupIdentifiers: [arn],
      logEventFilterPattern: '?REPORT ?ERROR',
      sessionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    const results = collected.updates.flatMap((update) => update.results);
    expect(results.map((event) => event.message)).toEqual([
      '2024-01-01T00:00:00.000Z\t1\tERROR\tboom',
      'REPORT RequestId: 1\tDuration: 2.01 ms',
    ]);
    expect(results[0]).toMatchObject({ logGroupIdentifier: arn, logStreamName: STREAM, timestamp: 1_700_000_000_001 });
    expect(typeof results[0]?.ingestionTime).toBe('number');
    expect(collected.updates[0]).toEqual({ sampled: false, results: [] });
  });

  test('above 500 events in one update the service samples down to 500 and sets sampled', async () => {
    const { aws: server, client: logs } = await setUp({ liveTail: { updateIntervalMs: 200 } });
    const collected = await readSession(
      logs,
      { logGroupIdentifiers: [server.logs.logGroupArn(GROUP)] },
      ({ updates }) => updates.some((update) => update.results.length > 0),
      (index) => {
        if (index === 1) {
          server.logs.putLogEvents(
            GROUP,
            STREAM,
            Array.from({ length: 1200 }, (_, i) => ({ timestamp: 1_700_000_000_000 + i, message: `line ${i}` })),
          );
        }
      },
    );
    const busy = collected.updates.find((update) => update.results.length > 0);
    expect(busy?.sampled).toBe(true);
    expect(busy?.results).toHaveLength(500);
    const timestamps = busy?.results.map((event) => event.timestamp ?? 0) ?? [];
    expect(timestamps).toEqual(timestamps.toSorted((a, b) => a - b));
    expect(new Set(timestamps).size).toBe(500);
  });

  test('stream filters: names or prefixes, only with one group', async () => {
    const { aws: server, client: logs } = await setUp();
    const collected = await readSession(
      logs,
      { logGroupIdentifiers: [server.logs.logGroupArn(GROUP)], logStreamNamePrefixes: ['2024/05/20/[$LATEST]8b'] },
      ({ updates }) => updates.some((update) => update.results.length > 0),
      (index) => {
        if (index === 1) {
          server.logs.putLogEvents(GROUP, 'other-stream', [{ timestamp: 1, message: 'not me' }]);
          server.logs.putLogEvents(GROUP, STREAM, [{ timestamp: 2, message: 'me' }]);
        }
      },
    );
    expect(collected.updates.flatMap((update) => update.results).map((event) => event.message)).toEqual(['me']);
  });

  test('the session ends with SessionTimeoutException at the session limit', async () => {
    const { aws: server, client: logs } = await setUp({ liveTail: { sessionLimitMs: 450 } });
    const collected = await readSession(logs, { logGroupIdentifiers: [server.logs.logGroupArn(GROUP)] }, () => false);
    expect(collected.error?.name).toBe('SessionTimeoutException');
    expect(collected.updates.length).toBeGreaterThanOrEqual(3);
    await waitFor(() => server.logs.liveTailSessions() === 0);
    expect(server.requests.entries({ operation: 'StartLiveTail' })[0]?.outcome).toMatchObject({
      kind: 'ok',
      liveTailEnd: 'timeout',
    });
  });

  test('an injected SessionStreamingException ends the stream after N updates', async () => {
    const { aws: server, client: logs } = await setUp();
    server.faults.add({ operation: 'StartLiveTail', fault: { kind: 'session-streaming-exception', afterUpdates: 2 } });
    const collected = await readSession(logs, { logGroupIdentifiers: [server.logs.logGroupArn(GROUP)] }, () => false);
    expect(collected.error?.name).toBe('SessionStreamingException');
    expect(collected.updates).toHaveLength(2);
  });

  test('Live Tail faults leave other operations alone; a reset after sessionStart breaks the stream with ECONNRESET', async () => {
    const { aws: server, client: logs } = await setUp();
    const rule = server.faults.add({ fault: { kind: 'session-streaming-exception', afterUpdates: 1 } });
    await logs.send(new FilterLogEventsCommand({ logGroupName: GROUP }));
    expect(rule.remaining()).toBe(1);
    const collected = await readSession(logs, { logGroupIdentifiers: [server.logs.logGroupArn(GROUP)] }, () => false);
    expect(collected.error?.name).toBe('SessionStreamingException');
    expect(collected.updates).toHaveLength(1);

    server.faults.add({ operation: 'StartLiveTail', fault: { kind: 'reset-mid-response' } });
    const response = await logs.send(
      new StartLiveTailCommand({ logGroupIdentifiers: [server.logs.logGroupArn(GROUP)] }),
    );
    const seen: string[] = [];
    const error = await (async () => {
      for await (const event of response.responseStream ?? []) seen.push(Object.keys(event)[0] ?? '');
    })().then(
      () => undefined,
      (caught: unknown) => caught as Error & { code?: string },
    );
    expect(seen).toEqual(['sessionStart']);
    expect(error?.code).toBe('ECONNRESET');
    expect(server.requests.entries({ operation: 'StartLiveTail' })[1]?.outcome).toEqual({
      kind: 'reset',
      stage: 'mid-response',
    });
  });

  test('breaking out of the loop keeps the session open; aborting the request or destroying the client ends it', async () => {
    const { aws: server, client: logs } = await setUp();
    const controller = new AbortController();
    const response = await logs.send(
      new StartLiveTailCommand({ logGroupIdentifiers: [server.logs.logGroupArn(GROUP)] }),
      {
        abortSignal: controller.signal,
      },
    );
    for await (const event of response.responseStream ?? []) {
      if (event.sessionUpdate !== undefined) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.logs.liveTailSessions()).toBe(1);
    controller.abort();
    await waitFor(() => server.logs.liveTailSessions() === 0);
    expect(server.requests.entries({ operation: 'StartLiveTail' })[0]?.outcome).toMatchObject({
      liveTailEnd: 'client-closed',
    });

    await logs.send(new StartLiveTailCommand({ logGroupIdentifiers: [server.logs.logGroupArn(GROUP)] }));
    expect(server.logs.liveTailSessions()).toBe(1);
    logs.destroy();
    await waitFor(() => server.logs.liveTailSessions() === 0);
  });

  test('validation: ARNs only, without :*, at most 10 groups, stream filters with one group', async () => {
    const { aws: server, client: logs } = await setUp();
    const arn = server.logs.logGroupArn(GROUP);
    const cases: [StartLiveTailCommandInput, string][] = [
      [{ logGroupIdentifiers: [`${arn}:*`] }, 'InvalidParameterException'],
      [{ logGroupIdentifiers: [GROUP] }, 'InvalidParameterException'],
      [{ logGroupIdentifiers: Array(11).fill(arn) }, 'InvalidParameterException'],
      [
        { logGroupIdentifiers: [arn, server.logs.logGroupArn(OTHER)], logStreamNames: [STREAM] },
        'InvalidParameterException',
      ],
      [
        { logGroupIdentifiers: [arn], logStreamNames: [STREAM], logStreamNamePrefixes: ['2024'] },
        'InvalidParameterException',
      ],
      [{ logGroupIdentifiers: [arn], logEventFilterPattern: '%regex%' }, 'InvalidParameterException'],
      [{ logGroupIdentifiers: [server.logs.logGroupArn('/aws/lambda/missing')] }, 'ResourceNotFoundException'],
    ];
    for (const [input, name] of cases) {
      await expect(logs.send(new StartLiveTailCommand(input)), JSON.stringify(input)).rejects.toMatchObject({ name });
    }
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
