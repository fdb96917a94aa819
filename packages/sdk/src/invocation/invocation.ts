import { INVOCATION_KEYS, SDK_LINE_KEY, SDK_LINE_KINDS, SDK_METRICS } from '../catalog.js';
import type { ColdStart } from '../cold-start/classify-cold-start.js';
import type { ResolvedConfig } from '../config/resolve-config.js';
import type { Rejection, WarningKind } from '../diagnostics/warning-kind.js';
import { MetricStore } from '../emf/metric-store.js';
import { toEmfDocuments } from '../emf/to-emf-documents.js';
import { classifyEventSource, type EventSource } from '../event-source/classify-event-source.js';
import { countBatchItemFailures, toHttpStatus, toHttpStatusClass } from '../event-source/http-status.js';
import type { InstrumentInvocation, InvocationOutcome, InvocationStart } from '../instrument/instrument.js';
import { bindLogger, type Logger } from '../log/create-root-logger.js';
import { planTimeoutFlush } from '../timeout/plan-timeout-flush.js';
import { parseTraceId } from '../trace/parse-trace-id.js';
import type { LambdaContext } from '../types.js';
import { describeError } from '../util/describe.js';
import { InvocationView } from './invocation-view.js';
import type { Observer } from './observer.js';

/** Without a deadline from the context, asynchronous flushes (agent, tracing) get this long. */
export const DEFAULT_SETTLE_WAIT_MS = 2000;
/** The timeout warning names at most this many metrics. */
const MAX_NAMED_METRICS = 20;

const RUNNING = 0;
const TIMEOUT_FLUSHED = 1;
const FINISHED = 2;

const REQUEST_ID_KEY = `,${JSON.stringify(INVOCATION_KEYS.requestId)}:`;
const TRACE_ID_KEY = `,${JSON.stringify(INVOCATION_KEYS.xrayTraceId)}:`;
const COLD_TRUE = `,${JSON.stringify(INVOCATION_KEYS.coldStart)}:true`;
const COLD_FALSE = `,${JSON.stringify(INVOCATION_KEYS.coldStart)}:false`;
const PROACTIVE_KEY = `,${JSON.stringify(INVOCATION_KEYS.proactiveInit)}:`;
const TRIGGER_KEY = `,${JSON.stringify(INVOCATION_KEYS.trigger)}:`;
const STATUS_CLASS_KEY = `,${JSON.stringify(INVOCATION_KEYS.httpStatusClass)}:`;

const triggerMembers = new Map<string, string>();

/** `,"trigger":"sqs"`, built once per kind. */
function triggerMember(source: EventSource): string {
  let member = triggerMembers.get(source.kind);
  if (member === undefined) {
    member = TRIGGER_KEY + JSON.stringify(source.kind);
    triggerMembers.set(source.kind, member);
  }
  return member;
}

export type AnyHandler = (...args: never[]) => unknown;

/** The handler's own call; `this` is undefined, as when Lambda calls it. */
export function callHandler(
  handler: AnyHandler,
  streaming: boolean,
  event: unknown,
  second: unknown,
  context: unknown,
  obs: unknown,
): unknown {
  const call = handler as (...args: unknown[]) => unknown;
  return streaming ? call(event, second, context, obs) : call(event, context, obs);
}

/**
 * One invocation's state, from the handler's call to its last flush. Every method is safe to call from the
 * wrapper: failures are counted through the observer, never thrown.
 */
export class Invocation implements InvocationStart {
  readonly observer: Observer;
  readonly event: unknown;
  readonly context: LambdaContext;
  readonly coldStart: ColdStart;
  readonly eventSource: EventSource;
  readonly requestId: string | undefined;
  /** Bindings shared by the log lines and the documents: requestId, xrayTraceId, coldStart. */
  readonly #ownMembers: string;
  readonly traceHeader: string | undefined;
  readonly xrayTraceId: string | undefined;
  readonly startedMs: number;
  readonly startedEpochMs: number;
  readonly store: MetricStore;
  readonly view: InvocationView;
  #logger: Logger | undefined;
  #state = RUNNING;
  #timer: NodeJS.Timeout | undefined;
  #settleByEpochMs: number;
  /** When Lambda stops the function, epoch ms; undefined without a deadline from the context. */
  #deadlineEpochMs: number | undefined;
  /** `,"httpStatusClass":"2xx"` once the handler answered an HTTP trigger. */
  #statusMember = '';
  #builtinsWritten = false;
  #pending: Promise<unknown>[] | undefined;
  #hooks: InstrumentInvocation[] | undefined;

