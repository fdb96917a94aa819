// The demo workload: four functions with different problems, for `runLocalWorkload(workload)`
// (packages/cli/src/local). Rates are average arrivals per second; once warm the mix runs in about six worker
// processes, more during the cold-start burst at the beginning.
import { fileURLToPath } from 'node:url';
import { apiGatewayEvent } from './api-gateway-event.mjs';

const here = (file) => fileURLToPath(new URL(file, import.meta.url));

/** One payment in twelve fails, one in thirty hangs until the timeout; the rest succeed. */
function paymentEvent(sequence) {
  const mode = sequence % 30 === 29 ? 'hang' : sequence % 12 === 11 ? 'throw' : 'ok';
  return { mode, amountCents: 500 + ((sequence * 137) % 20_000) };
}

export const workload = {
  functions: [
    {
      name: 'orders-api',
      handlerPath: here('./api.mjs'),
      memorySizeMb: 256,
      timeoutMs: 3_000,
      ratePerSecond: 10,
      eventFactory: (sequence) => apiGatewayEvent(sequence),
    },
    {
      name: 'checksums',
      handlerPath: here('./cpu.mjs'),
      memorySizeMb: 512,
      timeoutMs: 10_000,
      ratePerSecond: 1,
      event: { rounds: 20_000 },
    },
    {
      name: 'sessions',
      handlerPath: here('./leaky.mjs'),
      memorySizeMb: 256,
      timeoutMs: 3_000,
      ratePerSecond: 3,
      event: { entryKb: 3_072 },
    },
    {
      name: 'payments',
      handlerPath: here('./flaky.mjs'),
      memorySizeMb: 128,
      timeoutMs: 2_000,
      ratePerSecond: 4,
      eventFactory: paymentEvent,
      // Reserved concurrency: while a hung payment holds one environment, a burst gets throttled.
      maxEnvironments: 2,
    },
  ],
  // Short enough that quiet environments go away and cold starts keep showing up in a long demo.
  idleTimeoutMs: 30_000,
  maxEnvironments: 8,
};

export default workload;
