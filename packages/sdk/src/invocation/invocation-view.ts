import type { Span } from '@opentelemetry/api';
import type { InitType } from '../cold-start/classify-cold-start.js';
import type { Logger } from '../log/create-root-logger.js';
import type { MetricResolution, MetricUnit, Observability, ObservedMetrics } from '../types.js';
import type { Invocation } from './invocation.js';

/** `obs.metrics`: forwards to the invocation, which validates, counts and never throws. */
class InvocationMetrics implements ObservedMetrics {
  readonly #invocation: Invocation;

  constructor(invocation: Invocation) {
    this.#invocation = invocation;
  }

  add(name: string, value: number, unit?: MetricUnit, resolution?: MetricResolution): void {
    this.#invocation.addMetric(name, value, unit, resolution);
  }

  setProperty(key: string, value: unknown): void {
    this.#invocation.setProperty(key, value);
  }

  setTimestamp(timestamp: Date | number): void {
    this.#invocation.setTimestamp(timestamp);
  }
}

/** `obs`: what the handler sees of its invocation. Getters, so building one per invocation costs two objects. */
export class InvocationView implements Observability {
  readonly metrics: ObservedMetrics;
  readonly #invocation: Invocation;

  constructor(invocation: Invocation) {
    this.#invocation = invocation;
    this.metrics = new InvocationMetrics(invocation);
  }

  get logger(): Logger {
    return this.#invocation.logger();
  }

  get coldStart(): boolean {
    return this.#invocation.coldStart.coldStart;
  }

  get initType(): InitType {
    return this.#invocation.coldStart.initType;
  }

  get proactiveInit(): boolean | undefined {
    return this.#invocation.coldStart.proactiveInit;
  }

  get initDurationMs(): number | undefined {
    return this.#invocation.coldStart.initDurationMs;
  }

  get requestId(): string | undefined {
    return this.#invocation.requestId;
  }

  get xrayTraceId(): string | undefined {
    return this.#invocation.xrayTraceId;
  }

  get span(): Span | undefined {
    return this.#invocation.span() as Span | undefined;
  }

  annotate(key: string, value: string | number | boolean): void {
    this.#invocation.annotate(key, value);
  }

  addMetadata(key: string, value: unknown, namespace?: string): void {
    this.#invocation.addMetadata(key, value, namespace);
  }
}
