import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createFdWriter } from '../../src/output/create-fd-writer.js';
import { bundleFixture } from '../support/built-sdk.js';

// The writer is internal: the fixture is bundled from src/ rather than loaded from the published runtime.
const FIXTURE = bundleFixture(fileURLToPath(new URL('../fixtures/write-many-lines.mjs', import.meta.url)));

describe('the fd writer', () => {
  it('delivers every line whole through a full, non-blocking stdout pipe', async () => {
    const child = spawn(process.execPath, [FIXTURE, '40', '60000'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.pause();
    // A reader that falls behind: the 64 KB pipe fills long before it drains.
    setTimeout(() => child.stdout.resume(), 250);
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const exitCode = await new Promise((resolve) => child.on('close', resolve));
    expect(exitCode).toBe(0);
    expect(stderr).toContain('FAILURES []');
    const lines = stdout.split('\n').filter((line) => line !== '');
    expect(lines).toHaveLength(40);
    expect(lines.map((line) => (JSON.parse(line) as { index: number; payload: string }).index)).toEqual(
      Array.from({ length: 40 }, (_, index) => index),
    );
    expect(lines.every((line) => (JSON.parse(line) as { payload: string }).payload.length === 60000)).toBe(true);
  });

  it('delivers lines that fit its reused buffer whole, multi-byte characters included', async () => {
    // 20,000 'é' is 40,000 bytes: under the 64 KB buffer, so no line gets its own allocation.
    const child = spawn(process.execPath, [FIXTURE, '30', '20000'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
    });
    expect(await new Promise((resolve) => child.on('close', resolve))).toBe(0);
    const lines = stdout.split('\n').filter((line) => line !== '');
    expect(lines.map((line) => (JSON.parse(line) as { payload: string }).payload)).toEqual(
      Array.from({ length: 30 }, () => 'é'.repeat(20000)),
    );
  });

  it('reports a write to a descriptor that is not open instead of throwing', () => {
    // Far above any open descriptor; a just-closed one could be reused by another file meanwhile.
    const fd = 1_000_000;
    const failures: unknown[] = [];
    const write = createFdWriter(fd, (error) => failures.push((error as { code?: string }).code));
    expect(() => write('{"a":1}\n')).not.toThrow();
    write('{"a":2}\n');
    expect(failures).toEqual(['EBADF', 'EBADF']);
  });
});
