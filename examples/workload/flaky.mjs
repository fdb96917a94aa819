// A handler with an unreliable dependency: usually fine, sometimes it throws, sometimes it hangs past the
// function's timeout. The event may force a mode (`ok`, `throw`, `hang`); otherwise it is drawn at random.
import { withObservability } from '@lambdatop/sdk';

const THROW_SHARE = 0.1;
const HANG_SHARE = 0.04;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function drawMode() {
  const draw = Math.random();
  if (draw < HANG_SHARE) return 'hang';
  if (draw < HANG_SHARE + THROW_SHARE) return 'throw';
  return 'ok';
}

export const handler = withObservability(
  async (event, context, obs) => {
    const mode = event.mode ?? drawMode();
    obs.metrics.add('PaymentAttempts', 1, 'Count');
    if (mode === 'throw') {
      await sleep(15);
      obs.metrics.add('ProviderErrors', 1, 'Count');
      throw new Error('payment provider answered 503 Service Unavailable');
    }
    if (mode === 'hang') {
      obs.logger.warn({ remainingMs: context.getRemainingTimeInMillis() }, 'payment provider is not answering');
      await sleep(context.getRemainingTimeInMillis() + 1_000);
    }
    await sleep(20 + Math.random() * 60);
    obs.logger.info({ amountCents: event.amountCents ?? 1999 }, 'payment captured');
    return { status: 'captured' };
  },
  { namespace: 'LambdatopDemo', service: 'payments' },
);
