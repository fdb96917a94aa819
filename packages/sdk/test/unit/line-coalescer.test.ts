import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLineCoalescer, MAX_PENDING_CHARS } from '../../src/output/create-line-coalescer.js';

function capture() {
  const chunks: string[] = [];
  const lines = createLineCoalescer((chunk) => chunks.push(chunk));
  return { chunks, lines };
}

describe('createLineCoalescer', () => {
  it('writes each line at once when not held, so a process killed right after still has it out', () => {
    const { chunks, lines } = capture();
    lines.write('{"a":1}\n');
    expect(chunks).toEqual(['{"a":1}\n']);
    lines.write('{"b":2}\n');
    expect(chunks).toEqual(['{"a":1}\n', '{"b":2}\n']);
  });

  it('joins the lines written between hold and flush into one write, in order, then writes through again', () => {
    const { chunks, lines } = capture();
    lines.hold();
    lines.write('{"a":1}\n');
    lines.write('{"b":2}\n');
    expect(chunks).toEqual([]);
    lines.flush();
    expect(chunks).toEqual(['{"a":1}\n{"b":2}\n']);
    lines.flush();
    lines.write('{"c":3}\n');
    expect(chunks).toEqual(['{"a":1}\n{"b":2}\n', '{"c":3}\n']);
  });

  it('writes at once when a hold has queued more than the limit', () => {
    const { chunks, lines } = capture();
    const big = `{"x":"${'y'.repeat(MAX_PENDING_CHARS)}"}\n`;
    lines.hold();
    lines.write('{"a":1}\n');
    lines.write(big);
    expect(chunks).toEqual([`{"a":1}\n${big}`]);
  });

  it('loses, reorders and splits no line, whatever the mix of writes, holds and flushes', () => {
    type Step = { kind: 'write'; text: string } | { kind: 'hold' } | { kind: 'flush' };
    const step = fc.oneof(
      fc.string({ maxLength: 20 }).map((text): Step => ({ kind: 'write', text })),
      fc.constant<Step>({ kind: 'hold' }),
      fc.constant<Step>({ kind: 'flush' }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const { chunks, lines } = capture();
        const written: string[] = [];
        let held = false;
        for (const current of steps) {
          if (current.kind === 'write') {
            const line = `${JSON.stringify({ text: current.text })}\n`;
            written.push(line);
            lines.write(line);
            // Outside a hold nothing may wait: everything written so far is out.
            if (!held) expect(chunks.join('')).toBe(written.join(''));
          } else if (current.kind === 'hold') {
            lines.hold();
            held = true;
          } else {
            lines.flush();
            held = false;
          }
        }
        lines.flush();
        expect(chunks.every((chunk) => chunk.endsWith('\n'))).toBe(true);
        expect(chunks.join('')).toBe(written.join(''));
      }),
    );
  });
});