  constructor(observer: Observer, event: unknown, context: LambdaContext, coldStart: ColdStart, startedMs: number) {
    const { runtime } = observer;
    this.observer = observer;
    this.event = event;
    this.context = context;
    this.coldStart = coldStart;
    this.eventSource = classifyEventSource(event);
    this.startedMs = startedMs;
    this.startedEpochMs = runtime.epochMs();
    this.#settleByEpochMs = this.startedEpochMs + DEFAULT_SETTLE_WAIT_MS;
    const requestId = context.awsRequestId;
    this.requestId = typeof requestId === 'string' && requestId !== '' ? requestId : undefined;
    this.traceHeader = runtime.traceHeader();
    this.xrayTraceId = parseTraceId(this.traceHeader);
    let members = this.requestId === undefined ? '' : REQUEST_ID_KEY + JSON.stringify(this.requestId);
    if (this.xrayTraceId !== undefined) members += `${TRACE_ID_KEY}"${this.xrayTraceId}"`;
    this.#ownMembers = members + (coldStart.coldStart ? COLD_TRUE : COLD_FALSE);
    this.store = new MetricStore(observer.reservedKeys);
    this.view = new InvocationView(this);
  }

  get config(): ResolvedConfig {
    return this.observer.config;
  }

  get env(): Readonly<Record<string, string | undefined>> {
    return this.observer.runtime.env;
  }

  get handlerName(): string {
    return this.observer.handlerName;
  }

  /** True once the handler's outcome is written; the store may still name this invocation (lingering async work). */
  get ended(): boolean {
    return this.#state === FINISHED;
  }

  warn(kind: WarningKind, detail: string): void {
    this.observer.warn(kind, detail, this);
  }

  /** Arms the pre-timeout flush and starts the instruments. */
  begin(): void {
    const { config, runtime } = this.observer;
    let remainingMs: unknown;
    try {
      remainingMs = this.context.getRemainingTimeInMillis?.();
    } catch {
      // A context whose clock throws is a context without a deadline.
      remainingMs = undefined;
    }
    if (typeof remainingMs === 'number' && Number.isFinite(remainingMs)) {
      this.#deadlineEpochMs = this.startedEpochMs + remainingMs;
    }
    const plan = planTimeoutFlush(remainingMs, config.timeoutMarginMs);
    if (plan.kind === 'flush') {
      this.#settleByEpochMs = this.startedEpochMs + plan.delayMs;
      if (config.flushBeforeTimeout) {
        this.#timer = setTimeout(Invocation.#onTimeout, plan.delayMs, this);
        // The pending handler keeps the process alive; this timer must not do it on its own.
        this.#timer.unref();
      }
    }
    if (runtime.instruments.length > 0) this.#startInstruments();
  }

