/**
 * Faults injected on purpose, per service and operation: the next N matching requests fail in a chosen way, and
 * optional rate limits throttle above R requests per second per account, like the services' quotas.
 */
export type ServiceName = 'logs' | 'cloudwatch' | 'lambda';

export type Fault =
  /** ThrottlingException (Logs), Throttling (CloudWatch), TooManyRequestsException 429 (Lambda): 'Rate exceeded'. */
  | { readonly kind: 'throttle' }
  /** ServiceUnavailableException (Logs), InternalServiceFault/ServiceUnavailable (CloudWatch), ServiceException (Lambda). */
  | { readonly kind: 'server-error'; readonly httpStatus?: 500 | 503 }
  | { readonly kind: 'access-denied' }
  /** As an endpoint that lacks the API answers (LocalStack-like or an older Region). */
  | { readonly kind: 'unknown-operation' }
  /** The socket is destroyed before any byte of the response. */
  | { readonly kind: 'reset-before-response' }
  /** Status line, headers and half the body are sent, then the socket is destroyed. */
  | { readonly kind: 'reset-mid-response' }
  /** The request is answered normally after a delay. */
  | { readonly kind: 'delay'; readonly delayMs: number }
  /** StartLiveTail only: the stream ends with SessionStreamingException after this many sessionUpdate frames. */
  | { readonly kind: 'session-streaming-exception'; readonly afterUpdates: number };

export interface FaultRuleSpec {
  readonly fault: Fault;
  /** Matches every operation of the service (or of all services) when absent. */
  readonly operation?: string;
  readonly service?: ServiceName;
  /** How many matching requests fail; 1 when absent, Infinity for all of them. */
  readonly times?: number;
}

export interface FaultRuleHandle {
  /** Matching requests this rule has yet to fail. */
  remaining(): number;
  /** How many requests this rule has failed so far. */
  applied(): number;
  remove(): void;
}

export interface RateLimitSpec {
  readonly requestsPerSecond: number;
  readonly service?: ServiceName;
  /** Each listed operation gets its own budget, like the per-API quotas; all operations share one when absent. */
  readonly operations?: readonly string[];
  /** The clock its windows run on (wall clock when absent): a frozen one makes a burst one window however slow. */
  readonly windowClockMs?: () => number;
}

interface ActiveRule {
  readonly spec: FaultRuleSpec;
  remaining: number;
  applied: number;
}

const RATE_WINDOW_MS = 1000;

export class FaultRules {
  private rules: ActiveRule[] = [];
  private readonly rateLimits: { spec: RateLimitSpec; admitted: Map<string, number[]> }[] = [];

  add(spec: FaultRuleSpec): FaultRuleHandle {
    const times = spec.times ?? 1;
    if (!(times > 0)) throw new TypeError(`local AWS: a fault rule needs times > 0, got ${times}`);
    if (spec.fault.kind === 'delay' && !(spec.fault.delayMs >= 0)) {
      throw new TypeError('local AWS: a delay fault needs delayMs >= 0');
    }
    const rule: ActiveRule = { spec, remaining: times, applied: 0 };
    this.rules.push(rule);
    return {
      remaining: () => rule.remaining,
      applied: () => rule.applied,
      remove: () => {
        this.rules = this.rules.filter((candidate) => candidate !== rule);
      },
    };
  }

  addRateLimit(spec: RateLimitSpec): () => void {
    if (!(spec.requestsPerSecond > 0)) throw new TypeError('local AWS: requestsPerSecond must be > 0');
    const entry = { spec, admitted: new Map<string, number[]>() };
    this.rateLimits.push(entry);
    return () => {
      const index = this.rateLimits.indexOf(entry);
      if (index >= 0) this.rateLimits.splice(index, 1);
    };
  }

  clear(): void {
    this.rules = [];
    this.rateLimits.length = 0;
  }

  /** The fault for this request, consuming one use of the first matching rule (Live Tail faults match only StartLiveTail). */
  take(service: ServiceName, operation: string): Fault | undefined {
    const rule = this.rules.find(
      (candidate) =>
        candidate.remaining > 0 &&
        (candidate.spec.fault.kind !== 'session-streaming-exception' || operation === 'StartLiveTail') &&
        (candidate.spec.service === undefined || candidate.spec.service === service) &&
        (candidate.spec.operation === undefined || candidate.spec.operation === operation),
    );
    if (rule === undefined) return undefined;
    rule.remaining -= 1;
    rule.applied += 1;
    if (rule.remaining === 0) this.rules = this.rules.filter((candidate) => candidate !== rule);
    return rule.spec.fault;
  }

  /** False when the request is over a rate limit; an admitted request counts against every limit it falls under. */
  admit(service: ServiceName, operation: string, account: string, nowMs: number): boolean {
    const applicable = this.rateLimits.filter(
      ({ spec }) =>
        (spec.service === undefined || spec.service === service) &&
        (spec.operations === undefined || spec.operations.includes(operation)),
    );
    const windows = applicable.map(({ spec, admitted }) => {
      const key = `${account}|${spec.operations === undefined ? '*' : operation}`;
      const atMs = spec.windowClockMs?.() ?? nowMs;
      const recent = (admitted.get(key) ?? []).filter((time) => atMs - time < RATE_WINDOW_MS);
      admitted.set(key, recent);
      return { recent, atMs, limit: spec.requestsPerSecond };
    });
    if (windows.some(({ recent, limit }) => recent.length >= limit)) return false;
    for (const { recent, atMs } of windows) recent.push(atMs);
    return true;
  }
}
