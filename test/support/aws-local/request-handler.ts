import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleCloudWatchOperation } from './cloudwatch-service.js';
import { throttlingError, toFaultError } from './fault-errors.js';
import type { Fault, FaultRules, ServiceName } from './fault-rules.js';
import type { LogsContext } from './filter-log-events.js';
import type { InsightsQueries } from './insights-queries.js';
import { handleLambdaOperation } from './lambda-service.js';
import type { LambdaStore } from './lambda-store.js';
import { type LiveTailOptions, LiveTailSession, parseStartLiveTail } from './live-tail.js';
import { handleLogsOperation, type OperationResult } from './logs-service.js';
import type { MetricsStore } from './metrics-store.js';
import { RequestInput } from './request-input.js';
import type { RequestLog } from './request-log.js';
import {
  guessService,
  headerOf,
  type RawRequest,
  type Route,
  routeRequest,
  type WireProtocol,
} from './route-request.js';
import { ServiceError } from './service-error.js';
import { parseSigV4Authorization } from './sigv4-authorization.js';
import { toErrorResponse, toSuccessResponse, type WireResponse } from './wire-response.js';

const MAX_BODY_BYTES = 20 * 1024 * 1024;

export interface HandlerDeps {
  readonly accountId: string;
  readonly logsContext: LogsContext;
  readonly insights: InsightsQueries;
  readonly metrics: MetricsStore;
  readonly lambda: LambdaStore;
  readonly faults: FaultRules;
  readonly requests: RequestLog;
  readonly sessions: Set<LiveTailSession>;
  readonly liveTailOptions: LiveTailOptions;
  readonly nowMs: () => number;
}

/** The request pipeline: route, authenticate, log, apply faults and rate limits, dispatch, respond. */
export function createRequestHandler(deps: HandlerDeps) {
  const { faults, requests } = deps;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const receivedAtMs = Date.now();
    const requestId = randomUUID();
    const raw: RawRequest = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers: req.headers,
      body: await readBody(req),
    };
    const routed = routeRequest(raw);
    const service = routed instanceof ServiceError ? guessService(raw) : routed.service;
    const authorization = parseSigV4Authorization(headerOf(raw.headers, 'authorization'));
    const sequence = requests.start({
      receivedAtMs,
      service,
      operation: routed instanceof ServiceError ? 'unknown' : routed.operation,
      accessKeyId: authorization?.accessKeyId,
      parameters: routed instanceof ServiceError ? raw.body : routed.input,
    });
    const protocol: WireProtocol = routed instanceof ServiceError ? protocolOf(service) : routed.protocol;
    const queryMode = routed instanceof ServiceError ? false : routed.queryMode;
    const fail = (error: ServiceError, injected?: Fault['kind'] | 'rate-limit'): void => {
      send(res, toErrorResponse(protocol, error, requestId, queryMode));
      requests.finish(sequence, {
        kind: 'error',
        httpStatus: error.httpStatus,
        errorType: error.type,
        message: error.message,
        ...(injected === undefined ? {} : { injected }),
      });
    };
    if (routed instanceof ServiceError) return fail(routed);
    if (authorization === undefined) return fail(missingAuthentication(service, raw));

    let fault = faults.take(routed.service, routed.operation);
    if (fault?.kind === 'delay') {
      requests.annotate(sequence, { delayMs: fault.delayMs });
      await sleep(fault.delayMs);
      fault = undefined;
    }
    switch (fault?.kind) {
      case 'reset-before-response':
        req.socket.destroy();
        return requests.finish(sequence, { kind: 'reset', stage: 'before-response' });
      case 'throttle':
      case 'server-error':
      case 'access-denied':
      case 'unknown-operation':
        return fail(toFaultError(fault, routed.service, routed.operation, deps.accountId), fault.kind);
      default:
        break;
    }
    if (!faults.admit(routed.service, routed.operation, authorization.accessKeyId, Date.now())) {
      return fail(throttlingError(routed.service), 'rate-limit');
    }
    if (routed.service === 'logs' && routed.operation === 'StartLiveTail') {
      return startLiveTail(deps, routed, requestId, sequence, fault, res, fail);
    }

    let result: OperationResult;
    try {
      result = dispatch(deps, routed);
    } catch (error) {
      if (error instanceof ServiceError) return fail(error);
      throw error;
    }
    const response = toSuccessResponse(protocol, routed.operation, result.output, requestId, result.httpStatus);
    if (fault?.kind === 'reset-mid-response') {
      sendHalfThenReset(res, response);
      return requests.finish(sequence, { kind: 'reset', stage: 'mid-response' });
    }
    send(res, response);
    requests.finish(sequence, {
      kind: 'ok',
      httpStatus: response.httpStatus,
      ...(result.eventIds === undefined ? {} : { eventIds: result.eventIds }),
      ...(result.eventsScanned === undefined ? {} : { eventsScanned: result.eventsScanned }),
    });
  };
}

