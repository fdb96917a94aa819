import { describe, expect, it } from 'vitest';
import { parseLine } from '../../src/core/parse/parse-line.js';
import type { ReportFields } from '../../src/core/parse/parsed-line.js';

interface ReportCase {
  readonly source: string;
  readonly line: string;
  readonly requestId: string | undefined;
  readonly fields: ReportFields;
}

// Real REPORT lines, verbatim (TABs as \t where the source was JSON), each with where it was published.
const REPORTS: readonly ReportCase[] = [
  {
    source: 'AWS Lambda developer guide (awsdocs/aws-lambda-developer-guide): XRAY flattened onto the line',
    line: 'REPORT RequestId: c793869b-ee49-115b-a5b6-4fd21e8dedac\tDuration: 128.83 ms\tBilled Duration: 200 ms\tMemory Size: 128 MB\tMax Memory Used: 74 MB\tInit Duration: 166.62 ms\tXRAY TraceId: 1-5d9d007f-0a8c7fd02xmpl480aed55ef0\tSegmentId: 3d752xmpl1bbe37e\tSampled: true',
    requestId: 'c793869b-ee49-115b-a5b6-4fd21e8dedac',
    fields: {
      durationMs: 128.83,
      billedDurationMs: 200,
      memorySizeMb: 128,
      maxMemoryUsedMb: 74,
      initDurationMs: 166.62,
      xrayTraceId: '1-5d9d007f-0a8c7fd02xmpl480aed55ef0',
      xraySegmentId: '3d752xmpl1bbe37e',
      xraySampled: true,
    },
  },
  {
    source: 'AWS Lambda developer guide: runs of spaces instead of TABs, xmpl in the id',
    line: 'REPORT RequestId: 8f507cfc-xmpl-4697-b07a-ac58fc914c95  Duration: 15.74 ms  Billed Duration: 16 ms Memory Size: 128 MB Max Memory Used: 56 MB  Init Duration: 130.49 ms',
    requestId: '8f507cfc-xmpl-4697-b07a-ac58fc914c95',
    fields: { durationMs: 15.74, billedDurationMs: 16, memorySizeMb: 128, maxMemoryUsedMb: 56, initDurationMs: 130.49 },
  },
  {
    source: 'AWS Lambda developer guide: trailing TAB',
    line: 'REPORT RequestId: d1cf0ccb-xmpl-46e6-950d-04c96c9b1c5d\tDuration: 4157.16 ms\tBilled Duration: 4200 ms\tMemory Size: 256 MB\tMax Memory Used: 99 MB\tInit Duration: 841.60 ms\t',
    requestId: 'd1cf0ccb-xmpl-46e6-950d-04c96c9b1c5d',
    fields: {
      durationMs: 4157.16,
      billedDurationMs: 4200,
      memorySizeMb: 256,
      maxMemoryUsedMb: 99,
      initDurationMs: 841.6,
    },
  },
  {
    source: 'AWS Lambda developer guide: no trailing TAB, 512 MB',
    line: 'REPORT RequestId: 6bc28136-xmpl-4365-b021-0ce6b2e64ab0\tDuration: 198.50 ms\tBilled Duration: 200 ms\tMemory Size: 512 MB\tMax Memory Used: 90 MB\tInit Duration: 524.75 ms',
    requestId: '6bc28136-xmpl-4365-b021-0ce6b2e64ab0',
    fields: {
      durationMs: 198.5,
      billedDurationMs: 200,
      memorySizeMb: 512,
      maxMemoryUsedMb: 90,
      initDurationMs: 524.75,
    },
  },
  {
    source: 'AWS Lambda developer guide: Init Duration first, shortened id, 100 ms billing',
    line: 'REPORT RequestId: f8ac1208... Init Duration: 48.26 ms   Duration: 237.17 ms   Billed Duration: 300 ms   Memory Size: 128 MB   Max Memory Used: 26 MB',
    requestId: 'f8ac1208...',
    fields: {
      initDurationMs: 48.26,
      durationMs: 237.17,
      billedDurationMs: 300,
      memorySizeMb: 128,
      maxMemoryUsedMb: 26,
    },
  },
  {
    source: 'AWS Lambda developer guide (JSON message): a stray space before a TAB, trailing TAB',
    line: 'REPORT RequestId: 4ce9340a-b765-490f-ad8a-02ab3415e2bf\tDuration: 26.73 ms\tBilled Duration: 27 ms \tMemory Size: 128 MB\tMax Memory Used: 75 MB\t',
    requestId: '4ce9340a-b765-490f-ad8a-02ab3415e2bf',
    fields: { durationMs: 26.73, billedDurationMs: 27, memorySizeMb: 128, maxMemoryUsedMb: 75 },
  },
  {
    source: 'AWS Lambda developer guide (JSON message): odd memory size 192 MB',
    line: 'REPORT RequestId: 6234bffe-149a-b642-81ff-2e8e376d8aff\tDuration: 46.84 ms\tBilled Duration: 47 ms \tMemory Size: 192 MB\tMax Memory Used: 72 MB\t',
    requestId: '6234bffe-149a-b642-81ff-2e8e376d8aff',
    fields: { durationMs: 46.84, billedDurationMs: 47, memorySizeMb: 192, maxMemoryUsedMb: 72 },
  },
  {
    source: 'DataDog/datadog-serverless-functions test fixtures: Billed Duration below Duration on an old timeout',
    line: 'REPORT RequestId: 7c9567b5-107b-4a6c-8798-0157ac21db52\tDuration: 3003.16 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 48 MB\tInit Duration: 127.02 ms\t',
    requestId: '7c9567b5-107b-4a6c-8798-0157ac21db52',
    fields: {
      durationMs: 3003.16,
      billedDurationMs: 3000,
      memorySizeMb: 128,
      maxMemoryUsedMb: 48,
      initDurationMs: 127.02,
    },
  },
  {
    source: 'alexcasalboni/aws-lambda-power-tuning fixtures: SnapStart restore fields',
    line: 'REPORT RequestId: 55bc566d-1e2c-11e7-93e6-6705ceb4c1cc\tDuration: 469.40 ms\tBilled Duration: 500 ms\tMemory Size: 1024 MB\tMax Memory Used: 21 MB\tRestore Duration: 474.16 ms\tBilled Restore Duration: 75 ms',
    requestId: '55bc566d-1e2c-11e7-93e6-6705ceb4c1cc',
    fields: {
      durationMs: 469.4,
      billedDurationMs: 500,
      memorySizeMb: 1024,
      maxMemoryUsedMb: 21,
      restoreDurationMs: 474.16,
      billedRestoreDurationMs: 75,
    },
  },
  {
    source: 'astuyve.github.io blog: Status: timeout on the REPORT',
    line: 'REPORT RequestId: 13222b1e-f16b-4550-89df-869ab0a9806d\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 1024 MB\tMax Memory Used: 64 MB\tStatus: timeout',
    requestId: '13222b1e-f16b-4550-89df-869ab0a9806d',
    fields: { durationMs: 3000, billedDurationMs: 3000, memorySizeMb: 1024, maxMemoryUsedMb: 64, status: 'timeout' },
  },
  {
    source: 'astuyve.github.io blog: 12-hex id, single spaces, memory at the limit',
    line: 'REPORT RequestId: 43e50939ce8c Duration: 3296.38 ms Billed Duration: 3297 ms Memory Size: 128 MB Max Memory Used: 128 MB',
    requestId: '43e50939ce8c',
    fields: { durationMs: 3296.38, billedDurationMs: 3297, memorySizeMb: 128, maxMemoryUsedMb: 128 },
  },
  {
    source: 'https://github.com/DataBiosphere/azul/issues/8140 (2026): Status: timeout, no Task timed out line',
    line: 'REPORT RequestId: 4725a167-21a7-5731-99c2-c3d0e3dfd770\tDuration: 180000.00 ms\tBilled Duration: 180000 ms\tMemory Size: 1280 MB\tMax Memory Used: 1201 MB\tStatus: timeout',
    requestId: '4725a167-21a7-5731-99c2-c3d0e3dfd770',
    fields: {
      durationMs: 180000,
      billedDurationMs: 180000,
      memorySizeMb: 1280,
      maxMemoryUsedMb: 1201,
      status: 'timeout',
    },
  },
  {
    source: 'https://github.com/awslabs/aws-lambda-redshift-loader/issues/80 (2016): spaces, trailing space',
    line: 'REPORT RequestId: b47cde10-029a-11e6-b5d6-1f01b70b94b2  Duration: 120000.64 ms  Billed Duration: 120000 ms Memory Size: 128 MB  Max Memory Used: 23 MB  ',
    requestId: 'b47cde10-029a-11e6-b5d6-1f01b70b94b2',
    fields: { durationMs: 120000.64, billedDurationMs: 120000, memorySizeMb: 128, maxMemoryUsedMb: 23 },
  },
  {
    source: 'https://github.com/apex/up/issues/663 (2018): stray space before TAB',
    line: 'REPORT RequestId: fb63a8b6-599d-11e8-a437-911ac44bc0b4\tDuration: 18018.26 ms\tBilled Duration: 18000 ms \tMemory Size: 512 MB\tMax Memory Used: 82 MB\t',
    requestId: 'fb63a8b6-599d-11e8-a437-911ac44bc0b4',
    fields: { durationMs: 18018.26, billedDurationMs: 18000, memorySizeMb: 512, maxMemoryUsedMb: 82 },
  },
  {
    source: 'public GitHub notes (code-search id 27362830499, 2025): 10239 MB, OOM with Init Duration',
    line: 'REPORT RequestId: 806ab12b-e660-4a4a-8d9a-eee01e457f98\tDuration: 376256.59 ms\tBilled Duration: 376257 ms\tMemory Size: 10239 MB\tMax Memory Used: 10239 MB\tInit Duration: 551.73 ms\tStatus: error\tError Type: Runtime.OutOfMemory',
    requestId: '806ab12b-e660-4a4a-8d9a-eee01e457f98',
    fields: {
      durationMs: 376256.59,
      billedDurationMs: 376257,
      memorySizeMb: 10239,
      maxMemoryUsedMb: 10239,
      initDurationMs: 551.73,
      status: 'error',
      errorType: 'Runtime.OutOfMemory',
    },
  },
  {
    source: 'lambda-platform-logs.md: a redacted id glued to the next key',
    line: 'REPORT RequestId:*Duration: 12.34 ms\tBilled Duration: 100 ms\tMemory Size: 6000 MB\tMax Memory Used: 2688 MB',
    requestId: undefined,
    fields: { durationMs: 12.34, billedDurationMs: 100, memorySizeMb: 6000, maxMemoryUsedMb: 2688 },
  },
];

