import { INVOCATION_KEYS, SDK_LINE_KEY, SDK_LINE_KINDS } from '../catalog.js';
import { type ColdStart, classifyColdStart } from '../cold-start/classify-cold-start.js';
import type { ResolvedConfig } from '../config/resolve-config.js';
import type { WarningKind } from '../diagnostics/warning-kind.js';
import { createEmfTemplate, type EmfTemplate } from '../emf/to-emf-documents.js';
import { bindLogger, createRootLogger, type Logger } from '../log/create-root-logger.js';
import { createStdoutSink, type MetricsSink } from '../output/metrics-sink.js';
import type { LambdaContext, Observability } from '../types.js';
import { describeError } from '../util/describe.js';
import { Invocation } from './invocation.js';
import type { Runtime } from './runtime.js';

const EMPTY_CONTEXT: LambdaContext = Object.freeze({});

function member(key: string, value: unknown): string {
  return `,${JSON.stringify(key)}:${JSON.stringify(value)}`;
}

function toMemoryMb(value: unknown): number | undefined {
  const mb = typeof value === 'number' ? value : typeof value === 'string' && value !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(mb) && mb > 0 ? mb : undefined;
}

/**
 * One wrapped handler: its resolved configuration and everything computed once for it (the EMF template, the
 * root logger, the sink), plus the per-process text both documents and log lines repeat. Starts invocations.
 */
export class Observer {
  readonly config: ResolvedConfig;
  readonly runtime: Runtime;
  readonly template: EmfTemplate;
  /** Keys neither a metric nor a user property may take: `_aws`, the dimensions, the SDK's own properties. */
  readonly reservedKeys: ReadonlySet<string>;
  readonly rootLogger: Logger;
  readonly sink: MetricsSink;
  /** Monotonic ms when the handler was wrapped: the end of init as far as the SDK can see. */
  readonly initEndMs: number;
  readonly #initializationType: string | undefined;
  /** What every invocation after the process's first gets; the same for all of them. */
  readonly #warm: ColdStart;
  readonly #environmentWarnings: readonly string[];
  #started = false;
  /** EMF members constant for the process: function name and version, memory limit, init type. */
  #processMembers: string | undefined;
  /** Log bindings constant for the process: function name and version. */
  #processBindings: string | undefined;
  #processLogger: Logger | undefined;

  /** `_HANDLER` (`index.handler`, what Lambda calls), else the handler function's name: names the X-Ray subsegment. */
  readonly handlerName: string;

