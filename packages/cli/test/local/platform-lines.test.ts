import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatEndLine,
  formatInitReportLine,
  formatInitStartLine,
  formatReportLine,
  formatRuntimeExitLine,
  formatStartLine,
  formatTimeoutLine,
  toBilledDurationMs,
} from '../../src/local/index.js';
import { toExitDescription } from '../../src/local/platform-lines.js';
import { readReport } from './support/report-figures.js';

// Real lines from public sources (AWS docs, `aws logs tail`, Datadog and blog fixtures), verbatim.
const REAL = {
  initStart:
    'INIT_START Runtime Version: nodejs:24.v48\tRuntime Version ARN: arn:aws:lambda:us-west-2::runtime:adfa9c68b2b34ae1cba34f70c4369649bca17aea5fe29e10414b040bf256e6c6',
  start: 'START RequestId: 43e50939ce8c Version: $LATEST',
  end: 'END RequestId: 43e50939ce8c',
  timeoutReport:
    'REPORT RequestId: 13222b1e-f16b-4550-89df-869ab0a9806d\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 1024 MB\tMax Memory Used: 64 MB\tStatus: timeout',
  warmReport:
    'REPORT RequestId: 4ce9340a-b765-490f-ad8a-02ab3415e2bf\tDuration: 26.73 ms\tBilled Duration: 27 ms \tMemory Size: 128 MB\tMax Memory Used: 75 MB\t\n',
  coldReport:
    'REPORT RequestId: 6bc28136-xmpl-4365-b021-0ce6b2e64ab0\tDuration: 198.50 ms\tBilled Duration: 200 ms\tMemory Size: 512 MB\tMax Memory Used: 90 MB\tInit Duration: 524.75 ms',
  timeoutLine: '2020-06-09T15:02:26.150Z 7c9567b5-107b-4a6c-8798-0157ac21db52 Task timed out after 3.00 seconds',
  crash: 'RequestId: 43e50939ce8c Error: Runtime exited with error: signal: killed Runtime.ExitError',
  initReport:
    'INIT_REPORT Init Duration: 150.79 ms\tPhase: init\tStatus: error\tError Type: Runtime.UserCodeSyntaxError',
} as const;

/** The field labels of a TAB-separated platform line, in order, with values blanked. */
function shape(line: string): string[] {
  return line
    .trimEnd()
    .split('\t')
    .map((field) =>
      field
        .replace(/[\d.]+ (ms|MB)/, '# $1')
        .replace(/RequestId: \S+/, 'RequestId: #')
        .trim(),
    );
}

