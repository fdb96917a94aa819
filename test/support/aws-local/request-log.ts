import type { Fault, ServiceName } from './fault-rules.js';

/** What happened to one request, so tests can assert request rates and that every event was served. */
export type RequestOutcome =
  | { readonly kind: 'pending' }
  | {
      readonly kind: 'ok';
      readonly httpStatus: number;
      /** FilterLogEvents: the eventIds in the page, in order. */
      readonly eventIds?: readonly string[];
      /** FilterLogEvents: stored events examined to build the page (the cost of the request). */
      readonly eventsScanned?: number;
      /** StartLiveTail: events pushed in sessionUpdate frames over the session. */
      readonly liveTailEventsSent?: number;
      readonly liveTailEnd?: string;
    }
  | {
      readonly kind: 'error';
      readonly httpStatus: number;
      readonly errorType: string;
      readonly message: string;
      /** The fault rule or rate limit that caused it, when injected. */
      readonly injected?: Fault['kind'] | 'rate-limit';
    }
  | { readonly kind: 'reset'; readonly stage: 'before-response' | 'mid-response' }
  | { readonly kind: 'client-closed' };

export interface RequestLogEntry {
  readonly sequence: number;
  /** Wall-clock epoch milliseconds when the request arrived. */
  readonly receivedAtMs: number;
  readonly service: ServiceName | 'unknown';
  readonly operation: string;
  /** The access key id from the SigV4 Authorization header: the "account" for rate limits. */
  readonly accessKeyId: string | undefined;
  readonly parameters: unknown;
  readonly outcome: RequestOutcome;
  /** Injected delay, if any. */
  readonly delayMs?: number;
}

export interface RequestLogFilter {
  readonly service?: ServiceName;
  readonly operation?: string;
}

export class RequestLog {
  /** Keyed by sequence, in arrival order; clear() empties it while pending requests may still finish. */
  private readonly log = new Map<number, RequestLogEntry>();
  private nextSequence = 0;

  start(entry: Omit<RequestLogEntry, 'sequence' | 'outcome'>): number {
    const sequence = this.nextSequence;
    this.nextSequence += 1;
    this.log.set(sequence, { ...entry, sequence, outcome: { kind: 'pending' } });
    return sequence;
  }

  annotate(sequence: number, patch: Partial<Pick<RequestLogEntry, 'operation' | 'parameters' | 'delayMs'>>): void {
    const entry = this.log.get(sequence);
    if (entry !== undefined) this.log.set(sequence, { ...entry, ...patch });
  }

  finish(sequence: number, outcome: RequestOutcome): void {
    const entry = this.log.get(sequence);
    if (entry !== undefined) this.log.set(sequence, { ...entry, outcome });
  }

  entries(filter: RequestLogFilter = {}): RequestLogEntry[] {
    return [...this.log.values()].filter(
      (entry) =>
        (filter.service === undefined || entry.service === filter.service) &&
        (filter.operation === undefined || entry.operation === filter.operation),
    );
  }

  /** Every eventId served by successful FilterLogEvents responses, in the order they were sent. */
  servedEventIds(): string[] {
    return [...this.log.values()].flatMap((entry) =>
      entry.outcome.kind === 'ok' ? (entry.outcome.eventIds ?? []) : [],
    );
  }

  /** The largest number of requests that arrived within any window of `windowMs` (default one second). */
  peakRequestsPerWindow(filter: RequestLogFilter = {}, windowMs = 1000): number {
    const times = this.entries(filter).map((entry) => entry.receivedAtMs);
    let peak = 0;
    let start = 0;
    for (let end = 0; end < times.length; end += 1) {
      while ((times[end] as number) - (times[start] as number) >= windowMs) start += 1;
      peak = Math.max(peak, end - start + 1);
    }
    return peak;
  }

  clear(): void {
    this.log.clear();
  }
}
