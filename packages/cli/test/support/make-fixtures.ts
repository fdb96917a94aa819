// Writes the golden tests' input logs (deterministic): `npx tsx` is not installed, so run it through vitest:
// UPDATE_FIXTURES=1 npx vitest run packages/cli/test/core/report-golden.test.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRandom } from './create-random.js';

const tailTime = (ms: number): string => `${new Date(ms).toISOString().slice(0, 23)}000+00:00`;

interface Line {
  readonly atMs: number;
  readonly text: string;
}

/**
 * Two functions in one custom log group, as `aws logs tail` prints it: `orders` moves from 512 MB to 1024 MB
 * halfway (a trade-off to compare), with cold starts and one timeout; `thumbs` has an environment whose memory
 * keeps growing until it runs out, and logs some errors at ERROR.
 */
export function makeTailFixture(): string {
  const random = createRandom(7);
  const lines: Line[] = [];
  const start = Date.UTC(2026, 6, 22, 3, 0, 0);
  const hex = (length: number): string => Array.from({ length }, () => Math.floor(random() * 16).toString(16)).join('');
  const id = (): string => `${hex(8)}-${hex(4)}-4${hex(3)}-8${hex(3)}-${hex(12)}`;
  const environments = new Map<string, { stream: string; busyUntil: number; memoryMb: number; sizeMb: number }[]>();
  const invoke = (
    fn: string,
    atMs: number,
    sizeMb: number,
    durationMs: number,
    options: { error?: boolean; timeout?: boolean; oom?: boolean } = {},
  ): void => {
    const pool = environments.get(fn) ?? [];
    environments.set(fn, pool);
    let env = pool.find((candidate) => candidate.busyUntil <= atMs && candidate.sizeMb === sizeMb);
    const cold = env === undefined;
    if (env === undefined) {
      env = {
        stream: `2026/07/22/${fn}[$LATEST]${hex(32)}`,
        busyUntil: 0,
        memoryMb: fn === 'thumbs' ? 300 : 80,
        sizeMb,
      };
      pool.push(env);
    }
    const requestId = id();
    const initMs = cold ? 180 + Math.round(random() * 300) : 0;
    const begin = atMs + initMs;
    const end = begin + durationMs;
    env.busyUntil = end + 1;
    if (fn === 'thumbs' && pool.indexOf(env) === 0) env.memoryMb = Math.min(sizeMb, env.memoryMb + 3);
    const used = options.oom === true ? sizeMb : env.memoryMb + Math.round(random() * 4);
    const at = (ms: number, text: string): void => {
      lines.push({ atMs: ms, text: `${tailTime(ms)} ${env?.stream} ${text}` });
    };
    if (cold)
      at(
        atMs,
        'INIT_START Runtime Version: nodejs:20.v48\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:adfa9c68b2b34ae1cba34f70c4369649bca17aea5fe29e10414b040bf256e6c6',
      );
    at(begin, `START RequestId: ${requestId} Version: $LATEST`);
    at(
      begin + 1,
      `${new Date(begin + 1).toISOString()}\t${requestId}\t${options.error === true ? 'ERROR' : 'INFO'}\t${options.error === true ? 'resize failed: unsupported format' : 'handled request'}`,
    );
    if (options.timeout === true)
      at(
        end,
        `${new Date(end).toISOString()} ${requestId} Task timed out after ${(durationMs / 1000).toFixed(2)} seconds`,
      );
    at(end, `END RequestId: ${requestId}`);
    const billed = Math.ceil(durationMs + initMs);
    const init = cold ? `\tInit Duration: ${initMs.toFixed(2)} ms` : '';
    const status =
      options.timeout === true
        ? '\tStatus: timeout'
        : options.oom === true
          ? '\tStatus: error\tError Type: Runtime.OutOfMemory'
          : '';
    at(
      end,
      `REPORT RequestId: ${requestId}\tDuration: ${durationMs.toFixed(2)} ms\tBilled Duration: ${billed} ms\tMemory Size: ${sizeMb} MB\tMax Memory Used: ${used} MB${init}${status}`,
    );
  };
  for (let index = 0; index < 160; index += 1) {
    const atMs = start + index * 3000 + Math.round(random() * 2000);
    const sizeMb = index < 80 ? 512 : 1024;
    const durationMs = (sizeMb === 512 ? 240 : 125) * (0.7 + random() * 0.6);
    invoke('orders', atMs, sizeMb, durationMs, { timeout: index === 40 });
    if (index % 4 === 0) invoke('orders', atMs + 5, sizeMb, durationMs * 1.1);
  }
  for (let index = 0; index < 90; index += 1) {
    invoke('thumbs', start + index * 5000, 2048, 900 + random() * 300, { error: index % 15 === 7, oom: index === 89 });
  }
  lines.sort((left, right) => left.atMs - right.atMs);
  return `${lines.map((line) => line.text).join('\n')}\n`;
}

export const FIXTURE_DIR = join(import.meta.dirname, '..', 'fixtures');

export function writeFixtures(): void {
  writeFileSync(join(FIXTURE_DIR, 'tail-two-functions.log'), makeTailFixture());
}
