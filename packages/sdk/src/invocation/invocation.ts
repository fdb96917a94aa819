import { INVOCATION_KEYS, SDK_LINE_KEY, SDK_LINE_KINDS, SDK_METRICS } from '../catalog.js';
import type { ColdStart } from '../cold-start/classify-cold-start.js';
import type { Rejection } from '../diagnostics/warning-kind.js';
import { MetricStore } from '../emf/metric-store.js';
import { toEmfDocuments } from '../emf/to-emf-documents.js';
import type { InstrumentInvocation, InvocationOutcome } from '../instrument/instrument.js';
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

function waitAtMost(work: readonly Promise<unknown>[], waitMs: number): Promise<void> {
  return new Promise((resolve) => {
    // Referenced on purpose: a pending promise alone does not keep Node alive, this bounded timer does.
    const timer = setTimeout(resolve, Math.max(0, waitMs));
    void Promise.allSettled(work).then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * One invocation's state, from the handler's call to its last flush. Every method is safe to call from the
 * wrapper: failures are counted through the observer, never thrown.
 */
export class Invocation {
  readonly observer: Observer;
  readonly context: LambdaContext;
  readonly coldStart: ColdStart;
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
  #builtinsWritten = false;
  #pending: Promise<unknown>[] | undefined;
  #hooks: InstrumentInvocation[] | undefined;

  constructor(observer: Observer, context: LambdaContext, coldStart: ColdStart, startedMs: number) {
    const { runtime } = observer;
    this.observer = observer;
    this.context = context;
    this.coldStart = coldStart;
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

  /** Arms the pre-timeout flush and starts the instruments. */
  begin(event: unknown): void {
    const { config, runtime } = this.observer;
    let remainingMs: unknown;
    try {
      remainingMs = this.context.getRemainingTimeInMillis?.();
    } catch {
      // A context whose clock throws is a context without a deadline.
      remainingMs = undefined;
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
    if (runtime.instruments.length > 0) this.#startInstruments(event);
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
    try {
      if (threw) this.#logError(value);
      if (this.#hooks !== undefined) {
        const outcome: InvocationOutcome = threw ? { kind: 'error', error: value } : { kind: 'result', value };
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
      if (this.#hooks !== undefined) {
        for (const hooks of this.#hooks) {
          if (hooks.flush === undefined) continue;
          this.#guard(() => {
            const flushing = hooks.flush?.(this.#settleByEpochMs);
            if (flushing !== undefined) work.push(flushing.catch((error: unknown) => this.#instrumentFailed(error)));
          });
        }
      }
      if (work.length === 0) return undefined;
      return waitAtMost(work, this.#settleByEpochMs - this.observer.runtime.epochMs());
    } catch (error) {
      this.observer.internalError(error, this);
      return undefined;
    }
  }

  static #onTimeout(invocation: Invocation): void {
    invocation.#timer = undefined;
    if (invocation.#state !== RUNNING) return;
    invocation.#state = TIMEOUT_FLUSHED;
    try {
      const elapsedMs = Math.round(invocation.observer.runtime.monotonicMs() - invocation.startedMs);
      if (invocation.#hooks !== undefined) {
        for (const hooks of invocation.#hooks) invocation.#guard(() => hooks.timeout?.({ elapsedMs }));
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
    return members + this.observer.processMembers(this.context, this.coldStart.initType);
  }

  #logError(thrown: unknown): void {
    // Not under `err`: pino's error serializer would rewrite a plain object and add `type`.
    const error = describeError(thrown);
    this.logger().error(
      { [SDK_LINE_KEY]: SDK_LINE_KINDS.handlerError, error },
      `handler failed: ${error.name}: ${error.message}`,
    );
  }

  #startInstruments(event: unknown): void {
    const { config, runtime } = this.observer;
    for (const instrument of runtime.instruments) {
      this.#guard(() => {
        const hooks = instrument.start({
          event,
          context: this.context,
          coldStart: this.coldStart,
          requestId: this.requestId,
          traceHeader: this.traceHeader,
          config,
          startedAtMs: this.startedEpochMs,
        });
        if (hooks === undefined) return;
        this.#hooks ??= [];
        this.#hooks.push(hooks);
        if (hooks.fields !== undefined) {
          for (const [key, value] of Object.entries(hooks.fields)) {
            if (!(key in this.view)) Object.defineProperty(this.view, key, { value, enumerable: true });
          }
        }
      });
    }
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