  constructor(config: ResolvedConfig, environmentWarnings: readonly string[], runtime: Runtime, functionName = '') {
    this.config = config;
    this.handlerName = runtime.env._HANDLER || functionName || 'handler';
    this.runtime = runtime;
    this.initEndMs = runtime.monotonicMs();
    this.#initializationType = runtime.env.AWS_LAMBDA_INITIALIZATION_TYPE;
    this.#environmentWarnings = environmentWarnings;
    this.#warm = classifyColdStart({
      initializationType: this.#initializationType,
      initEndMs: this.initEndMs,
      invokeStartMs: this.initEndMs,
      alreadyClaimed: true,
    });
    const destination = config.metricsDestination;
    this.template = createEmfTemplate({
      namespace: config.namespace,
      dimensions: config.dimensions,
      logGroupName: destination.kind === 'agent' ? destination.logGroupName : undefined,
      logStreamName: destination.kind === 'agent' ? destination.logStreamName : undefined,
    });
    this.reservedKeys = new Set([...this.template.reservedKeys, ...Object.values(INVOCATION_KEYS)]);
    this.rootLogger = createRootLogger(config.logLevel, runtime.write);
    this.sink = destination.kind === 'agent' ? this.#agentSink(destination.endpoint) : createStdoutSink(runtime.write);
  }

  /** Outside Lambda only, so its module (and aws-embedded-metrics behind it) is loaded on the first write. */
  #agentSink(endpoint: string | undefined): MetricsSink {
    const onFailure = (error: unknown): void => this.warn('agent-send-failed', String(error));
    let sink: Promise<MetricsSink> | undefined;
    return {
      write(documents) {
        sink ??= import('../output/create-agent-sink.js').then(({ createAgentSink }) =>
          createAgentSink({ endpoint, onFailure }),
        );
        return sink.then((agent) => agent.write(documents)).catch(onFailure);
      },
    };
  }

  /** Never throws: if the SDK cannot set an invocation up, the handler still runs (without telemetry). */
  start(event: unknown, context: LambdaContext | undefined): Invocation | undefined {
    try {
      const invokeStartMs = this.runtime.monotonicMs();
      const state = this.runtime.processState;
      const coldStart = state.coldStartClaimed
        ? this.#warm
        : classifyColdStart({
            initializationType: this.#initializationType,
            initEndMs: this.initEndMs,
            invokeStartMs,
            alreadyClaimed: false,
          });
      // Same synchronous step as the check: no other invocation can claim in between.
      if (coldStart.claims) state.coldStartClaimed = true;
      const invocation = new Invocation(this, event, context ?? EMPTY_CONTEXT, coldStart, invokeStartMs);
      if (!this.#started) {
        this.#started = true;
        this.#announce(invocation);
      }
      invocation.begin();
      return invocation;
    } catch (error) {
      this.internalError(error);
      return undefined;
    }
  }

  /** Counts a failure; the first of its kind in the process becomes one warning line. Never throws. */
  warn(kind: WarningKind, detail: string, invocation?: Invocation): void {
    if (!this.runtime.warnings.count(kind)) return;
    try {
      const logger = invocation === undefined ? this.processLogger() : invocation.logger();
      logger.warn({ [SDK_LINE_KEY]: SDK_LINE_KINDS.warning, kind, detail }, `lambdatop: ${detail}`);
    } catch {
      // The warning itself could not be written; it stays counted.
    }
  }

  internalError(error: unknown, invocation?: Invocation): void {
    const { name, message } = describeError(error);
    this.warn(
      'sdk-internal-error',
      `internal error, telemetry for this invocation may be incomplete: ${name}: ${message}`,
      invocation,
    );
  }

  processMembers(context: LambdaContext, initType: string): string {
    if (this.#processMembers !== undefined) return this.#processMembers;
    const env = this.runtime.env;
    const functionName = context.functionName ?? env.AWS_LAMBDA_FUNCTION_NAME;
    const functionVersion = context.functionVersion ?? env.AWS_LAMBDA_FUNCTION_VERSION;
    const memoryMb = toMemoryMb(context.memoryLimitInMB ?? env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE);
    let members = '';
    if (functionName !== undefined) members += member(INVOCATION_KEYS.functionName, functionName);
    if (functionVersion !== undefined) members += member(INVOCATION_KEYS.functionVersion, functionVersion);
    if (memoryMb !== undefined) members += member(INVOCATION_KEYS.memoryLimitMb, memoryMb);
    members += member(INVOCATION_KEYS.initType, initType);
    this.#processMembers = members;
    this.#processBindings = this.#bindingsFor(functionName, functionVersion);
    return members;
  }

  processBindings(context: LambdaContext, initType: string): string {
    if (this.#processBindings === undefined) this.processMembers(context, initType);
    return this.#processBindings ?? '';
  }

  /** What the handler gets when the SDK could not start its invocation: no metrics, the process logger. */
  detachedView(): Observability {
    const logger = this.processLogger();
    return {
      metrics: { add() {}, setProperty() {}, setTimestamp() {} },
      annotate() {},
      addMetadata() {},
      span: undefined,
      logger,
      coldStart: false,
      initType: this.#initializationType || 'on-demand',
      proactiveInit: undefined,
      initDurationMs: undefined,
      requestId: undefined,
      xrayTraceId: undefined,
    };
  }

  /** For lines outside any invocation: function name and version, no request. */
  processLogger(): Logger {
    this.#processLogger ??= bindLogger(
      this.rootLogger,
      this.#processBindings ??
        this.#bindingsFor(this.runtime.env.AWS_LAMBDA_FUNCTION_NAME, this.runtime.env.AWS_LAMBDA_FUNCTION_VERSION),
    );
    return this.#processLogger;
  }

  #bindingsFor(functionName: string | undefined, functionVersion: string | undefined): string {
    return (
      (functionName === undefined ? '' : member(INVOCATION_KEYS.functionName, functionName)) +
      (functionVersion === undefined ? '' : member(INVOCATION_KEYS.functionVersion, functionVersion))
    );
  }

  /** The first invocation echoes the resolved configuration, so a misread environment shows in the first lines. */
  #announce(invocation: Invocation): void {
    const { config } = this;
    const destination = config.metricsDestination;
    const timeoutFlush = !config.flushBeforeTimeout
      ? 'off'
      : config.timeoutMarginMs === undefined
        ? 'auto'
        : `${config.timeoutMarginMs} ms before the deadline`;
    invocation.logger().info(
      {
        [SDK_LINE_KEY]: SDK_LINE_KINDS.config,
        config: {
          namespace: config.namespace,
          service: config.service,
          dimensions: Object.fromEntries(config.dimensions),
          logLevel: config.logLevel,
          logLevelSource: config.logLevelSource,
          tracing: config.tracing,
          xrayDaemon:
            config.xrayDaemon === undefined || config.xrayDaemon === null
              ? config.xrayDaemon
              : `${config.xrayDaemon.host}:${config.xrayDaemon.port}`,
          captureResponse: config.captureResponse,
          metrics:
            destination.kind === 'stdout'
              ? 'stdout'
              : `cloudwatch-agent (${destination.environment}) ${destination.endpoint ?? 'default endpoint'}`,
          timeoutFlush,
        },
      },
      'lambdatop configuration',
    );
    for (const warning of this.#environmentWarnings) this.warn('invalid-environment', warning, invocation);
  }
}
