import { writeFileSync } from 'node:fs';
import {
  type InvocationSpec,
  invocationEvents,
  requestIdOf,
  toTimeOrder,
} from '../../dashboard/support/lambda-lines.js';

export const FIXTURE_START_MS = Date.UTC(2026, 6, 22, 3, 0, 0);
export const TRACE_ID = '1-6b02a5b8-935a8610b02fac6f15396f07';
/** What an attacker (or a careless logger) might write: a title change, a screen clear, colour, blessed markup. */
export const HOSTILE_TEXT = 'charge failed \x1b]0;pwned\x07 \x1b[2J \x1b[31mRED\x1b[0m {red-fg}tag{/red-fg}';
export const HOSTILE_REQUEST_ID = requestIdOf(17, 5);

/**
 * Four minutes of four functions, as JSON lines {logGroup, logStream, timestamp, message}: a busy API, a payments
 * function that fails, times out and logs escape sequences, a slow image function that runs out of memory once, and
 * a function whose name holds blessed markup.
 */
export function fixtureSpecs(): InvocationSpec[] {
  const api = Array.from({ length: 240 }, (_, index) => ({
    functionName: 'orders-api',
    environment: (index % 4).toString(16).repeat(32),
    requestId: requestIdOf(index),
    startMs: FIXTURE_START_MS + index * 1_000,
    durationMs: 20 + ((index * 7) % 40),
    memorySizeMb: 256,
    maxMemoryUsedMb: 70 + (index % 20),
    ...(index < 4 ? { initDurationMs: 210 + index } : {}),
  }));
  const payments = Array.from({ length: 40 }, (_, index) => ({
    functionName: 'payments',
    environment: 'b'.repeat(32),
    requestId: requestIdOf(index, 5),
    startMs: FIXTURE_START_MS + 300 + index * 6_000,
    durationMs: index % 20 === 9 ? 2_000 : 150 + index * 3,
    memorySizeMb: 128,
    maxMemoryUsedMb: 90,
    xrayTraceId: TRACE_ID,
    ...(index % 20 === 9 ? { timeoutSeconds: 2 } : {}),
    ...(index % 10 === 7
      ? { appLines: [{ level: 'ERROR' as const, message: index === 17 ? HOSTILE_TEXT : 'card declined' }] }
      : {}),
  }));
  const thumbs = Array.from({ length: 20 }, (_, index) => ({
    functionName: 'thumbs',
    environment: 'c'.repeat(32),
    requestId: requestIdOf(index, 8),
    startMs: FIXTURE_START_MS + 700 + index * 12_000,
    durationMs: 800 + index * 20,
    memorySizeMb: 1024,
    maxMemoryUsedMb: index === 19 ? 1024 : 300 + index,
    ...(index === 19 ? { outOfMemory: true } : {}),
  }));
  const markup = Array.from({ length: 3 }, (_, index) => ({
    functionName: 'tags{bold}x',
    environment: 'd'.repeat(32),
    requestId: requestIdOf(index, 11),
    startMs: FIXTURE_START_MS + 1_000 + index * 60_000,
    durationMs: 5,
    memorySizeMb: 128,
    maxMemoryUsedMb: 30,
  }));
  return [...api, ...payments, ...thumbs, ...markup];
}

export function writeReplayFixture(path: string): void {
  const events = toTimeOrder(fixtureSpecs().map(invocationEvents));
  const lines = events.map((event) =>
    JSON.stringify({
      logGroup: event.logGroup,
      logStream: event.logStream,
      timestamp: event.timestampMs,
      message: event.message,
    }),
  );
  writeFileSync(path, `${lines.join('\n')}\n`);
}
