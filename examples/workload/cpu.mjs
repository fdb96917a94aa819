// A CPU-bound handler (hash chains, like a checksum or thumbnail job) whose duration depends on its memory size.
// Lambda gives a function CPU in proportion to its memory: one full vCPU at 1,769 MB, a fraction below
// (https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html). The kernel enforces that share by
// pausing the process once it has used its slice of each period, so here each slice of real work is followed
// by a pause that stretches it to what it would take at this size. Like the kernel's quota, the pacing counts
// CPU time, not wall time, so a busy machine does not change the simulated share.
import { createHash } from 'node:crypto';
import { withObservability } from '@lambdatop/sdk';

const FULL_VCPU_MEMORY_MB = 1769;
const memorySizeMb = Number(process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? FULL_VCPU_MEMORY_MB);
const cpuShare = Math.min(1, memorySizeMb / FULL_VCPU_MEMORY_MB);
const ROUNDS_PER_SLICE = 500;
// Atomics.wait blocks the whole thread, timers included, as a throttled process is.
const pauseCell = new Int32Array(new SharedArrayBuffer(4));

function hashRounds(seed, rounds) {
  let digest = seed;
  for (let round = 0; round < rounds; round += 1) digest = createHash('sha256').update(digest).digest('hex');
  return digest;
}

export const handler = withObservability(
  async (event, _context, obs) => {
    const rounds = event.rounds ?? 20_000;
    let digest = event.seed ?? 'lambdatop';
    let cpuMs = 0;
    for (let done = 0; done < rounds; done += ROUNDS_PER_SLICE) {
      const sliceStartedAt = process.cpuUsage();
      digest = hashRounds(digest, Math.min(ROUNDS_PER_SLICE, rounds - done));
      const used = process.cpuUsage(sliceStartedAt);
      const sliceMs = (used.user + used.system) / 1000;
      cpuMs += sliceMs;
      if (cpuShare < 1) Atomics.wait(pauseCell, 0, 0, sliceMs * (1 / cpuShare - 1));
    }
    obs.metrics.add('HashRounds', rounds, 'Count');
    obs.metrics.add('CpuTime', cpuMs, 'Milliseconds');
    obs.logger.info({ rounds, cpuShare: Number(cpuShare.toFixed(3)), cpuMs: Math.round(cpuMs) }, 'digest computed');
    return { digest, rounds, cpuMs };
  },
  { namespace: 'LambdatopDemo', service: 'checksums' },
);
