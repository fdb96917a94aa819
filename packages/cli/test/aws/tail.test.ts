import { afterEach, describe, expect, test } from 'vitest';
import type { LocalAws } from '../../../../test/support/aws-local/index.js';
import { formatTailLine, toTailTimestamp, toTerminalSafe } from '../../src/aws/tail-line.js';
import { runLambdatop, seedFunction, startLocalCloudWatch } from './support/local-cloudwatch.js';

let aws: LocalAws | undefined;
afterEach(async () => {
  await aws?.close();
  aws = undefined;
});

const EVENT = {
  message: 'REPORT RequestId: 4b142fc3\tDuration: 2.01 ms\t\nXRAY TraceId: 1-5e61292c\t\n',
  logGroup: '/aws/lambda/orders',
  logStream: '2024/05/20/[$LATEST]8b8754041414437ca5b22b9106549a2f',
  timestampMs: Date.UTC(2026, 6, 22, 3, 52, 34, 157),
  eventId: '37000000000000000000000000000000000000000000000000000001',
  ingestionTimeMs: Date.UTC(2026, 6, 22, 3, 52, 35, 0),
};

describe('tail lines', () => {
  test("raw is aws logs tail's detailed format: microsecond time, stream, message without trailing whitespace", () => {
    expect(toTailTimestamp(EVENT.timestampMs)).toBe('2026-07-22T03:52:34.157000+00:00');
    expect(formatTailLine(EVENT, 'raw', false)).toBe(
      `2026-07-22T03:52:34.157000+00:00 ${EVENT.logStream} REPORT RequestId: 4b142fc3\tDuration: 2.01 ms\t\nXRAY TraceId: 1-5e61292c\n`,
    );
  });

  test('json carries every field, and escapes what it must', () => {
    expect(JSON.parse(formatTailLine(EVENT, 'json', true))).toEqual({
      logGroup: EVENT.logGroup,
      logStream: EVENT.logStream,
      timestamp: EVENT.timestampMs,
      eventId: EVENT.eventId,
      ingestionTime: EVENT.ingestionTimeMs,
      message: EVENT.message,
    });
    expect(formatTailLine({ message: '\u001b[2J' }, 'json', true)).not.toContain('\u001b');
  });

  test('on a terminal, a log line cannot drive it: escape sequences become visible text; a pipe gets the bytes', () => {
    const hostile = { ...EVENT, message: 'title\u001b]0;pwned\u0007 clear\u001b[2J red\u001b[31m\r' };
    const onScreen = formatTailLine(hostile, 'raw', true);
    const controls = [...onScreen].filter((char) => {
      const code = char.charCodeAt(0);
      return (code < 0x20 && char !== '\t' && char !== '\n') || (code >= 0x7f && code <= 0x9f);
    });
    expect(controls).toEqual([]);
    expect(onScreen).toContain('title\\x1b]0;pwned\\x07 clear\\x1b[2J red\\x1b[31m');
    expect(formatTailLine(hostile, 'raw', false)).toContain('\u001b[2J');
    expect(toTerminalSafe('a\tb\nc')).toBe('a\tb\nc');
  });
});

describe('tail and --insights with a log group that does not exist', () => {
  test('tail skips it with a warning and prints the others', async () => {
    aws = await startLocalCloudWatch();
    seedFunction(aws, { functionName: 'orders', startMs: Date.now() - 300_000, invocations: 3, spacingMs: 10_000 });
    aws.lambda.putFunction({ functionName: 'never-ran' });
    const run = await runLambdatop(aws, [
      'tail',
      '--function',
      'orders',
      '--function',
      'never-ran',
      '--format',
      'json',
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      'lambdatop: warning: Log group /aws/lambda/never-ran does not exist (a function that never ran has none).\n',
    );
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(aws.logs.eventsOf('/aws/lambda/orders').length);
  });

  test('report --insights finds the missing group by halves and reports the rest', async () => {
    aws = await startLocalCloudWatch();
    const now = Date.now();
    for (const [index, name] of ['a', 'b', 'c'].entries()) {
      seedFunction(aws, {
        functionName: name,
        startMs: now - 600_000,
        invocations: 4 + index,
        spacingMs: 20_000,
        seed: index + 1,
      });
    }
    aws.lambda.putFunction({ functionName: 'never-ran' });
    const args = ['report', '--function', 'a', '--function', 'b', '--function', 'never-ran', '--function', 'c'];
    const run = await runLambdatop(aws, [...args, '--insights', '--format', 'json', '--max-requests-per-second', '25']);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as { functions: { name: string; invocations: number }[]; warnings: string[] };
    expect(report.functions.map((fn) => [fn.name, fn.invocations])).toEqual([
      ['a', 4],
      ['b', 5],
      ['c', 6],
      ['never-ran', 0],
    ]);
    expect(report.warnings).toContain(
      'Log group /aws/lambda/never-ran does not exist (a function that never ran has none).',
    );
  });
});
