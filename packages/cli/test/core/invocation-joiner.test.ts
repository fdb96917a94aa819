import { describe, expect, it } from 'vitest';
import { createInvocationJoiner } from '../../src/core/join/invocation-joiner.js';
import type { InvocationRecord } from '../../src/core/join/invocation-record.js';
import type { LogEvent } from '../../src/core/log-event.js';
import { joinEvents } from '../support/join-lines.js';

const ID = '7c9567b5-107b-4a6c-8798-0157ac21db52';

describe('joining lines into invocations', () => {
  it('joins a timeout whose `Task timed out` line comes after the REPORT (DataDog fixtures, 2020)', () => {
    const { records } = joinEvents([
      `START RequestId: ${ID} Version: $LATEST`,
      `2020-06-09T15:02:23.150Z\t${ID}\tINFO\tworking`,
      `END RequestId: ${ID}`,
      `REPORT RequestId: ${ID}\tDuration: 3003.16 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 48 MB\tInit Duration: 127.02 ms\t`,
      `2020-06-09T15:02:26.150Z ${ID} Task timed out after 3.00 seconds`,
    ]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      requestId: ID,
      outcome: 'timeout',
      timedOut: true,
      coldStart: 'on-demand',
      durationMs: 3003.16,
      billedDurationMs: 3000,
      initDurationMs: 127.02,
      functionName: 'test',
    });
  });

  it('joins a timeout line before END (azul#5622, 2023) and a REPORT with Status: timeout only (azul#8140)', () => {
    const id2 = '4725a167-21a7-5731-99c2-c3d0e3dfd770';
    const { records } = joinEvents([
      'START RequestId: 4299ee26-8d1d-4ea9-bd43-77b85ed96cfe Version: $LATEST',
      '2023-10-20T16:28:17.840Z 4299ee26-8d1d-4ea9-bd43-77b85ed96cfe Task timed out after 31.01 seconds\n\n',
      'END RequestId: 4299ee26-8d1d-4ea9-bd43-77b85ed96cfe',
      'REPORT RequestId: 4299ee26-8d1d-4ea9-bd43-77b85ed96cfe\tDuration: 31012.52 ms\tBilled Duration: 31000 ms\tMemory Size: 128 MB\tMax Memory Used: 109 MB\t\n',
      `REPORT RequestId: ${id2}\tDuration: 180000.00 ms\tBilled Duration: 180000 ms\tMemory Size: 1280 MB\tMax Memory Used: 1201 MB\tStatus: timeout\n`,
    ]);
    expect(records.map((record) => [record.outcome, record.timedOut])).toEqual([
      ['timeout', true],
      ['timeout', true],
    ]);
  });

  it('turns a kill after REPORT with memory at the limit into an out-of-memory crash (astuyve.github.io)', () => {
    const { records } = joinEvents([
      'START RequestId: 43e50939ce8c Version: $LATEST',
      '43e50939ce8c INFO cache: { "start": "is warm", "hits": 4 }',
      'END RequestId: 43e50939ce8c',
      'REPORT RequestId: 43e50939ce8c Duration: 3296.38 ms Billed Duration: 3297 ms Memory Size: 128 MB Max Memory Used: 128 MB',
      'RequestId: 43e50939ce8c Error: Runtime exited with error: signal: killed Runtime.ExitError',
    ]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ outcome: 'out-of-memory', crashed: true, outOfMemory: true });
  });

  it('reads a REPORT’s Status and Error Type: Runtime.OutOfMemory without any crash line', () => {
    const { records } = joinEvents([
      'REPORT RequestId: fa4e6a1f-083b-573d-ace2-090d2b00a3ac  Duration: 6954.19 ms  Billed Duration: 6955 ms  Memory Size: 1024 MB  Max Memory Used: 1023 MB  Status: error  Error Type: Runtime.OutOfMemory',
    ]);
    expect(records[0]).toMatchObject({ outcome: 'out-of-memory', failed: true, errorType: 'Runtime.OutOfMemory' });
  });

  it('attaches the XRAY part whether it follows in the same event or on the next line', () => {
    const sameEvent = joinEvents([
      'REPORT RequestId: f08bb4c8-d6b2-4f05-ac17-af7e2ba005fb\tDuration: 619.31 ms\tBilled Duration: 700 ms\tMemory Size: 128 MB\tMax Memory Used: 118 MB\t\nXRAY TraceId: 1-5e61292c-cc1229a4dfbeae1043928548\tSegmentId: 07a85e713f6302b2\tSampled: true\t\n',
    ]);
    const nextLine = joinEvents([
      'REPORT RequestId: 8f507cfc-xmpl-4697-b07a-ac58fc914c95  Duration: 15.74 ms  Billed Duration: 16 ms Memory Size: 128 MB Max Memory Used: 56 MB  Init Duration: 130.49 ms',
      'XRAY TraceId: 1-5e34a614-10bdxmplf1fb44f07bc535a1   SegmentId: 07f5xmpl2d1f6f85 Sampled: true',
    ]);
    expect(sameEvent.records[0]?.xrayTraceId).toBe('1-5e61292c-cc1229a4dfbeae1043928548');
    expect(nextLine.records[0]?.xrayTraceId).toBe('1-5e34a614-10bdxmplf1fb44f07bc535a1');
    expect(nextLine.counts.unknownLines).toBe(0);
  });

  it('assembles a REPORT a console copy broke into one field per line (code-search id 43041629627)', () => {
    const { records, counts } = joinEvents([
      'RESTORE_START Runtime Version: java:11.v15 Runtime Version ARN ',
      'RESTORE_REPORT Restore Duration: 204.27 ms',
      'START RequestId: 2f98d5aa-c63b-41e8-a9d2-0d2c21d7410d Version: 2',
      'END RequestId: 2f98d5aa-c63b-41e8-a9d2-0d2c21d7410d',
      'REPORT RequestId: 2f98d5aa-c63b-41e8-a9d2-0d2c21d7410d',
      'Duration: 13.82 ms',
      'Billed Duration: 129 ms',
      'Memory Size: 512 MB',
      'Max Memory Used: 71 MB',
      'Restore Duration: 204.27 ms',
    ]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      durationMs: 13.82,
      billedDurationMs: 129,
      memorySizeMb: 512,
      maxMemoryUsedMb: 71,
      restoreDurationMs: 204.27,
      coldStart: 'snap-start',
      version: '2',
    });
    expect(counts.unknownLines + counts.malformedLines).toBe(0);
  });

  it('counts a repeated REPORT once, near or far', () => {
    const report = `REPORT RequestId: ${ID}\tDuration: 10.00 ms\tBilled Duration: 10 ms\tMemory Size: 128 MB\tMax Memory Used: 48 MB`;
    const filler = Array.from({ length: 50 }, (_, index) => `2020-06-09T15:02:23.150Z\t${ID}\tINFO\tline ${index}`);
    const { records, counts } = joinEvents([report, report, ...filler, report]);
    expect(records).toHaveLength(1);
    expect(counts.duplicateReports).toBe(2);
  });

  it('joins the full JSON-format cold invocation from the reference', () => {
    const { records, counts } = joinEvents([
      '{"time":"2024-05-20T16:29:44.833Z","type":"platform.initStart","record":{"initializationType":"on-demand","phase":"init","runtimeVersion":"nodejs:18.v28","runtimeVersionArn":"arn:aws:lambda:eu-west-3::runtime:b475b23763329123d9e6f79f51886d0e1054f727f5b90ec945fcb2a3ec09afdd","functionName":"ColdStartPerfStack-Function76856677-qnwBXhjb6klt","functionVersion":"$LATEST"}}',
      '{"time":"2024-05-20T16:29:45.006Z","type":"platform.initRuntimeDone","record":{"initializationType":"on-demand","phase":"init","status":"success"}}',
      '{"time":"2024-05-20T16:29:45.007Z","type":"platform.initReport","record":{"initializationType":"on-demand","phase":"init","status":"success","metrics":{"durationMs":173.778}}}',
      '{"time":"2024-05-20T16:29:45.008Z","type":"platform.start","record":{"requestId":"4b142fc3-17b8-4cdb-a46b-a8dbe7918715","version":"$LATEST"}}',
      '{"timestamp":"2024-05-20T16:29:45.009Z","level":"INFO","requestId":"4b142fc3-17b8-4cdb-a46b-a8dbe7918715","message":"ENV 2024-05-20T16:29:42.891Z"}',
      '{"time":"2024-05-20T16:29:45.019Z","type":"platform.runtimeDone","record":{"requestId":"4b142fc3-17b8-4cdb-a46b-a8dbe7918715","status":"success","spans":[{"name":"responseLatency","start":"2024-05-20T16:29:45.008Z","durationMs":2.215},{"name":"responseDuration","start":"2024-05-20T16:29:45.010Z","durationMs":0.056},{"name":"runtimeOverhead","start":"2024-05-20T16:29:45.010Z","durationMs":8.686}],"metrics":{"durationMs":11.185,"producedBytes":40}}}',
      '{"time":"2024-05-20T16:29:45.022Z","type":"platform.report","record":{"requestId":"4b142fc3-17b8-4cdb-a46b-a8dbe7918715","status":"success","metrics":{"durationMs":11.642,"billedDurationMs":12,"memorySizeMB":128,"maxMemoryUsedMB":67,"initDurationMs":174.055}}}',
    ]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      outcome: 'success',
      coldStart: 'on-demand',
      durationMs: 11.642,
      initDurationMs: 174.055,
      startMs: Date.parse('2024-05-20T16:29:45.008Z'),
      endMs: Date.parse('2024-05-20T16:29:45.022Z'),
      functionName: 'ColdStartPerfStack-Function76856677-qnwBXhjb6klt',
    });
    expect(counts.platformLines).toBe(6);
    expect(counts.unknownLines + counts.malformedLines + counts.outsideInvocationLines).toBe(0);
  });

  it('keeps provisioned-concurrency, proactive and SnapStart inits apart from user-facing cold starts', () => {
    const at = (iso: string, message: string, logStream: string): LogEvent => ({
      message,
      timestampMs: Date.parse(iso),
      logStream,
    });
    const { records } = joinEvents([
      at(
        '2024-05-20T16:00:00.000Z',
        '{"time":"2024-05-20T16:00:00.000Z","type":"platform.initStart","record":{"initializationType":"provisioned-concurrency","phase":"init"}}',
        'pc',
      ),
      at('2024-05-20T16:10:00.000Z', 'START RequestId: aaaaaaaa-0000-4000-8000-000000000001 Version: 3', 'pc'),
      at(
        '2024-05-20T16:10:00.050Z',
        'REPORT RequestId: aaaaaaaa-0000-4000-8000-000000000001\tDuration: 50.00 ms\tBilled Duration: 50 ms\tMemory Size: 512 MB\tMax Memory Used: 80 MB\tInit Duration: 300.00 ms',
        'pc',
      ),
      at('2024-05-20T16:00:00.000Z', 'INIT_START Runtime Version: nodejs:20.v1', 'proactive'),
      at('2024-05-20T16:00:30.000Z', 'START RequestId: aaaaaaaa-0000-4000-8000-000000000002 Version: 3', 'proactive'),
      at(
        '2024-05-20T16:00:30.050Z',
        'REPORT RequestId: aaaaaaaa-0000-4000-8000-000000000002\tDuration: 50.00 ms\tBilled Duration: 350 ms\tMemory Size: 512 MB\tMax Memory Used: 80 MB\tInit Duration: 300.00 ms',
        'proactive',
      ),
      at('2024-05-20T16:00:00.000Z', 'INIT_START Runtime Version: nodejs:20.v1', 'on-demand'),
      at('2024-05-20T16:00:00.400Z', 'START RequestId: aaaaaaaa-0000-4000-8000-000000000003 Version: 3', 'on-demand'),
      at(
        '2024-05-20T16:00:00.450Z',
        'REPORT RequestId: aaaaaaaa-0000-4000-8000-000000000003\tDuration: 50.00 ms\tBilled Duration: 350 ms\tMemory Size: 512 MB\tMax Memory Used: 80 MB\tInit Duration: 300.00 ms',
        'on-demand',
      ),
      at('2024-05-20T16:00:01.000Z', 'START RequestId: aaaaaaaa-0000-4000-8000-000000000004 Version: 3', 'on-demand'),
      at(
        '2024-05-20T16:00:01.050Z',
        'REPORT RequestId: aaaaaaaa-0000-4000-8000-000000000004\tDuration: 50.00 ms\tBilled Duration: 50 ms\tMemory Size: 512 MB\tMax Memory Used: 81 MB',
        'on-demand',
      ),
    ]);
    const byId = new Map(records.map((record) => [record.requestId.slice(-1), record.coldStart]));
    expect(Object.fromEntries(byId)).toEqual({
      '1': 'provisioned-concurrency',
      '2': 'proactive',
      '3': 'on-demand',
      '4': undefined,
    });
  });

  it('treats an init re-run inside an invocation (INIT_REPORT Phase: invoke) as a cold start and reports init failures', () => {
    const { records, initReports } = joinEvents([
      'INIT_REPORT Init Duration: 150.79 ms\tPhase: init\tStatus: error\tError Type: Runtime.UserCodeSyntaxError',
      'START RequestId: bbbbbbbb-0000-4000-8000-000000000001 Version: $LATEST',
      'INIT_REPORT Init Duration: 140.00 ms\tPhase: invoke\tStatus: error\tError Type: Runtime.UserCodeSyntaxError',
      'END RequestId: bbbbbbbb-0000-4000-8000-000000000001',
      'REPORT RequestId: bbbbbbbb-0000-4000-8000-000000000001\tDuration: 150.00 ms\tBilled Duration: 150 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\tStatus: error\tError Type: Runtime.UserCodeSyntaxError',
    ]);
    expect(records[0]).toMatchObject({ coldStart: 'on-demand', outcome: 'error', failed: true });
    expect(initReports.map((fact) => [fact.phase, fact.status])).toEqual([
      ['init', 'error'],
      ['invoke', 'error'],
    ]);
  });

  it('names functions by log group, custom stream prefix, --function, the logs themselves, then the file', () => {
    const report = (id: string): string =>
      `REPORT RequestId: ${id}\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB`;
    const events: LogEvent[] = [
      { message: report('cccccccc-0000-4000-8000-000000000001'), logGroup: '/aws/lambda/orders' },
      {
        message: report('cccccccc-0000-4000-8000-000000000002'),
        logGroup: '/shared',
        logStream: '2024/05/20/payments[$LATEST]8b8754041414437ca5b22b9106549a2f',
      },
      {
        message: report('cccccccc-0000-4000-8000-000000000003'),
        logGroup: '/shared',
        logStream: '2024/05/20/[$LATEST]8b8754041414437ca5b22b9106549a2f',
      },
    ];
    expect(
      joinEvents(events, {}, { functionName: 'flag', inputName: 'file' }).records.map((r) => r.functionName),
    ).toEqual(['orders', 'payments', 'flag']);
    expect(joinEvents(events, {}, { inputName: 'file' }).records.map((r) => r.functionName)).toEqual([
      'orders',
      'payments',
      'file',
    ]);
    const sdkNamed = joinEvents(
      [
        'START RequestId: dddddddd-0000-4000-8000-000000000001 Version: $LATEST',
        '{"level":"info","requestId":"dddddddd-0000-4000-8000-000000000001","functionName":"search","msg":"hi"}',
        report('dddddddd-0000-4000-8000-000000000001'),
      ],
      {},
      { inputName: 'file' },
    );
    expect(sdkNamed.records[0]?.functionName).toBe('search');
  });

  it('counts ERROR lines as errors, never makes an invocation of a plain INFO line, counts late lines', () => {
    // One stream: the next START ends the previous invocation's grace, so its late line is late.
    const logStream = '2020/06/09/[$LATEST]8b8754041414437ca5b22b9106549a2f';
    const { records, counts } = joinEvents(
      [
        `START RequestId: ${ID} Version: $LATEST`,
        `2020-06-09T15:02:23.150Z\t${ID}\tERROR\tsomething failed`,
        `REPORT RequestId: ${ID}\tDuration: 10.00 ms\tBilled Duration: 10 ms\tMemory Size: 128 MB\tMax Memory Used: 48 MB`,
        'START RequestId: eeeeeeee-0000-4000-8000-000000000001 Version: $LATEST',
        `2020-06-09T15:02:24.150Z\t${ID}\tERROR\ta callback of the previous request, late`,
        '2020-06-09T15:02:24.150Z\tffffffff-0000-4000-8000-000000000001\tINFO\tof a request we never saw start',
      ].map((message) => ({ message, logStream })),
    );
    expect(records.map((record) => [record.requestId, record.errorLogged, record.hasReport])).toEqual([
      [ID, true, true],
      ['eeeeeeee-0000-4000-8000-000000000001', false, false],
    ]);
    expect(counts.lateLines).toBe(1);
  });

  it('drops events outside --since/--until and repeated event ids', () => {
    const report = (id: string): string =>
      `REPORT RequestId: ${id}\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB`;
    const { records, counts } = joinEvents(
      [
        { message: report('11111111-0000-4000-8000-000000000001'), timestampMs: 1_000, eventId: 'a' },
        { message: report('11111111-0000-4000-8000-000000000002'), timestampMs: 5_000, eventId: 'b' },
        { message: report('11111111-0000-4000-8000-000000000002'), timestampMs: 5_000, eventId: 'b' },
        { message: report('11111111-0000-4000-8000-000000000003'), timestampMs: 9_000, eventId: 'c' },
      ],
      { sinceMs: 2_000, untilMs: 8_000 },
    );
    expect(records.map((record) => record.requestId.slice(-1))).toEqual(['2']);
    expect(counts.outsideWindowEvents).toBe(2);
    expect(counts.duplicateEvents).toBe(1);
  });

  it('reads a JSON message the CLI pretty-printed over several lines (`aws logs tail --format json`)', () => {
    const pretty = `\n${JSON.stringify(
      {
        time: '2024-05-20T16:29:45.022Z',
        type: 'platform.report',
        record: {
          requestId: '4b142fc3-17b8-4cdb-a46b-a8dbe7918715',
          status: 'success',
          metrics: { durationMs: 11.642 },
        },
      },
      null,
      4,
    )}`;
    const { records, counts } = joinEvents([{ message: pretty, timestampMs: 1 }]);
    expect(records.map((record) => [record.requestId, record.durationMs])).toEqual([
      ['4b142fc3-17b8-4cdb-a46b-a8dbe7918715', 11.642],
    ]);
    expect(counts.unknownLines).toBe(0);
  });

  it('holds a bounded number of invocations however long the input', () => {
    const lines: LogEvent[] = [];
    for (let index = 0; index < 20_000; index += 1) {
      const id = `${index.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
      const logStream = `2024/05/20/[$LATEST]${(index % 7).toString().padStart(32, '0')}`;
      lines.push({ message: `START RequestId: ${id} Version: $LATEST`, logStream });
      lines.push({ message: `END RequestId: ${id}`, logStream });
      lines.push({
        message: `REPORT RequestId: ${id}\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB`,
        logStream,
      });
    }
    const { records, maxPending } = joinEvents(lines, { dedupeWindow: 1000 });
    expect(records).toHaveLength(20_000);
    expect(maxPending).toBeLessThanOrEqual(14);
  });
});

describe('completing by time (advanceTo, a live source)', () => {
  const id = (n: number): string => `${String(n).padStart(8, '0')}-107b-4a6c-8798-0157ac21db52`;
  const report = (n: number): string =>
    `REPORT RequestId: ${id(n)}\tDuration: 5.00 ms\tBilled Duration: 5 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB`;
  const at = (logStream: string, message: string): LogEvent => ({ message, logStream, logGroup: '/aws/lambda/orders' });

  function liveJoiner(options: { graceMs?: number; maxIdleMs?: number } = {}) {
    const records: InvocationRecord[] = [];
    const joiner = createInvocationJoiner({ invocation: (record) => records.push({ ...record }) }, options);
    return { joiner, records };
  }

  it("completes a stream's reported invocation once the stream is quiet for graceMs, and a line restarts the wait", () => {
    const { joiner, records } = liveJoiner({ graceMs: 2_000 });
    joiner.advanceTo(10_000);
    joiner.push([at('a', `START RequestId: ${id(1)} Version: 1`), at('a', report(1))]);
    joiner.advanceTo(11_999);
    expect(records).toHaveLength(0);
    // A late line of the stream arrives: it belongs to the invocation, and the 2 s start again.
    joiner.push([at('a', `2026-07-22T03:00:00.000Z ${id(1)} Task timed out after 3.00 seconds`)]);
    joiner.advanceTo(13_000);
    expect(records).toHaveLength(0);
    joiner.advanceTo(13_999);
    expect(records.map((record) => [record.requestId, record.outcome])).toEqual([[id(1), 'timeout']]);
    expect(joiner.pendingCount()).toBe(0);
  });

  it('completes nothing by time without a clock; lines read before it was first set arrived when it was', () => {
    const { joiner, records } = liveJoiner({ graceMs: 1_000 });
    joiner.push([at('a', `START RequestId: ${id(1)} Version: 1`), at('a', report(1))]);
    expect(records).toHaveLength(0);
    joiner.advanceTo(50_000);
    expect(records).toHaveLength(0);
    joiner.advanceTo(51_000);
    expect(records.map((record) => record.requestId)).toEqual([id(1)]);
  });

  it('completes an invocation without its REPORT as it stands after maxIdleMs, named by its own input', () => {
    const { joiner, records } = liveJoiner({ graceMs: 1_000, maxIdleMs: 60_000 });
    joiner.advanceTo(0);
    // Raw lines, named by their input; then another input keeps the joiner busy with a context of its own.
    joiner.push([{ message: `START RequestId: ${id(1)} Version: 1` }], { inputName: 'crashed' });
    joiner.push([at('b', `START RequestId: ${id(2)} Version: 1`)], { inputName: 'other' });
    joiner.advanceTo(59_999);
    joiner.push([at('b', `2026-07-22T03:00:00.000Z\t${id(2)}\tINFO\tstill working`)], { inputName: 'other' });
    joiner.advanceTo(60_000);
    expect(records.map((record) => [record.requestId, record.functionName, record.hasReport])).toEqual([
      [id(1), 'crashed', false],
    ]);
    // Invocation 2 saw a line at 59,999 ms: it is open still, and so is its stream.
    joiner.advanceTo(119_998);
    expect(records).toHaveLength(1);
    joiner.advanceTo(119_999);
    expect(records.map((record) => record.requestId)).toEqual([id(1), id(2)]);
    expect(joiner.pendingCount()).toBe(0);
  });

  it('leaves a report of a file exactly as it was: no clock, no completion by time', () => {
    const lines = [
      `START RequestId: ${id(1)} Version: 1`,
      report(1),
      `START RequestId: ${id(2)} Version: 1`,
      report(2),
    ];
    const { joiner, records } = liveJoiner({ graceMs: 0, maxIdleMs: 0 });
    for (const line of lines) joiner.push([at('a', line)]);
    expect(records.map((record) => record.requestId)).toEqual([id(1)]);
    joiner.flush();
    expect(records.map((record) => record.requestId)).toEqual([id(1), id(2)]);
  });
});
