// A fast API handler behind API Gateway: looks an order up and answers in a few milliseconds.
import { withObservability } from '@lambdatop/sdk';

const ORDERS = new Map([
  ['A-1001', { id: 'A-1001', status: 'shipped', totalCents: 4599 }],
  ['A-1002', { id: 'A-1002', status: 'packing', totalCents: 1250 }],
  ['A-1003', { id: 'A-1003', status: 'delivered', totalCents: 89900 }],
  ['B-2001', { id: 'B-2001', status: 'shipped', totalCents: 3100 }],
  ['B-2002', { id: 'B-2002', status: 'cancelled', totalCents: 0 }],
  ['C-3001', { id: 'C-3001', status: 'packing', totalCents: 15075 }],
]);

const JSON_HEADERS = { 'content-type': 'application/json' };

// Stands in for a key-value read: a few milliseconds of waiting, not of computing.
const lookUp = (id) => new Promise((resolve) => setTimeout(() => resolve(ORDERS.get(id)), 2 + Math.random() * 6));

export const handler = withObservability(
  async (event, _context, obs) => {
    const orderId = event.pathParameters?.id;
    const order = orderId === undefined ? undefined : await lookUp(orderId);
    obs.metrics.add('OrderLookups', 1, 'Count');
    if (order === undefined) {
      obs.metrics.add('OrdersNotFound', 1, 'Count');
      obs.logger.warn({ orderId, path: event.rawPath }, 'order not found');
      return { statusCode: 404, headers: JSON_HEADERS, body: JSON.stringify({ message: 'order not found' }) };
    }
    obs.logger.info({ orderId, status: order.status }, 'order served');
    return { statusCode: 200, headers: JSON_HEADERS, body: JSON.stringify(order) };
  },
  { namespace: 'LambdatopDemo', service: 'orders-api' },
);
