// An orders API behind API Gateway, traced with one wrapper: an X-Ray subsegment when Lambda samples the request,
// an OpenTelemetry span when a tracer provider is registered (the ADOT layer, NodeSDK), or both.
import { withObservability } from '@lambdatop/sdk';
import { trace } from '@opentelemetry/api';

const tracer = trace.getTracer('orders-api');
const ORDERS = new Map([['17', { id: '17', status: 'placed', items: 2 }]]);

/** A step of the function's own: its span becomes a child of the invocation's span. */
function loadOrder(id) {
  return tracer.startActiveSpan('load-order', async (span) => {
    try {
      await new Promise((resolve) => setTimeout(resolve, 2));
      return ORDERS.get(id);
    } finally {
      span.end();
    }
  });
}

export const handler = withObservability(
  async (event, _context, obs) => {
    const id = event.pathParameters?.id ?? '';
    obs.annotate('OrderId', id);
    if (event.queryStringParameters?.fail === 'yes') throw new Error(`order ${id} could not be loaded`);
    const order = await loadOrder(id);
    obs.addMetadata('order', order ?? null);
    obs.metrics.add('OrdersRead', 1, 'Count');
    if (order === undefined) return { statusCode: 404, body: JSON.stringify({ message: `no order ${id}` }) };
    return { statusCode: 200, body: JSON.stringify(order) };
  },
  { namespace: 'Shop', service: 'orders-api' },
);
