import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLineCoalescer, MAX_PENDING_CHARS } from '../../src/output/create-line-coalescer.js';

function capture() {
  const chunks: string[] = [];
  const tasks: (() => void)[] = [];
  const lines = createLineCoalescer(
    (chunk) => chunks.push(chunk),
    (task) => tasks.push(task),
  );
  const runTasks = (): void => {
    for (const task of tasks.splice(0)) task();
  };
  return { chunks, tasks, lines, runTasks };
}

describe('createLineCoalescer', () => {
  it('writes the lines of one turn with one call, in order, when flushed', () => {
    const { chunks, tasks, lines } = capture();
    lines.write('{"a":1}\n');
    lines.write('{"b":2}\n');
    expect(chunks).toEqual([]);
    expect(tasks).toHaveLength(1);
    lines.flush();
    expect(chunks).toEqual(['{"a":1}\n{"b":2}\n']);
    lines.flush();
    expect(chunks).toHaveLength(1);
  });

  it('writes what is left when the turn ends, scheduling once per turn', () => {
    const { chunks, tasks, lines, runTasks } = capture();
    lines.write('{"a":1}\n');
    lines.write('{"b":2}\n');
    runTasks();
    expect(chunks).toEqual(['{"a":1}\n{"b":2}\n']);
    lines.write('{"c":3}\n');
    expect(tasks).toHaveLength(1);
    lines.flush();
    // The turn's scheduled flush finds nothing left and writes nothing.
    runTasks();
    expect(chunks).toEqual(['{"a":1}\n{"b":2}\n', '{"c":3}\n']);
  });

  it('writes at once when a turn has queued more than the limit', () => {
    const { chunks, lines } = capture();
    const big = `{"x":"${'y'.repeat(MAX_PENDING_CHARS)}"}\n`;
    lines.write('{"a":1}\n');
    lines.write(big);
    expect(chunks).toEqual([`{"a":1}\n${big}`]);
  });

  it('loses, reorders and splits no line, whatever the mix of writes, flushes and turn ends', () => {
    type Step = { kind: 'write'; text: string } | { kind: 'flush' } | { kind: 'turn' };
    const step = fc.oneof(
      fc.string({ maxLength: 20 }).map((text): Step => ({ kind: 'write', text })),
      fc.constant<Step>({ kind: 'flush' }),
      fc.constant<Step>({ kind: 'turn' }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const { chunks, lines, runTasks } = capture();
        const written: string[] = [];
        for (const current of steps) {
          if (current.kind === 'write') {
            const line = `${JSON.stringify({ text: current.text })}\n`;
            written.push(line);
            lines.write(line);
          } else if (current.kind === 'flush') lines.flush();
          else runTasks();
        }
        lines.flush();
        expect(chunks.every((chunk) => chunk.endsWith('\n'))).toBe(true);
        expect(chunks.join('')).toBe(written.join(''));
      }),
    );
  });
});
