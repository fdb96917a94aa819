// API Gateway HTTP API (payload format 2.0) events, shaped like the real ones, for the demo's API function.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html

const ORDER_IDS = ['A-1001', 'A-1002', 'A-1003', 'B-2001', 'B-2002', 'C-3001'];
const USER_AGENTS = ['Mozilla/5.0 (X11; Linux x86_64)', 'okhttp/4.12.0', 'curl/8.5.0'];

/** The n-th request: mostly known orders, about one in eight unknown (a 404). */
export function apiGatewayEvent(sequence, nowMs = Date.now()) {
  const orderId = sequence % 8 === 7 ? `Z-${9000 + (sequence % 100)}` : ORDER_IDS[sequence % ORDER_IDS.length];
  const requestId = `${nowMs.toString(36)}-${sequence.toString(36)}`;
  return {
    version: '2.0',
    routeKey: 'GET /orders/{id}',
    rawPath: `/orders/${orderId}`,
    rawQueryString: '',
    headers: {
      accept: 'application/json',
      host: 'abc123xyz9.execute-api.us-east-1.amazonaws.com',
      'user-agent': USER_AGENTS[sequence % USER_AGENTS.length],
      'x-amzn-trace-id': `Root=1-${Math.floor(nowMs / 1000).toString(16)}-${sequence.toString(16).padStart(24, '0')}`,
      'x-forwarded-proto': 'https',
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123xyz9',
      domainName: 'abc123xyz9.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abc123xyz9',
      http: {
        method: 'GET',
        path: `/orders/${orderId}`,
        protocol: 'HTTP/1.1',
        sourceIp: `198.51.100.${sequence % 250}`,
        userAgent: USER_AGENTS[sequence % USER_AGENTS.length],
      },
      requestId,
      routeKey: 'GET /orders/{id}',
      stage: '$default',
      time: new Date(nowMs).toUTCString(),
      timeEpoch: nowMs,
    },
    pathParameters: { id: orderId },
    isBase64Encoded: false,
  };
}