describe('platform lines, compared with real ones', () => {
  it('INIT_START is byte for byte the real line', () => {
    expect(
      formatInitStartLine(
        'nodejs:24.v48',
        'arn:aws:lambda:us-west-2::runtime:adfa9c68b2b34ae1cba34f70c4369649bca17aea5fe29e10414b040bf256e6c6',
      ),
    ).toBe(REAL.initStart);
  });

  it('START and END are byte for byte the real lines', () => {
    expect(formatStartLine('43e50939ce8c', '$LATEST')).toBe(REAL.start);
    expect(formatEndLine('43e50939ce8c')).toBe(REAL.end);
  });

  it('a timeout REPORT is the real line plus the trailing TAB Lambda writes', () => {
    const line = formatReportLine({
      requestId: '13222b1e-f16b-4550-89df-869ab0a9806d',
      durationMs: 3000,
      memorySizeMb: 1024,
      maxMemoryUsedMb: 64,
      status: 'timeout',
    });
    expect(line).toBe(`${REAL.timeoutReport}\t`);
  });

  it('a warm REPORT has the real field order, TABs and decimals', () => {
    const line = formatReportLine({
      requestId: '4ce9340a-b765-490f-ad8a-02ab3415e2bf',
      durationMs: 26.73,
      memorySizeMb: 128,
      maxMemoryUsedMb: 75,
    });
    // The real line has a stray space after the billed figure; everything else is identical.
    expect(line).toBe(REAL.warmReport.replace(' \t', '\t').replace(/\n$/, ''));
  });

  it('a cold REPORT puts Init Duration after Max Memory Used, as Lambda does', () => {
    const line = formatReportLine({
      requestId: '6bc28136-xmpl-4365-b021-0ce6b2e64ab0',
      durationMs: 198.5,
      memorySizeMb: 512,
      maxMemoryUsedMb: 90,
      initDurationMs: 524.75,
    });
    expect(shape(line)).toEqual(shape(REAL.coldReport));
    // 2020's line billed in 100 ms steps; since August 2025 a cold start bills Duration + Init Duration.
    expect(line).toContain('\tBilled Duration: 724 ms\t');
    expect(line).toContain('\tDuration: 198.50 ms\t');
  });

  it('an OOM REPORT carries Status and Error Type after the figures', () => {
    const line = formatReportLine({
      requestId: 'b441820a-ebe5-4d5f-93bc-f945707b0225',
      durationMs: 3296.38,
      memorySizeMb: 128,
      maxMemoryUsedMb: 128,
      initDurationMs: 985.41,
      status: 'error',
      errorType: 'Runtime.OutOfMemory',
    });
    expect(line).toBe(
      'REPORT RequestId: b441820a-ebe5-4d5f-93bc-f945707b0225\tDuration: 3296.38 ms\tBilled Duration: 4282 ms\tMemory Size: 128 MB\tMax Memory Used: 128 MB\tInit Duration: 985.41 ms\tStatus: error\tError Type: Runtime.OutOfMemory\t',
    );
    expect(readReport(line)).toMatchObject({
      status: 'error',
      errorType: 'Runtime.OutOfMemory',
      billedDurationMs: 4282,
    });
  });

  it('the timeout line is byte for byte the real one, space-separated', () => {
    expect(
      formatTimeoutLine(Date.parse('2020-06-09T15:02:26.150Z'), '7c9567b5-107b-4a6c-8798-0157ac21db52', 3000),
    ).toBe(REAL.timeoutLine);
  });

  it('the crash report is the real text, its two lines in one event', () => {
    const line = formatRuntimeExitLine('43e50939ce8c', { code: null, signal: 'SIGKILL' });
    expect(line).toBe('RequestId: 43e50939ce8c Error: Runtime exited with error: signal: killed\nRuntime.ExitError');
    // Consoles flatten the newline to a space, which is how the published copy reads.
    expect(line.replace('\n', ' ')).toBe(REAL.crash);
  });

  it('INIT_REPORT is byte for byte the real line', () => {
    expect(
      formatInitReportLine({
        initDurationMs: 150.79,
        phase: 'init',
        status: 'error',
        errorType: 'Runtime.UserCodeSyntaxError',
      }),
    ).toBe(REAL.initReport);
    expect(formatInitReportLine({ initDurationMs: 9999.79, phase: 'init', status: 'timeout' })).toBe(
      'INIT_REPORT Init Duration: 9999.79 ms\tPhase: init\tStatus: timeout',
    );
  });

  it.each([
    [{ code: 1, signal: null }, 'exit status 1'],
    [{ code: 129, signal: null }, 'exit status 129'],
    [{ code: null, signal: 'SIGKILL' }, 'signal: killed'],
    [{ code: null, signal: 'SIGABRT' }, 'signal: aborted'],
    [{ code: null, signal: 'SIGSEGV' }, 'signal: segmentation fault'],
  ] as const)('describes the exit %o as "%s"', (exit, description) => {
    expect(toExitDescription(exit)).toBe(description);
  });
});

describe('Billed Duration', () => {
  it.each([
    [26.73, undefined, 27],
    [3000, undefined, 3000],
    [0.004, undefined, 1],
    [12.001, undefined, 12],
    [12.006, undefined, 13],
    [12.004, undefined, 12],
    [198.5, 524.75, 724],
    [1.3, 10, 12],
  ])('bills %f ms (init %s) as %i ms', (durationMs, initDurationMs, billed) => {
    expect(toBilledDurationMs(durationMs, initDurationMs)).toBe(billed);
  });

  it('is the printed duration (plus init) rounded up: never less, under a ms more, 1 ms at least', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 900_000, noNaN: true }),
        fc.option(fc.double({ min: 0, max: 10_000, noNaN: true }), { nil: undefined }),
        (durationMs, initDurationMs) => {
          const line = formatReportLine({
            requestId: 'r',
            durationMs,
            memorySizeMb: 128,
            maxMemoryUsedMb: 1,
            initDurationMs,
          });
          const shown = Number(/Duration: ([\d.]+) ms/.exec(line)?.[1]);
          const shownInit = initDurationMs === undefined ? 0 : Number(/Init Duration: ([\d.]+) ms/.exec(line)?.[1]);
          const billed = toBilledDurationMs(durationMs, initDurationMs);
          const exact = Number((shown + shownInit).toFixed(2));
          expect(Number.isInteger(billed)).toBe(true);
          expect(billed).toBeGreaterThanOrEqual(Math.max(1, exact));
          if (billed > 1) expect(billed - exact).toBeLessThan(1);
          expect(line).toContain(`\tBilled Duration: ${billed} ms\t`);
        },
      ),
    );
  });
});
