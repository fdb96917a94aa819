import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { toDrawnValues } from '../../src/terminal/dashboard-screen.js';
import { toKeyName } from '../../src/terminal/key-name.js';
import { captureOutput } from '../../src/terminal/output-capture.js';
import { toScreenOutput } from '../../src/terminal/screen-output.js';

describe('catching stray output while the screen is up', () => {
  it('turns every write into lines for the events pane, and puts the streams back', () => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const written: string[] = [];
    stdout.on('data', (chunk: Buffer) => written.push(chunk.toString()));
    const originalWrite = stdout.write;
    const lines: [string, number][] = [];
    const capture = captureOutput([stdout, stderr], (line, index) => lines.push([line, index]));
    stdout.write('a warning from a library\nand half');
    stderr.write(Buffer.from('(node:1) DeprecationWarning: x\n'));
    stdout.write(' a line\n\n');
    let called = false;
    expect(stdout.write('with a callback\n', () => (called = true))).toBe(true);
    // The screen's own output goes through the stream's own write.
    capture.originalWrite(stdout)?.('\x1b[?1049h');
    stdout.write('not finished');
    capture.restore();
    expect(lines).toEqual([
      ['a warning from a library', 0],
      ['(node:1) DeprecationWarning: x', 1],
      ['and half a line', 0],
      ['with a callback', 0],
      ['not finished', 0],
    ]);
    expect(written.join('')).toBe('\x1b[?1049h');
    expect(stdout.write).toBe(originalWrite);
    return new Promise<void>((resolve) => queueMicrotask(() => resolve())).then(() => expect(called).toBe(true));
  });

  it('gives blessed the real stream with only its write swapped', () => {
    const target = Object.assign(new PassThrough(), { columns: 120, rows: 40, isTTY: true });
    const writes: string[] = [];
    const output = toScreenOutput(target, (chunk) => {
      writes.push(String(chunk));
      return true;
    });
    output.write('frame');
    expect(writes).toEqual(['frame']);
    expect([output.columns, output.rows, output.isTTY]).toEqual([120, 40, true]);
    let resized = false;
    output.on('resize', () => (resized = true));
    target.emit('resize');
    expect(resized).toBe(true);
  });
});

describe('keys and charts at the edge of blessed', () => {
  it.each([
    [undefined, { name: 'up' }, 'up'],
    [undefined, { name: 'enter' }, 'enter'],
    ['\r', { name: 'return' }, undefined],
    ['\n', { name: 'linefeed' }, 'enter'],
    [undefined, { name: 'escape' }, 'escape'],
    ['\x03', { name: 'c', ctrl: true }, 'ctrl-c'],
    ['\x01', { name: 'a', ctrl: true }, undefined],
    ['q', { name: 'q' }, 'q'],
    ['?', undefined, '?'],
    ['$', undefined, '$'],
    ['G', { name: 'g', shift: true }, 'G'],
    ['\x1bx', { name: 'x', meta: true }, undefined],
  ])('%j %j → %s', (ch, key, expected) => {
    expect(toKeyName(ch, key)).toBe(expected);
  });

  it('draws a bucket without data at the last known value, never as a drop to zero', () => {
    expect(toDrawnValues([null, null, 12, null, 15, null])).toEqual([12, 12, 12, 12, 15, 15]);
    expect(toDrawnValues([null, null])).toEqual([0, 0]);
    expect(toDrawnValues([0, 3])).toEqual([0, 3]);
  });
});