describe('parseLine on real REPORT lines', () => {
  it.each(REPORTS)('$source', ({ line, requestId, fields }) => {
    const parsed = parseLine(line);
    expect(parsed.kind).toBe('report');
    if (parsed.kind !== 'report') return;
    expect(parsed.requestId).toBe(requestId);
    expect(parsed.fields).toEqual(fields);
  });

  it('reads the JSON-format platform.report, status and missing fields as missing', () => {
    // DataDog/datadog-serverless-functions fixtures (2024): a timeout in JSON format.
    const timeout = parseLine(
      '{"time": "2024-10-18T19:38:39.661Z", "type": "platform.report", "record": {"requestId": "b441820a-ebe5-4d5f-93bc-f945707b0225", "metrics": {"durationMs": 30000.0, "billedDurationMs": 30000, "memorySizeMB": 128, "maxMemoryUsedMB": 74, "initDurationMs": 985.413}, "status": "timeout"}}',
    );
    expect(timeout).toEqual({
      kind: 'report',
      requestId: 'b441820a-ebe5-4d5f-93bc-f945707b0225',
      timeMs: Date.parse('2024-10-18T19:38:39.661Z'),
      fields: {
        durationMs: 30000,
        billedDurationMs: 30000,
        memorySizeMb: 128,
        maxMemoryUsedMb: 74,
        initDurationMs: 985.413,
        status: 'timeout',
      },
    });
    // Lambda Managed Instances report only a duration: nothing else may appear as zero.
    const managed = parseLine(
      '{"time":"2026-03-19T00:00:00.000Z","type":"platform.report","record":{"requestId":"abc-123-def","status":"success","metrics":{"durationMs":12.34}}}',
    );
    expect(managed.kind === 'report' && managed.fields).toEqual({ durationMs: 12.34, status: 'success' });
  });

  it('reads a JSON-format out-of-memory report (Go test fixture, code-search id 70656763065)', () => {
    const parsed = parseLine(
      '{"time":"2022-10-12T00:05:50.000Z","type":"platform.report","record":{"requestId":"c2","status":"error","errorType":"Runtime.OutOfMemory","metrics":{"durationMs":800.1,"billedDurationMs":801,"memorySizeMB":128,"maxMemoryUsedMB":128}}}',
    );
    expect(parsed.kind === 'report' && parsed.fields.errorType).toBe('Runtime.OutOfMemory');
  });

  it('reads the XRAY part and the fields of a REPORT broken over lines as continuations', () => {
    expect(
      parseLine('XRAY TraceId: 1-5e34a614-10bdxmplf1fb44f07bc535a1   SegmentId: 07f5xmpl2d1f6f85 Sampled: true'),
    ).toEqual({
      kind: 'report-continuation',
      fields: {
        xrayTraceId: '1-5e34a614-10bdxmplf1fb44f07bc535a1',
        xraySegmentId: '07f5xmpl2d1f6f85',
        xraySampled: true,
      },
    });
    // A console copy (code-search id 43041629627) puts each field on its own line.
    expect(parseLine('Billed Duration: 10807 ms')).toEqual({
      kind: 'report-continuation',
      fields: { billedDurationMs: 10807 },
    });
    expect(parseLine('  Status: error  Error Type: Runtime.OutOfMemory')).toEqual({
      kind: 'report-continuation',
      fields: { status: 'error', errorType: 'Runtime.OutOfMemory' },
    });
  });

  it('calls a REPORT with no figure and no id malformed', () => {
    expect(parseLine('REPORT something went wrong').kind).toBe('malformed');
    expect(parseLine('REPORT').kind).toBe('malformed');
  });
});
