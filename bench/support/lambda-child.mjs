// What the SDK benches share: a Lambda-like environment and context, the timing loop of one variant, and the run of
// a variant in a fresh child process that reports one JSON line on stderr.
import { spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

/** What the runtime sets for a 1 GB function; a bench adds what its variants need (init type, trace header…). */
export const BENCH_LAMBDA_ENV = {
  AWS_LAMBDA_FUNCTION_NAME: 'bench-orders',
  AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024',
  AWS_REGION: 'us-east-1',
};

/** The context of invocation `index`: a request id of its own, 3 s left. */
export function benchContext(index) {
  return {
    awsRequestId: `c6af9ac6-7b61-11e6-9a41-${String(index).padStart(12, '0')}`,
    functionName: 'bench-orders',
    functionVersion: '$LATEST',
    memoryLimitInMB: '1024',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:bench-orders',
    getRemainingTimeInMillis: () => 3000,
  };
}

export const median = (values) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Invokes `handler` back to back, `{ id }` events with their own contexts: a warm-up, then `rounds` timed rounds.
 * Returns the median round's µs per invocation. `betweenRounds` runs outside the timing.
 */
export async function medianInvocationUs(handler, { warmupInvocations, rounds, invocationsPerRound, betweenRounds }) {
  let index = 0;
  const invoke = () => {
    index += 1;
    return handler({ id: index }, benchContext(index));
  };
  for (let i = 0; i < warmupInvocations; i += 1) await invoke();
  const perInvocationUs = [];
  // No forced gc() between rounds: a full collection shrinks the young generation and penalises whoever allocates
  // most afterwards; Lambda's steady state has no forced collections, so the scavenges stay in the measurement.
  for (let round = 0; round < rounds; round += 1) {
    betweenRounds?.();
    const started = process.hrtime.bigint();
    for (let i = 0; i < invocationsPerRound; i += 1) await invoke();
    perInvocationUs.push(Number(process.hrtime.bigint() - started) / 1000 / invocationsPerRound);
  }
  return median(perInvocationUs);
}

/**
 * Runs `script` in a fresh Node process whose stdout is /dev/null and whose environment is PATH and `env` alone (an
 * inherited LOG_LEVEL or AWS_LAMBDA_LOG_LEVEL would change what gets written); returns the JSON it wrote on stderr
 * after `resultMark`, or throws naming `label` with the end of its stderr.
 */
export function measureInChild({ script, env, resultMark, label }) {
  const devNull = openSync('/dev/null', 'w');
  const result = spawnSync(process.execPath, [script], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    stdio: ['ignore', devNull, 'pipe'],
    encoding: 'utf8',
  });
  closeSync(devNull);
  const line = result.stderr.split('\n').find((text) => text.startsWith(resultMark));
  if (result.status !== 0 || line === undefined) {
    throw new Error(`${label} failed (${result.status ?? result.signal}): ${result.stderr.slice(-2000)}`);
  }
  return JSON.parse(line.slice(resultMark.length));
}
