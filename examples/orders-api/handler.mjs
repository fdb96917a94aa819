// An orders API behind API Gateway, instrumented with one line: withObservability.
import { logger, metrics, withObservability } from '@lambdatop/sdk';

class ValidationError extends Error {
  name = 'ValidationError';
}

/** Stands in for a database call; a helper that reports through the SDK's accessors, not through `obs`. */
async function saveOrder(order, slowMs) {
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, slowMs ?? 2 + Math.random() * 3));
  metrics.add('SaveLatency', Math.round((performance.now() - started) * 100) / 100, 'Milliseconds', 1);
  logger.debug({ orderId: order.id }, 'order saved');
}

export const handler = withObservability(
  async (event, _context, obs) => {
    const order = JSON.parse(event.body ?? '{}');
    obs.metrics.setProperty('orderId', order.id);
    if (!Number.isInteger(order.quantity) || order.quantity <= 0) {
      throw new ValidationError(`order ${order.id}: quantity must be a positive integer, got ${order.quantity}`);
    }
    await saveOrder(order, event.slowMs);
    obs.metrics.add('OrdersPlaced', 1, 'Count');
    obs.metrics.add('ItemsOrdered', order.quantity, 'Count');
    obs.metrics.add('OrderValue', order.quantity * order.unitPrice, 'None');
    obs.logger.info({ orderId: order.id, quantity: order.quantity }, 'order placed');
    return { statusCode: 201, body: JSON.stringify({ id: order.id, status: 'placed' }) };
  },
  { namespace: 'Shop', service: 'orders-api', dimensions: { stage: 'demo' } },
);
