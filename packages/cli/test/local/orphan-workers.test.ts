import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertWorkerBuilt, eventually, fixture, isAlive } from './support/harness.js';

const parents: ChildProcess[] = [];

/** Starts a process running the harness and resolves with its workers' pids once they run. */
async function startParent(
  mode: 'busy' | 'busy-exit' | 'idle',
): Promise<{ parent: ChildProcess; workerPids: number[] }> {
  const parent = spawn(process.execPath, [fixture('harness-parent.mjs'), mode], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  parents.push(parent);
  parent.stdout?.setEncoding('utf8');
  let output = '';
  for await (const chunk of parent.stdout ?? []) {
    output += String(chunk);
    if (output.includes('\n')) break;
  }
  return { parent, workerPids: JSON.parse(output.trim()) as number[] };
}

beforeAll(assertWorkerBuilt);
afterEach(() => {
  for (const parent of parents.splice(0)) parent.kill('SIGKILL');
});

describe('no worker outlives the harness process', () => {
  it('on SIGTERM, even workers stuck in a busy loop', async () => {
    const { parent, workerPids } = await startParent('busy');
    expect(workerPids).toHaveLength(2);
    expect(workerPids.every(isAlive)).toBe(true);

    const exited = once(parent, 'exit');
    parent.kill('SIGTERM');
    const [code, signal] = await exited;

    // The harness gets out of the way: the signal still ends the process as it would have.
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGTERM' });
    expect(await eventually(() => workerPids.every((pid) => !isAlive(pid)), 5_000)).toBe(true);
  });

  it('on exit without close(), even workers stuck in a busy loop', async () => {
    const { parent, workerPids } = await startParent('busy-exit');
    expect(workerPids).toHaveLength(2);
    const [code] = await once(parent, 'exit');
    expect(code).toBe(0);
    expect(await eventually(() => workerPids.every((pid) => !isAlive(pid)), 5_000)).toBe(true);
  });

  it('on SIGKILL of the parent, idle workers leave when their channel closes', async () => {
    const { parent, workerPids } = await startParent('idle');
    expect(workerPids).toHaveLength(2);

    parent.kill('SIGKILL');
    await once(parent, 'exit');

    expect(await eventually(() => workerPids.every((pid) => !isAlive(pid)), 5_000)).toBe(true);
  });
});
