import type { WarningKind } from '../diagnostics/warning-kind.js';
import type {
  InstrumentInvocation,
  InvocationOutcome,
  InvocationStart,
  TimeoutInfo,
} from '../instrument/instrument.js';
import { flushTracerProvider } from '../otel/flush-tracer-provider.js';
import { InvocationSpan } from '../otel/invocation-span.js';
import type { OtelApiModule } from '../otel/load-otel-api.js';
import type { TraceHeader } from '../trace/parse-trace-header.js';
import { describeError } from '../util/describe.js';
import type { XRayEmitter } from '../xray/create-xray-emitter.js';
import type { SubsegmentDocument } from '../xray/to-subsegment-document.js';
import { XRaySubsegment } from '../xray/xray-subsegment.js';

export interface TracedInvocationOptions {
  readonly invocation: InvocationStart;
  readonly header: TraceHeader | undefined;
  /** Set when X-Ray records this invocation. */
  readonly emitter: XRayEmitter | undefined;
  /** Set when OpenTelemetry records it: the API, or its loading when this is the first time. */
  readonly otel: OtelApiModule | Promise<OtelApiModule | undefined> | undefined;
  readonly nowEpochMs: () => number;
  readonly workingDirectory: string;
}

/** One traced invocation: its X-Ray subsegment and its OpenTelemetry span, each only when that side records. */
export class TracedInvocation implements InstrumentInvocation {
  readonly ready: Promise<void> | undefined;
  readonly #invocation: InvocationStart;
  readonly #header: TraceHeader | undefined;
  readonly #emitter: XRayEmitter | undefined;
  readonly #subsegment: XRaySubsegment | undefined;
  readonly #nowEpochMs: () => number;
  #api: OtelApiModule | undefined;
  #span: InvocationSpan | undefined;
  #sent = false;
  #sending: Promise<void> | undefined;
  #flushing: Promise<void> | undefined;

  constructor(options: TracedInvocationOptions) {
    const { invocation, header, emitter, otel } = options;
    this.#invocation = invocation;
    this.#header = header;
    this.#nowEpochMs = options.nowEpochMs;
    this.#emitter = emitter;
    if (emitter !== undefined && header?.parent !== undefined) {
      this.#subsegment = new XRaySubsegment({
        handlerName: invocation.handlerName,
        traceId: header.root,
        parentId: header.parent,
        startTimeSec: invocation.startedEpochMs / 1000,
        coldStart: invocation.coldStart.coldStart,
        service: invocation.config.service,
        workingDirectory: options.workingDirectory,
      });
    }
    if (otel instanceof Promise) {
      this.ready = otel.then((api) => {
        if (api === undefined) return;
        this.#api = api;
        this.#span = new InvocationSpan(api, invocation, this.#xrayParent());
      });
    } else if (otel !== undefined) {
      this.#api = otel;
      this.#span = new InvocationSpan(otel, invocation, this.#xrayParent());
    }
  }

  get span(): unknown {
    return this.#span?.span;
  }

  annotate(key: string, value: unknown): void {
    if (this.#subsegment !== undefined) {
      const rejection = this.#subsegment.annotate(key, value);
      if (rejection !== undefined) this.#invocation.warn(rejection.kind, rejection.detail);
    }
    if (
      typeof key === 'string' &&
      (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    ) {
      this.#span?.setAttribute(key, value);
    }
  }

  addMetadata(key: string, value: unknown, namespace: string | undefined): void {
    const rejection = this.#subsegment?.addMetadata(key, value, namespace);
    if (rejection !== undefined) this.#invocation.warn(rejection.kind, rejection.detail);
  }

  runHandler(call: () => unknown): unknown {
    return this.#span === undefined ? call() : this.#span.run(call);
  }

  end(outcome: InvocationOutcome): void {
    const threw = outcome.kind === 'error';
    const thrown = threw ? outcome.error : undefined;
    this.#span?.end(threw, thrown);
    if (this.#subsegment === undefined || this.#sent) return;
    const responseJson =
      !threw && this.#invocation.config.captureResponse ? this.#responseJson(outcome.value) : undefined;
    this.#send(
      this.#subsegment.finish({
        endTimeSec: this.#nowEpochMs() / 1000,
        threw,
        error: thrown,
        httpStatus: outcome.httpStatus,
        responseJson,
      }),
    );
  }

  timeout(info: TimeoutInfo): void {
    this.#span?.timeout(info.elapsedMs);
    // Nobody awaits this flush: the process keeps running until Lambda stops it at the deadline, which bounds it.
    if (this.#api !== undefined) this.#flushing = flushTracerProvider(this.#api, this.#warn);
    if (this.#subsegment !== undefined && !this.#sent) {
      this.#send(this.#subsegment.timedOut(this.#nowEpochMs() / 1000, info.elapsedMs));
    }
  }

  /** The datagram's send and the provider's flush; the invocation waits for them up to its deadline. */
  flush(): Promise<void> | undefined {
    const flushing =
      this.#flushing ?? (this.#api === undefined ? undefined : flushTracerProvider(this.#api, this.#warn));
    if (this.#sending === undefined) return flushing;
    if (flushing === undefined) return this.#sending;
    return Promise.all([this.#sending, flushing]).then(() => undefined);
  }

  readonly #warn = (kind: WarningKind, detail: string): void => this.#invocation.warn(kind, detail);

  /** The X-Ray header as the span's fallback parent: only when X-Ray records this invocation. */
  #xrayParent(): TraceHeader | undefined {
    return this.#emitter === undefined ? undefined : this.#header;
  }

  #responseJson(value: unknown): string | undefined {
    try {
      return JSON.stringify(value);
    } catch (error) {
      const { message } = describeError(error);
      this.#invocation.warn('invalid-metadata', `the response cannot be captured: ${message}`);
      return undefined;
    }
  }

  #send(document: SubsegmentDocument): void {
    this.#sent = true;
    if (document.dropped.length > 0) {
      this.#invocation.warn(
        'trace-limit',
        `the X-Ray subsegment was over 64 KB; left out: ${document.dropped.join(', ')}`,
      );
    }
    if (document.datagram === undefined || this.#emitter === undefined) return;
    this.#sending = this.#emitter.send(document.datagram).catch((error: unknown) => {
      const { name, message } = describeError(error);
      this.#invocation.warn('trace-send-failed', `sending the X-Ray subsegment failed: ${name}: ${message}`);
    });
  }
}