function dispatch(deps: HandlerDeps, route: Route): OperationResult {
  switch (route.service) {
    case 'logs':
      return handleLogsOperation(route.operation, route.input, deps.logsContext, deps.insights);
    case 'cloudwatch':
      return handleCloudWatchOperation(route.operation, route.input, route.protocol, {
        store: deps.metrics,
        nowMs: deps.nowMs,
        accountId: deps.accountId,
      });
    default:
      return handleLambdaOperation(route.operation, route.input, deps.lambda);
  }
}

function startLiveTail(
  deps: HandlerDeps,
  route: Route,
  requestId: string,
  sequence: number,
  fault: Fault | undefined,
  res: ServerResponse,
  fail: (error: ServiceError) => void,
): void {
  let request: ReturnType<typeof parseStartLiveTail>;
  try {
    request = parseStartLiveTail(new RequestInput(route.input), deps.logsContext);
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    fail(error);
    return;
  }
  res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': requestId });
  const session = new LiveTailSession(
    request,
    deps.liveTailOptions,
    {
      write: (frame) => {
        if (!res.destroyed) res.write(frame);
      },
      end: () => res.end(),
      subscribe: (listener) => deps.logsContext.store.subscribe(listener),
      onEnded: (reason, eventsSent) => {
        deps.sessions.delete(session);
        deps.requests.finish(sequence, {
          kind: 'ok',
          httpStatus: 200,
          liveTailEventsSent: eventsSent,
          liveTailEnd: reason,
        });
      },
    },
    fault?.kind === 'session-streaming-exception' ? fault.afterUpdates : undefined,
  );
  if (fault?.kind === 'reset-mid-response') {
    res.write(session.sessionStartFrame(requestId), () => res.destroy());
    deps.requests.finish(sequence, { kind: 'reset', stage: 'mid-response' });
    return;
  }
  deps.sessions.add(session);
  res.on('close', () => session.stop('client-closed'));
  session.start(requestId);
}

function missingAuthentication(service: ServiceName | 'unknown', raw: RawRequest): ServiceError {
  const header = headerOf(raw.headers, 'authorization');
  return header === undefined
    ? new ServiceError({
        type: 'MissingAuthenticationTokenException',
        httpStatus: service === 'lambda' ? 403 : 400,
        message: 'Missing Authentication Token',
        query: { code: 'MissingAuthenticationToken', fault: 'Sender' },
      })
    : new ServiceError({
        type: 'IncompleteSignatureException',
        httpStatus: service === 'lambda' ? 403 : 400,
        message: `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters (AWS4-HMAC-SHA256).`,
        query: { code: 'IncompleteSignature', fault: 'Sender' },
      });
}

function protocolOf(service: ServiceName | 'unknown'): WireProtocol {
  if (service === 'lambda') return 'rest-json';
  return service === 'cloudwatch' ? 'json-1.0' : 'json-1.1';
}

function send(res: ServerResponse, response: WireResponse): void {
  res.writeHead(response.httpStatus, response.headers);
  res.end(response.body);
}

/** Headers and the first half of the body reach the client, then the connection drops. */
function sendHalfThenReset(res: ServerResponse, response: WireResponse): void {
  res.writeHead(response.httpStatus, response.headers);
  res.write(response.body.subarray(0, Math.floor(response.body.length / 2)), () => res.destroy());
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error(`request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
