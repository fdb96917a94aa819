import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import type { CommandIo } from '../../src/commands/command.js';
import { COMMANDS, DEFAULT_COMMAND_NAME, findCommand } from '../../src/commands/registry.js';

function memoryIo(
  input: string,
  nowMs: number,
): { io: Partial<CommandIo>; stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  const sink = (append: (text: string) => void): Writable =>
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        append(chunk.toString());
        done();
      },
    });
  return {
    io: {
      stdin: Object.assign(Readable.from([Buffer.from(input)]), { isTTY: false }),
      stdout: sink((text) => {
        out += text;
      }),
      stderr: sink((text) => {
        err += text;
      }),
      now: () => nowMs,
      stdoutIsTty: false,
      columns: undefined,
      env: {},
    },
    stdout: () => out,
    stderr: () => err,
  };
}

const line = (iso: string, message: string): string =>
  JSON.stringify({ logGroup: '/aws/lambda/orders', logStream: 's', timestamp: Date.parse(iso), message });

describe('runCli in-process, with stdin, stdout and the clock passed in', () => {
  it('reads JSON lines from stdin and applies a relative --since against the given clock', async () => {
    const input = [
      line(
        '2026-07-22T03:00:00Z',
        'REPORT RequestId: 11111111-0000-4000-8000-000000000001\tDuration: 5.00 ms\tBilled Duration: 5 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB',
      ),
      line(
        '2026-07-22T03:50:00Z',
        'REPORT RequestId: 11111111-0000-4000-8000-000000000002\tDuration: 7.00 ms\tBilled Duration: 7 ms\tMemory Size: 128 MB\tMax Memory Used: 41 MB',
      ),
    ].join('\n');
    const { io, stdout, stderr } = memoryIo(input, Date.parse('2026-07-22T04:00:00Z'));
    const code = await runCli(['report', '--since', '30m', '--format', 'json'], io);
    expect({ code, stderr: stderr() }).toEqual({ code: 0, stderr: '' });
    const report = JSON.parse(stdout()) as {
      functions: { name: string; invocations: number; durationMs: { max: number } }[];
    };
    expect(report.functions).toHaveLength(1);
    expect(report.functions[0]).toMatchObject({ name: 'orders', invocations: 1, durationMs: { max: 7 } });
  });

  it('refuses to wait on a terminal when no input is given', async () => {
    const { io, stderr } = memoryIo('', 0);
    const code = await runCli(['report'], { ...io, stdin: Object.assign(Readable.from([]), { isTTY: true }) });
    expect(code).toBe(2);
    expect(stderr()).toBe(
      'lambdatop: no input: give log files, - to read a pipe (aws logs tail … | lambdatop report -), or --function NAME to read CloudWatch\n',
    );
  });
});

describe('the command registry', () => {
  it('lists each command by the name and summary its own module gives it, loaded only when asked', async () => {
    for (const entry of COMMANDS) {
      const command = await entry.load();
      expect({ name: command.name, summary: command.summary }).toEqual({ name: entry.name, summary: entry.summary });
    }
    expect(findCommand(DEFAULT_COMMAND_NAME)?.name).toBe('watch');
    expect(findCommand('nope')).toBeUndefined();
  });
});
