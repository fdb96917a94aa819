import { describe, expect, it } from 'vitest';
import { parseLine } from '../../src/core/parse/parse-line.js';
import type { ParsedLine } from '../../src/core/parse/parsed-line.js';

interface RecordCase {
  readonly source: string;
  readonly line: string;
  readonly expected: Partial<ParsedLine> & { kind: ParsedLine['kind'] };
}

// Real platform and application lines other than REPORT, each with where it was published.
const RECORDS: readonly RecordCase[] = [
  {
    source: 'astuyve.github.io blog: START with a 12-hex id',
    line: 'START RequestId: 43e50939ce8c Version: $LATEST',
    expected: { kind: 'start', requestId: '43e50939ce8c', version: '$LATEST' },
  },
  {
    source: 'sam logs output (code-search id 4062759839): START of a numbered version',
    line: 'START RequestId: 8c360c87-d4b7-4423-b5f3-af02be3c1763 Version: 72',
    expected: { kind: 'start', requestId: '8c360c87-d4b7-4423-b5f3-af02be3c1763', version: '72' },
  },
  {
    source: 'https://github.com/awslabs/aws-lambda-redshift-loader/issues/80: START with a trailing space',
    line: 'START RequestId: b47cde10-029a-11e6-b5d6-1f01b70b94b2 Version: $LATEST ',
    expected: { kind: 'start', requestId: 'b47cde10-029a-11e6-b5d6-1f01b70b94b2', version: '$LATEST' },
  },
  {
    source: 'astuyve.github.io blog: END',
    line: 'END RequestId: 43e50939ce8c',
    expected: { kind: 'end', requestId: '43e50939ce8c' },
  },
  {
    source: 'lambda-platform-logs.md: INIT_START with a TAB before the ARN',
    line: 'INIT_START Runtime Version: nodejs:18.v9\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:0f2d4c3a1b7e8f9d6c5b4a3928170615f4e3d2c1b0a9f8e7d6c5b4a392817061',
    expected: { kind: 'init-start', runtimeVersion: 'nodejs:18.v9' },
  },
  {
    source: 'lambda-platform-logs.md (aws logs tail, GovCloud): INIT_START with spaces',
    line: 'INIT_START Runtime Version: nodejs:20.v106  Runtime Version ARN: arn:aws-us-gov:lambda:us-gov-west-1::runtime:fde5301768a459759cc7f4cc184b8d3fd09b276d3c42fcb56468f48ed3ebd11a',
    expected: { kind: 'init-start', runtimeVersion: 'nodejs:20.v106' },
  },
  {
    source: 'lambda-platform-logs.md: INIT_REPORT of a failed init',
    line: 'INIT_REPORT Init Duration: 150.79 ms\tPhase: init\tStatus: error\tError Type: Runtime.UserCodeSyntaxError',
    expected: {
      kind: 'init-report',
      durationMs: 150.79,
      phase: 'init',
      status: 'error',
      errorType: 'Runtime.UserCodeSyntaxError',
    },
  },
  {
    source: 'lambda-platform-logs.md: INIT_REPORT of an init timeout, spaces',
    line: 'INIT_REPORT Init Duration: 9999.79 ms    Phase: init    Status: timeout',
    expected: { kind: 'init-report', durationMs: 9999.79, phase: 'init', status: 'timeout', errorType: undefined },
  },
  {
    source: 'sam logs output (code-search id 4062759839): RESTORE_START',
    line: 'RESTORE_START Runtime Version: java:11.v20\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:b8b295733fb8ae6769e0fb039181ce76e1f54a4d04bb5ca7ded937bb0d839109',
    expected: { kind: 'restore-start' },
  },
  {
    source: 'public notes (code-search id 22133041167): RESTORE_REPORT',
    line: 'RESTORE_REPORT Restore Duration: 509.31 ms',
    expected: { kind: 'restore-report', durationMs: 509.31 },
  },
  {
    source: 'DataDog/datadog-serverless-functions fixtures: the timeout line',
    line: '2020-06-09T15:02:26.150Z 7c9567b5-107b-4a6c-8798-0157ac21db52 Task timed out after 3.00 seconds',
    expected: { kind: 'timeout', requestId: '7c9567b5-107b-4a6c-8798-0157ac21db52', timeoutMs: 3000 },
  },
  {
    source: 'https://github.com/DataBiosphere/azul/issues/5622 (2023): timeout line before END',
    line: '2023-10-20T16:28:17.840Z 4299ee26-8d1d-4ea9-bd43-77b85ed96cfe Task timed out after 31.01 seconds',
    expected: { kind: 'timeout', requestId: '4299ee26-8d1d-4ea9-bd43-77b85ed96cfe', timeoutMs: 31010 },
  },
  {
    source: 'https://github.com/DataDog/datadog-serverless-functions/issues/55 (2018): timeout line',
    line: '2018-08-26T02:13:13.948Z 3364d63a-b18c-5ed6-97c7-85c6bf57800e Task timed out after 30.02 seconds',
    expected: { kind: 'timeout', requestId: '3364d63a-b18c-5ed6-97c7-85c6bf57800e', timeoutMs: 30020 },
  },
  {
    source: 'https://github.com/elprespufferfish/fashionhawk/issues/19 (2015): the bare timeout message',
    line: 'Task timed out after 60.00 seconds',
    expected: { kind: 'timeout', requestId: undefined, timeoutMs: 60000 },
  },
  {
    source: 'astuyve.github.io blog: the pre-2024 OOM kill',
    line: 'RequestId: 43e50939ce8c Error: Runtime exited with error: signal: killed Runtime.ExitError',
    expected: { kind: 'crash', requestId: '43e50939ce8c', killed: true },
  },
  {
    source: 'public test suite (code-search id 56129498940): exit status 1',
    line: 'RequestId: req-5 Error: Runtime exited with error: exit status 1 Runtime.ExitError',
    expected: { kind: 'crash', killed: false },
  },
  {
    source: 'lambda-platform-logs.md: the crash report’s second line',
    line: 'Runtime.ExitError',
    expected: { kind: 'crash', requestId: undefined, detail: 'Runtime.ExitError' },
  },
  {
    source: 'lambda-platform-logs.md: a Node.js text application line',
    line: '2024-11-29T02:10:03.161Z\t6bc28136-xmpl-4365-b021-0ce6b2e64ab0\tINFO\thello',
    expected: { kind: 'app', requestId: '6bc28136-xmpl-4365-b021-0ce6b2e64ab0', level: 'INFO', outOfMemory: false },
  },
  {
    source: 'Node.js runtime: an unhandled error at ERROR',
    line: '2024-11-29T02:10:03.161Z\t6bc28136-xmpl-4365-b021-0ce6b2e64ab0\tERROR\tInvoke Error \t{"errorType":"TypeError","errorMessage":"x is undefined"}',
    expected: { kind: 'app', requestId: '6bc28136-xmpl-4365-b021-0ce6b2e64ab0', level: 'ERROR' },
  },
  {
    source: 'Node.js runtime: an init-phase error names the request `undefined`',
    line: '2024-11-29T02:10:01.002Z\tundefined\tERROR\tUncaught Exception \t{"errorType":"Runtime.ImportModuleError"}',
    expected: { kind: 'app', requestId: undefined, level: 'ERROR' },
  },
  {
    source: 'astuyve.github.io blog: a Node line copied without its timestamp',
    line: '43e50939ce8c INFO cache: { "start": "is warm", "hits": 4 }',
    expected: { kind: 'app', requestId: '43e50939ce8c', level: 'INFO' },
  },
  {
    source: 'public test suite (code-search id 56129498940): a Python text line',
    // Shorter than any real request id, so it is not taken for one.
    line: '[ERROR]\t2026-07-06T22:00:00Z\treq-2\tFailed to write async result to s3://b/k: boom',
    expected: { kind: 'app', requestId: undefined, level: 'ERROR' },
  },
  {
    source: 'Python runtime: an init error has no time or id',
    line: "[ERROR] Runtime.ImportModuleError: Unable to import module 'app': No module named 'requests'",
    expected: { kind: 'app', requestId: undefined, level: 'ERROR' },
  },
  {
    source: 'Python runtime: MemoryError is an out-of-memory signal',
    line: '[ERROR] MemoryError',
    expected: { kind: 'app', level: 'ERROR', outOfMemory: true },
  },
  {
    source: 'Node.js: the V8 heap limit, printed without a prefix',
    line: 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
    expected: { kind: 'app', requestId: undefined, outOfMemory: true },
  },
  {
    source: 'lambda-platform-logs.md: a JSON-format application line',
    line: '{"timestamp":"2024-05-20T16:29:45.009Z","level":"INFO","requestId":"4b142fc3-17b8-4cdb-a46b-a8dbe7918715","message":"ENV 2024-05-20T16:29:42.891Z"}',
    expected: { kind: 'app', requestId: '4b142fc3-17b8-4cdb-a46b-a8dbe7918715', level: 'INFO' },
  },
  {
    source: 'lambda-platform-logs.md: JSON platform.start',
    line: '{"time":"2024-05-20T16:29:45.008Z","type":"platform.start","record":{"requestId":"4b142fc3-17b8-4cdb-a46b-a8dbe7918715","version":"$LATEST"}}',
    expected: { kind: 'start', requestId: '4b142fc3-17b8-4cdb-a46b-a8dbe7918715', version: '$LATEST' },
  },
  {
    source: 'lambda-platform-logs.md: JSON platform.initStart',
    line: '{"time":"2024-05-20T16:29:44.833Z","type":"platform.initStart","record":{"initializationType":"on-demand","phase":"init","runtimeVersion":"nodejs:18.v28","runtimeVersionArn":"arn:aws:lambda:eu-west-3::runtime:b475b23763329123d9e6f79f51886d0e1054f727f5b90ec945fcb2a3ec09afdd","functionName":"ColdStartPerfStack-Function76856677-qnwBXhjb6klt","functionVersion":"$LATEST"}}',
    expected: {
      kind: 'init-start',
      initType: 'on-demand',
      phase: 'init',
      functionName: 'ColdStartPerfStack-Function76856677-qnwBXhjb6klt',
    },
  },
  {
    source: 'lambda-platform-logs.md: JSON platform.initReport',
    line: '{"time":"2024-05-20T16:29:45.007Z","type":"platform.initReport","record":{"initializationType":"on-demand","phase":"init","status":"success","metrics":{"durationMs":173.778}}}',
    expected: { kind: 'init-report', durationMs: 173.778, phase: 'init', status: 'success', initType: 'on-demand' },
  },
  {
    source: 'lambda-platform-logs.md: JSON platform.runtimeDone',
    line: '{"time":"2024-05-20T16:29:45.019Z","type":"platform.runtimeDone","record":{"requestId":"4b142fc3-17b8-4cdb-a46b-a8dbe7918715","status":"success","spans":[],"metrics":{"durationMs":11.185,"producedBytes":40}}}',
    expected: { kind: 'runtime-done', requestId: '4b142fc3-17b8-4cdb-a46b-a8dbe7918715', status: 'success' },
  },
  {
    source: 'JSON initRuntimeDone is used by nothing: another platform line',
    line: '{"time":"2024-05-20T16:29:45.006Z","type":"platform.initRuntimeDone","record":{"initializationType":"on-demand","phase":"init","status":"success"}}',
    expected: { kind: 'platform-other' },
  },
  {
    source: 'lambda-platform-logs.md: unknown platform types exist (platform.logsDropped)',
    line: '{"time":"2024-05-20T16:29:45.006Z","type":"platform.logsDropped","record":{"reason":"Consumer seems to have fallen behind","droppedRecords":12,"droppedBytes":3400}}',
    expected: { kind: 'platform-other' },
  },
  {
    source: 'lambda-platform-logs.md: EXTENSION lines',
    line: 'EXTENSION\tName: cloudwatch_lambda_agent\tState: Ready\tEvents: [INVOKE, SHUTDOWN]',
    expected: { kind: 'platform-other' },
  },
  {
    source: 'a JSON platform.report without its request id',
    line: '{"time":"2024-05-20T16:29:45.022Z","type":"platform.report","record":{"metrics":{"durationMs":11.642}}}',
    expected: { kind: 'malformed' },
  },
  { source: 'plain text', line: 'Loading function', expected: { kind: 'unknown' } },
  { source: 'truncated JSON', line: '{"level":"info","msg":"cut off', expected: { kind: 'unknown' } },
  { source: 'blank', line: ' \t', expected: { kind: 'blank' } },
];