  /** What has to finish loading before the handler may run (the first OpenTelemetry invocation); usually nothing. */
  ready(): Promise<void> | undefined {
    const hooks = this.#hooks;
    if (hooks === undefined) return undefined;
    let waiting: Promise<void>[] | undefined;
    for (const hook of hooks) {
      if (hook.ready === undefined) continue;
      waiting ??= [];
      waiting.push(hook.ready.catch((error: unknown) => this.#instrumentFailed(error)));
    }
    return waiting === undefined ? undefined : Promise.all(waiting).then(() => undefined);
  }

  /** `obs.span`: the first instrument's span, if any records one. */
  span(): unknown {
    if (this.#hooks === undefined) return undefined;
    for (const hooks of this.#hooks) if (hooks.span !== undefined) return hooks.span;
    return undefined;
  }

  annotate(key: unknown, value: unknown): void {
    if (this.#hooks === undefined) return;
    for (const hooks of this.#hooks) this.#guard(() => hooks.annotate?.(key as string, value));
  }

  addMetadata(key: unknown, value: unknown, namespace: unknown): void {
    if (this.#hooks === undefined) return;
    for (const hooks of this.#hooks) this.#guard(() => hooks.addMetadata?.(key as string, value, namespace as string));
  }

  logger(): Logger {
    if (this.#logger !== undefined) return this.#logger;
    const observer = this.observer;
    const bindings = this.#ownMembers + observer.processBindings(this.context, this.coldStart.initType);
    this.#logger = bindLogger(observer.rootLogger, bindings);
    return this.#logger;
  }

  reject(rejection: Rejection): void {
    this.observer.warn(rejection.kind, rejection.detail, this);
  }

  addMetric(name: unknown, value: unknown, unit: unknown, resolution: unknown): void {
    try {
      if (this.#state === FINISHED) {
        this.observer.warn(
          'outside-invocation',
          `metric ${String(name)} was added after its invocation ended; dropped`,
          this,
        );
        return;
      }
      const rejection = this.store.add(name, value, unit, resolution);
      if (rejection !== undefined) this.reject(rejection);
    } catch (error) {
      this.observer.internalError(error, this);
    }
  }

  setProperty(key: unknown, value: unknown): void {
    try {
      const rejection = this.store.setProperty(key, value);
      if (rejection !== undefined) this.reject(rejection);
    } catch (error) {
      this.observer.internalError(error, this);
    }
  }

  setTimestamp(timestamp: unknown): void {
    try {
      const rejection = this.store.setTimestamp(timestamp, this.observer.runtime.epochMs());
      if (rejection !== undefined) this.reject(rejection);
    } catch (error) {
      this.observer.internalError(error, this);
    }
  }

  /**
   * Calls the handler as (event, context, obs), or (event, responseStream, context, obs) when streaming, inside
   * every instrument's context (an OpenTelemetry span must be active around it).
   */
  call(handler: AnyHandler, streaming: boolean, event: unknown, second: unknown, context: unknown): unknown {
    if (this.#hooks === undefined) return callHandler(handler, streaming, event, second, context, this.view);
    return this.#callWithin(0, () => callHandler(handler, streaming, event, second, context, this.view));
  }

  /** The handler returned (`threw` false) or threw `value`: stop the timer, log a thrown error once, write the rest. */
  end(threw: boolean, value: unknown): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    if (this.#state === FINISHED) return;
    this.#state = FINISHED;
    this.observer.runtime.hold();
    try {
      if (threw) this.#logError(value);
      const httpStatus = this.#recordOutcome(threw, value);
      if (this.#hooks !== undefined) {
        const outcome: InvocationOutcome = threw
          ? { kind: 'error', error: value, httpStatus }
          : { kind: 'result', value, httpStatus };
        for (const hooks of this.#hooks) this.#guard(() => hooks.end?.(outcome));
      }
      this.#flush(false);
    } catch (error) {
      this.observer.internalError(error, this);
    }
    // The invocation's lines and its document leave together, before the response and any freeze.
    this.observer.runtime.flush();
  }

  /** Asynchronous deliveries still running (agent sink, instrument flushes), bounded by the deadline; or nothing. */
  settle(): Promise<void> | undefined {
    if (this.#pending === undefined && this.#hooks === undefined) return undefined;
    try {
      const work = this.#pending ?? [];
      this.#pending = undefined;
      let tracing: Promise<void>[] | undefined;
      if (this.#hooks !== undefined) {
        for (const hooks of this.#hooks) {
          if (hooks.flush === undefined) continue;
          this.#guard(() => {
            const flushing = hooks.flush?.(this.#settleByEpochMs);
            if (flushing === undefined) return;
            tracing ??= [];
            tracing.push(flushing);
          });
        }
      }
      if (work.length === 0 && tracing === undefined) return undefined;
      return this.#waitFor(work, tracing ?? []);
    } catch (error) {
      this.observer.internalError(error, this);
      return undefined;
    }
  }

  /**
   * Waits for deliveries and instrument flushes until the deadline, never longer; then writes what they reported
   * (a failed send) before the response. One promise and one timer however many there are: each promise created
   * while AsyncLocalStorage is active costs a hook call.
   */
  #waitFor(deliveries: readonly Promise<unknown>[], flushes: readonly Promise<void>[]): Promise<void> {
    const { runtime } = this.observer;
    return new Promise((resolve) => {
      let remaining = deliveries.length + flushes.length;
      let flushesLeft = flushes.length;
      let finished = false;
      const finish = (): void => {
        // Work that settles after the deadline changes nothing.
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        if (flushesLeft > 0) {
          this.observer.warn(
            'trace-flush-timeout',
            "tracing did not finish before the deadline (the tracer provider's forceFlush or an X-Ray send); left behind",
            this,
          );
        }
        runtime.flush();
        resolve();
      };
      // Referenced on purpose: a pending promise alone does not keep Node alive, this bounded timer does.
      const timer = setTimeout(finish, Math.max(0, this.#settleByEpochMs - runtime.epochMs()));
      const settled = (): void => {
        remaining -= 1;
        if (remaining === 0) finish();
      };
      const flushSettled = (): void => {
        flushesLeft -= 1;
        settled();
      };
      for (const delivery of deliveries) delivery.then(settled, settled);
      for (const flushing of flushes) {
        flushing.then(flushSettled, (error: unknown) => {
          this.#instrumentFailed(error);
          flushSettled();
        });
      }
    });
  }

  static #onTimeout(invocation: Invocation): void {
    invocation.#timer = undefined;
    if (invocation.#state !== RUNNING) return;
    invocation.#state = TIMEOUT_FLUSHED;
    invocation.observer.runtime.hold();
    try {
      const elapsedMs = Math.round(invocation.observer.runtime.monotonicMs() - invocation.startedMs);
      if (invocation.#hooks !== undefined) {
        const deadlineEpochMs = invocation.#deadlineEpochMs ?? invocation.#settleByEpochMs;
        for (const hooks of invocation.#hooks) invocation.#guard(() => hooks.timeout?.({ elapsedMs, deadlineEpochMs }));
      }
      const written = invocation.#flush(true);
      const names = written.map((series) => series.name);
      const values = written.reduce((sum, series) => sum + series.values.length, 0);
      invocation.logger().warn(
        {
          [SDK_LINE_KEY]: SDK_LINE_KINDS.timeout,
          elapsedMs,
          recorded: { metrics: names.slice(0, MAX_NAMED_METRICS), metricCount: names.length, valueCount: values },
        },
        `invocation still running after ${elapsedMs} ms, about to time out; flushed ${values} metric values`,
      );
    } catch (error) {
      invocation.observer.internalError(error, invocation);
    }
    invocation.observer.runtime.flush();
  }

  /** Writes what was recorded since the last flush; the SDK's own metrics go with the first flush only. */
  #flush(timeout: boolean): readonly { readonly name: string; readonly values: readonly number[] }[] {
    const { observer, store } = this;
    const { runtime } = observer;
    if (!this.#builtinsWritten) {
      this.#builtinsWritten = true;
      if (this.coldStart.coldStart) {
        this.#addBuiltin(SDK_METRICS.coldStart.name, 1, SDK_METRICS.coldStart.unit);
        if (this.coldStart.initDurationMs !== undefined) {
          this.#addBuiltin(
            SDK_METRICS.initDuration.name,
            Math.round(this.coldStart.initDurationMs * 1000) / 1000,
            SDK_METRICS.initDuration.unit,
          );
        }
      }
      this.#addBuiltin(
        SDK_METRICS.memoryWatermark.name,
        Math.round((runtime.maxRssKb() / 1024) * 100) / 100,
        SDK_METRICS.memoryWatermark.unit,
      );
      const { batchSize, oldestSentAtMs } = this.eventSource;
      if (batchSize !== undefined) this.#addBuiltin(SDK_METRICS.batchSize.name, batchSize, SDK_METRICS.batchSize.unit);
      if (oldestSentAtMs !== undefined) {
        this.#addBuiltin(
          SDK_METRICS.oldestMessageAge.name,
          // A sender's clock ahead of Lambda's would make the age negative.
          Math.max(0, this.startedEpochMs - oldestSentAtMs),
          SDK_METRICS.oldestMessageAge.unit,
        );
      }
    }
    if (timeout) this.#addBuiltin(SDK_METRICS.timeoutImminent.name, 1, SDK_METRICS.timeoutImminent.unit);
    const batch = store.drain();
    if (batch.series.length === 0) return batch.series;
    const { documents, problems } = toEmfDocuments(observer.template, {
      timestampMs: batch.timestampMs ?? runtime.epochMs(),
      invocationMembers: this.#members(),
      batch,
    });
    for (const problem of problems) this.reject(problem);
    const delivery = observer.sink.write(documents);
    if (delivery !== undefined) {
      this.#pending ??= [];
      this.#pending.push(delivery);
    }
    return batch.series;
  }

  #addBuiltin(name: string, value: number, unit: string): void {
    const rejection = this.store.add(name, value, unit);
    if (rejection !== undefined) this.reject(rejection);
  }

  #members(): string {
    const proactive = this.coldStart.proactiveInit;
    const members =
      proactive === undefined ? this.#ownMembers : this.#ownMembers + PROACTIVE_KEY + (proactive ? 'true' : 'false');
    return (
      members +
      this.observer.processMembers(this.context, this.coldStart.initType) +
      triggerMember(this.eventSource) +
      this.#statusMember
    );
  }

  /** What the result says about the event source: the HTTP status class, a partial batch's failures. */
  #recordOutcome(threw: boolean, value: unknown): number | undefined {
    const { kind } = this.eventSource;
    const status = toHttpStatus(kind, (this.event as { version?: unknown } | null)?.version, threw, value);
    const statusClass = status === undefined ? undefined : toHttpStatusClass(status);
    if (statusClass !== undefined) this.#statusMember = `${STATUS_CLASS_KEY}"${statusClass}"`;
    const failures = threw ? undefined : countBatchItemFailures(kind, value);
    if (failures !== undefined) {
      this.#addBuiltin(SDK_METRICS.batchItemFailures.name, failures, SDK_METRICS.batchItemFailures.unit);
    }
    return status;
  }

  #logError(thrown: unknown): void {
    // Not under `err`: pino's error serializer would rewrite a plain object and add `type`.
    const error = describeError(thrown);
    this.logger().error(
      { [SDK_LINE_KEY]: SDK_LINE_KINDS.handlerError, error },
      `handler failed: ${error.name}: ${error.message}`,
    );
  }

  #startInstruments(): void {
    for (const instrument of this.observer.runtime.instruments) {
      let hooks: InstrumentInvocation | undefined;
      try {
        hooks = instrument.start(this);
      } catch (error) {
        this.#instrumentFailed(error);
      }
      if (hooks !== undefined) this.#addHooks(hooks);
    }
  }

  #addHooks(hooks: InstrumentInvocation): void {
    this.#guard(() => {
      this.#hooks ??= [];
      this.#hooks.push(hooks);
      if (hooks.fields !== undefined) {
        for (const [key, value] of Object.entries(hooks.fields)) {
          if (!(key in this.view)) Object.defineProperty(this.view, key, { value, enumerable: true });
        }
      }
    });
  }

  #callWithin(index: number, invoke: () => unknown): unknown {
    const hooks = this.#hooks?.[index];
    if (hooks === undefined) return invoke();
    const next = (): unknown => this.#callWithin(index + 1, invoke);
    if (hooks.runHandler === undefined) return next();
    // Whatever the instrument does around the call, the handler's own result or throw is what comes out.
    let outcome: { readonly threw: boolean; readonly value: unknown } | undefined;
    const observed = (): unknown => {
      try {
        const value = next();
        outcome = { threw: false, value };
        return value;
      } catch (error) {
        outcome = { threw: true, value: error };
        throw error;
      }
    };
    let failure: unknown;
    try {
      hooks.runHandler(observed);
    } catch (error) {
      if (outcome === undefined || !outcome.threw) failure = error;
    }
    if (failure !== undefined || outcome === undefined) {
      this.#instrumentFailed(failure ?? new Error('runHandler did not call the handler'));
    }
    if (outcome === undefined) return next();
    if (outcome.threw) throw outcome.value;
    return outcome.value;
  }

  #guard(step: () => void): void {
    try {
      step();
    } catch (error) {
      this.#instrumentFailed(error);
    }
  }

  #instrumentFailed(error: unknown): void {
    const { name, message } = describeError(error);
    this.observer.warn('instrument-failed', `a tracing instrument failed: ${name}: ${message}`, this);
  }
}
