// A handler that leaks: every request adds an entry to a module-level cache that is never evicted, so each warm
// environment holds more memory after every invocation until it runs out and Lambda starts it again.
import { withObservability } from '@lambdatop/sdk';

const cache = new Map();
const DEFAULT_ENTRY_KB = 3072;

export const handler = withObservability(
  async (event, context, obs) => {
    const entryKb = event.entryKb ?? DEFAULT_ENTRY_KB;
    // A rendered session page kept "for later": filled, so its pages are really resident.
    cache.set(context.awsRequestId, { storedAt: Date.now(), page: Buffer.alloc(entryKb * 1024, 0x61) });
    const retainedMb = (cache.size * entryKb) / 1024;
    obs.metrics.add('CacheEntries', cache.size, 'Count');
    obs.metrics.add('CacheRetained', retainedMb, 'Megabytes');
    obs.logger.info({ cacheEntries: cache.size, retainedMb: Math.round(retainedMb) }, 'session cached');
    return { cacheEntries: cache.size };
  },
  { namespace: 'LambdatopDemo', service: 'sessions' },
);