describe('parseLine on real platform and application lines', () => {
  it.each(RECORDS)('$source', ({ line, expected }) => {
    expect(parseLine(line)).toMatchObject(expected);
  });
});

describe('structured lines from the SDK, Powertools and EMF emitters', () => {
  it('reads our SDK’s pino line: textual level, request id, trace, cold start, function', () => {
    const parsed = parseLine(
      '{"level":"error","time":1716222585009,"requestId":"4b142fc3-17b8-4cdb-a46b-a8dbe7918715","xrayTraceId":"1-5759e988-bd862e3fe1be46a994272793","coldStart":true,"functionName":"orders","functionVersion":"$LATEST","msg":"payment failed"}',
    );
    expect(parsed).toMatchObject({
      kind: 'app',
      level: 'ERROR',
      requestId: '4b142fc3-17b8-4cdb-a46b-a8dbe7918715',
      xrayTraceId: '1-5759e988-bd862e3fe1be46a994272793',
      coldStart: true,
      functionName: 'orders',
    });
  });

  it('reads pino numeric levels and the SDK’s own line kind', () => {
    expect(parseLine('{"level":50,"msg":"x"}')).toMatchObject({ kind: 'app', level: 'ERROR' });
    expect(parseLine('{"level":"warn","lambdatop":"timeout-imminent","requestId":"r-12345678"}')).toMatchObject({
      kind: 'app',
      level: 'WARN',
      sdkKind: 'timeout-imminent',
    });
  });

  it('reads Powertools Logger keys (cold_start, function_request_id, xray_trace_id)', () => {
    const parsed = parseLine(
      '{"level":"INFO","message":"hi","timestamp":"2024-01-01T00:00:00.000Z","service":"orders","cold_start":false,"function_name":"orders","function_request_id":"c6af9ac6-7b61-11e6-9a41-93e812345678","xray_trace_id":"1-5759e988-bd862e3fe1be46a994272793"}',
    );
    expect(parsed).toMatchObject({
      kind: 'app',
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
      coldStart: false,
      functionName: 'orders',
      xrayTraceId: '1-5759e988-bd862e3fe1be46a994272793',
    });
  });

  it('reads our SDK’s EMF document: metrics and invocation properties', () => {
    const parsed = parseLine(
      '{"_aws":{"Timestamp":1716222585009,"CloudWatchMetrics":[{"Namespace":"Shop","Dimensions":[["service"]],"Metrics":[{"Name":"OrdersPlaced","Unit":"Count"},{"Name":"ColdStart","Unit":"Count"}]}]},"service":"orders","OrdersPlaced":3,"ColdStart":1,"requestId":"4b142fc3-17b8-4cdb-a46b-a8dbe7918715","coldStart":true,"initType":"on-demand"}',
    );
    expect(parsed).toMatchObject({
      kind: 'emf',
      requestId: '4b142fc3-17b8-4cdb-a46b-a8dbe7918715',
      coldStart: true,
      initType: 'on-demand',
      metrics: [
        { namespace: 'Shop', name: 'OrdersPlaced', unit: 'Count', values: [3] },
        { namespace: 'Shop', name: 'ColdStart', unit: 'Count', values: [1] },
      ],
    });
  });

  it('reads aws-embedded-metrics (value arrays, the traceId header) and Powertools’ ColdStart document', () => {
    const awsEmf = parseLine(
      '{"LogGroup":"orders","ServiceName":"orders","ServiceType":"AWS::Lambda::Function","executionEnvironment":"AWS_Lambda_nodejs20.x","traceId":"Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1","Latency":[12,15.5],"_aws":{"Timestamp":1716222585009,"CloudWatchMetrics":[{"Dimensions":[["LogGroup","ServiceName","ServiceType"]],"Metrics":[{"Name":"Latency","Unit":"Milliseconds"}],"Namespace":"aws-embedded-metrics"}]}}',
    );
    expect(awsEmf).toMatchObject({
      kind: 'emf',
      xrayTraceId: '1-5759e988-bd862e3fe1be46a994272793',
      metrics: [{ namespace: 'aws-embedded-metrics', name: 'Latency', values: [12, 15.5] }],
    });
    const powertools = parseLine(
      '{"_aws":{"Timestamp":1716222585009,"CloudWatchMetrics":[{"Namespace":"Shop","Dimensions":[["service","function_name"]],"Metrics":[{"Name":"ColdStart","Unit":"Count"}]}]},"service":"orders","function_name":"orders","ColdStart":1}',
    );
    expect(powertools).toMatchObject({ kind: 'emf', coldStart: true, functionName: 'orders' });
  });

  it('reads an EMF document printed through console.log in Text format, naming the request from the prefix', () => {
    const parsed = parseLine(
      '2024-11-29T02:10:03.161Z\t6bc28136-xmpl-4365-b021-0ce6b2e64ab0\tINFO\t{"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Namespace":"N","Dimensions":[[]],"Metrics":[{"Name":"M"}]}]},"M":2}',
    );
    expect(parsed).toMatchObject({
      kind: 'emf',
      requestId: '6bc28136-xmpl-4365-b021-0ce6b2e64ab0',
      metrics: [{ name: 'M', values: [2] }],
    });
  });
});
