import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type LocalAws, startLocalAws } from '../../../../test/support/aws-local/index.js';
import type { LogEvent } from '../../src/core/log-event.js';
import { invocationEvents, requestIdOf } from '../dashboard/support/lambda-lines.js';
import { tableRow, useBinInTmux } from './support/tmux.js';

let aws: LocalAws | undefined;
const start = useBinInTmux({ columns: 140, rows: 45 });

afterEach(async () => {
  await aws?.close();
  aws = undefined;
});

/** Stores events in the local CloudWatch Logs, stream by stream, as Lambda would have written them. */
function putEvents(local: LocalAws, events: readonly LogEvent[]): void {
  for (const event of events) {
    local.logs.putLogEvents(event.logGroup ?? '', event.logStream ?? '', [
      { timestamp: event.timestampMs ?? 0, message: event.message },
    ]);
  }
}

function ordersEvents(from: number, count: number, startMs: number): LogEvent[] {
  return Array.from({ length: count }, (_, offset) =>
    invocationEvents({
      functionName: 'orders',
      environment: 'e'.repeat(32),
      requestId: requestIdOf(from + offset, 21),
      startMs: startMs + offset * 1_000,
      durationMs: 40,
      memorySizeMb: 256,
      maxMemoryUsedMb: 80,
      ...(from + offset === 0 ? { initDurationMs: 190 } : {}),
    }),
  ).flat();
}

describe('lambdatop watch on CloudWatch (the local AWS server) in a real terminal', () => {
  it('follows the log group, counts throttles from the Throttles metric, and quits cleanly', async () => {
    const local = await startLocalAws();
    aws = local;
    const nowMs = Date.now();
    local.lambda.putFunction({ functionName: 'orders', memorySizeMb: 256, timeoutSeconds: 3 });
    local.logs.createLogGroup('/aws/lambda/orders');
    putEvents(local, ordersEvents(0, 20, nowMs - 90_000));
    local.cloudwatch.putMetricData([
      {
        namespace: 'AWS/Lambda',
        metricName: 'Throttles',
        dimensions: { FunctionName: 'orders' },
        timestampMs: nowMs - 60_000,
        value: 7,
      },
    ]);
    const home = mkdtempSync(join(tmpdir(), 'lambdatop-watch-home-'));
    const session = start(['watch', '--function', 'orders', '--endpoint-url', local.endpoint], 'watch', {
      HOME: home,
      AWS_ACCESS_KEY_ID: 'x',
      AWS_SECRET_ACCESS_KEY: 'x',
      AWS_REGION: 'us-east-1',
    });
    // The last invocation of a quiet stream completes once the stream has been quiet for 2 s.
    let screen = await session.waitFor(
      (text) => /orders +[\d.]+ +0 +0 +7 /.test(tableRow(text, 'orders') ?? '') && text.includes('20 invocations'),
      30_000,
      'orders with its 20 invocations and 7 throttles',
    );
    expect(screen).toContain('cloudwatch orders');
    expect(screen).toMatch(/THROTTLE +orders +7 invocations throttled/);
    expect(tableRow(screen, 'orders')).toMatch(/ 5\.0% /);

    // New invocations arrive while it watches: the next poll brings them in.
    putEvents(local, ordersEvents(20, 10, Date.now() - 5_000));
    screen = await session.waitFor((text) => text.includes('30 invocations'), 30_000, 'the new invocations');
    expect(tableRow(screen, 'orders')).toMatch(/ 3\.3% /);

    session.send(['q']);
    const state = await session.waitForExit(20_000);
    expect(state.exitStatus).toBe(0);
    expect(state.alternateScreen).toBe(false);
    expect(state.cursorVisible).toBe(true);
    // Nothing on the terminal behind the screen: no SDK warning, no stray line.
    const behind = session
      .capture({ history: true })
      .split('\n')
      .filter((line) => line.trim().length > 0);
    expect(behind).toEqual(['[program exited 0]']);
  });
});
