import { EventEmitter } from 'node:events';
import { PassThrough, Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import type { DashboardSource, SourceBatch } from '../../src/dashboard/dashboard-source.js';
import { runDashboard } from '../../src/terminal/run-dashboard.js';
import { invocationEvents, requestIdOf } from '../dashboard/support/lambda-lines.js';

/** A terminal in memory: what blessed writes is kept, to look for the sequences that restore the real one. */
class MemoryTerminal extends Writable {
  readonly isTTY = true;
  readonly columns = 120;
  readonly rows = 40;
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

class MemoryKeyboard extends PassThrough {
  readonly isTTY = true;
  isRaw = false;
  setRawMode(raw: boolean): this {
    this.isRaw = raw;
    return this;
  }
}

function collect(): { stream: Writable; text: () => string } {
  let text = '';
  return {
    stream: new Writable({
      write(chunk: Buffer, _encoding, done) {
        text += chunk.toString('utf8');
        done();
      },
    }),
    text: () => text,
  };
}

/** Invocations of one function, one batch every `everyMs`, until `count` batches (then it ends, or fails). */
function tickingSource(count: number, everyMs: number, failWith?: Error): DashboardSource {
  return {
    label: 'test source',
    clock: 'events',
    batches: (async function* (): AsyncGenerator<SourceBatch> {
      for (let index = 0; index < count; index += 1) {
        yield {
          events: invocationEvents({
            functionName: 'ticker',
            environment: 'a'.repeat(32),
            requestId: requestIdOf(index, 31),
            startMs: Date.UTC(2026, 6, 22) + index * 1_000,
            durationMs: 10 + index,
            memorySizeMb: 128,
            maxMemoryUsedMb: 40,
          }),
        };
        await sleep(everyMs);
      }
      if (failWith !== undefined) throw failWith;
    })(),
  };
}

/**
 * The text blessed drew, roughly as it shows: a cursor step right (`ESC [ n C`, how it skips unchanged blanks) is n
 * spaces, every other control sequence is dropped. Enough to find a drawn phrase in the bytes.
 */
function drawnText(bytes: string): string {
  const escapeChar = String.fromCharCode(27);
  return bytes
    .split(escapeChar)
    .map((part, index) => {
      if (index === 0) return part;
      const step = /^\[(\d*)C/.exec(part);
      if (step !== null) return ' '.repeat(Number(step[1] || '1')) + part.slice(step[0].length);
      const csi = /^\[[0-9;?]*[A-Za-z]/.exec(part);
      if (csi !== null) return part.slice(csi[0].length);
      return part.replace(/^(\([0B]|[78=>])/, '');
    })
    .join('');
}

/** The screen's way back: leave the alternate screen, show the cursor. */
const RESTORED = ['\x1b[?1049l', '\x1b[?25h'];

function session(source: DashboardSource) {
  const output = new MemoryTerminal();
  const input = new MemoryKeyboard();
  const errors = collect();
  const stdout = collect();
  const processEvents = new EventEmitter();
  const exit = runDashboard({
    source,
    input,
    output,
    errorOutput: errors.stream,
    captured: [stdout.stream],
    processEvents,
  });
  return { output, input, errors, stdout, processEvents, exit };
}

describe('the dashboard session, in memory', () => {
  it('an uncaught error: the terminal restored first, then one line, exit 1', async () => {
    const run = session(tickingSource(1_000, 20));
    await sleep(400);
    run.processEvents.emit('uncaughtException', new Error('boom'));
    const exit = await run.exit;
    expect(exit).toMatchObject({ exitCode: 1, reason: 'error' });
    expect(run.errors.text()).toBe('lambdatop: internal error: boom (please report it)\n');
    const restoredAt = Math.max(...RESTORED.map((sequence) => run.output.text.lastIndexOf(sequence)));
    expect(RESTORED.every((sequence) => run.output.text.includes(sequence))).toBe(true);
    // Nothing drawn after the restore.
    expect(run.output.text.slice(restoredAt)).not.toContain('ticker');
    expect(run.input.isRaw).toBe(false);
    expect(run.processEvents.listenerCount('uncaughtException')).toBe(0);
    expect(run.processEvents.listenerCount('SIGTERM')).toBe(0);
  });

  it('a source that fails: restored, one line naming it, exit 1', async () => {
    const run = session(tickingSource(3, 10, new Error('connection reset')));
    const exit = await run.exit;
    expect(exit).toMatchObject({ exitCode: 1, reason: 'source-error' });
    expect(run.errors.text()).toBe('lambdatop: the source failed: connection reset\n');
    expect(RESTORED.every((sequence) => run.output.text.includes(sequence))).toBe(true);
  });

  it('SIGINT from outside (not the Ctrl-C key): restored, exit 130, no line', async () => {
    const run = session(tickingSource(1_000, 20));
    await sleep(300);
    run.processEvents.emit('SIGINT');
    const exit = await run.exit;
    expect(exit).toMatchObject({ exitCode: 130, reason: 'SIGINT' });
    expect(run.errors.text()).toBe('');
  });

  it('catches stray writes while up (to the events pane), lets them through again after', async () => {
    const run = session(tickingSource(2, 10));
    await sleep(300);
    run.stdout.stream.write('a library talking\n');
    // The next frame shows it (a tick or two away), however late a loaded machine draws it.
    await vi.waitFor(() => expect(drawnText(run.output.text)).toContain('output: a library talking'), {
      timeout: 10_000,
      interval: 50,
    });
    expect(run.stdout.text()).toBe('');
    run.input.write('q');
    const exit = await run.exit;
    expect(exit).toMatchObject({ exitCode: 0, reason: 'quit' });
    run.stdout.stream.write('after\n');
    expect(run.stdout.text()).toBe('after\n');
  });

  it('draws at most four frames a second and skips frames equal to the last', async () => {
    // A new invocation every 20 ms for about half a second: the data changes far more often than frames are drawn.
    const run = session(tickingSource(30, 20));
    const startedAt = performance.now();
    await sleep(2_500);
    run.input.write('q');
    const { stats } = await run.exit;
    const seconds = (performance.now() - startedAt) / 1000;
    expect(stats.framesRendered).toBeGreaterThan(2);
    // Frames are at least 250 ms apart by the clock: a loaded machine only draws fewer in the seconds it measured.
    expect(stats.framesRendered + stats.framesSkipped).toBeLessThanOrEqual(Math.ceil(seconds * 4) + 2);
    // After the source ended the view stood still: those ticks were skipped.
    expect(stats.framesSkipped).toBeGreaterThan(0);
    expect(stats.events).toBe(30 * 3);
  });
});
