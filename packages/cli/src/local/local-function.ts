import { existsSync } from 'node:fs';
import type { LogEvent } from '../core/log-event.js';
import { ExecutionEnvironment } from './execution-environment.js';
import type { InvokeOutcome } from './invoke-outcome.js';
import { createRequestId, createTraceHeader } from './lambda-identifiers.js';
import { type LocalFunctionConfig, resolveFunctionSettings } from './resolve-function-settings.js';
import { resolveWorkerPath } from './worker-path.js';

export type LogEventListener = (event: LogEvent) => void;

export interface LocalFunctionStats {
  /** Environments alive now (warm, busy, or waiting to re-init after a crash). */
  readonly environments: number;
  readonly busyEnvironments: number;
  /** Invocations asked for, throttled ones included. */
  readonly invocations: number;
  readonly throttles: number;
  /** Invocations that waited for an init, suppressed inits after a crash included. */
  readonly coldStarts: number;
  /** Worker messages that could not be read and were skipped. */
  readonly skippedWorkerFrames: number;
  /** Calls to a log listener that threw (the harness carries on). */
  readonly listenerErrors: number;
}

/** A function running in local execution environments, one worker process per environment. */
export interface LocalFunction {
  readonly name: string;
  readonly logGroup: string;
  /** Runs one invocation; never rejects for the function's own failures, which the outcome describes. */
  invoke(event: unknown): Promise<InvokeOutcome>;
  /** Every line the function's environments produce, as CloudWatch would hold it. Returns the unsubscribe. */
  onLogEvent(listener: LogEventListener): () => void;
  stats(): LocalFunctionStats;
  /** Process ids of the live workers. */
  workerPids(): number[];
  /** Ends every worker; invocations still running resolve as `closed`. Must be called: workers keep the process alive. */
  close(): Promise<void>;
}

export interface LocalFunctionOptions {
  /** Wall clock for log timestamps and deadlines. */
  readonly now?: () => number;
  /** The compiled worker to fork; defaults to dist/local/lambda-worker.js. */
  readonly workerPath?: string;
}

function assertJsonPayload(event: unknown): void {
  try {
    JSON.stringify(event);
  } catch (cause) {
    throw new TypeError('local function: the event must be JSON-serialisable, as a Lambda payload is', { cause });
  }
}

export function createLocalFunction(config: LocalFunctionConfig, options: LocalFunctionOptions = {}): LocalFunction {
  const now = options.now ?? Date.now;
  const workerPath = options.workerPath ?? resolveWorkerPath();
  const settings = resolveFunctionSettings(config, {
    workerPath,
    nodeVersion: process.versions.node,
    pathEnv: process.env.PATH,
  });
  if (!existsSync(settings.handlerPath)) {
    throw new TypeError(`local function: handler file not found: ${settings.handlerPath}`);
  }
  if (!existsSync(workerPath)) {
    throw new TypeError(`local function: the harness worker is not built (${workerPath}); run npx tsc -b packages/cli`);
  }

  const environments: ExecutionEnvironment[] = [];
  const lastUsedMs = new Map<ExecutionEnvironment, number>();
  const idleTimers = new Map<ExecutionEnvironment, NodeJS.Timeout>();
  const listeners = new Set<LogEventListener>();
  let closed = false;
  let invocations = 0;
  let throttles = 0;
  let coldStarts = 0;
  let listenerErrors = 0;
  let retiredSkippedFrames = 0;

  const sink = (message: string, timestampMs: number, logStream: string): void => {
    const event: LogEvent = { message, logGroup: settings.logGroup, logStream, timestampMs };
    for (const listener of listeners) {
      try {
        listener(event);
      } catch {
        listenerErrors += 1;
      }
    }
  };

  const retire = (environment: ExecutionEnvironment): void => {
    const index = environments.indexOf(environment);
    if (index >= 0) environments.splice(index, 1);
    lastUsedMs.delete(environment);
    retiredSkippedFrames += environment.skippedFrames;
    void environment.close();
  };

  const scheduleReaping = (environment: ExecutionEnvironment): void => {
    clearTimeout(idleTimers.get(environment));
    const timer = setTimeout(() => {
      idleTimers.delete(environment);
      if (environment.available) retire(environment);
    }, settings.idleTimeoutMs);
    // Reaping alone must not keep a process alive; the workers do until close().
    timer.unref();
    idleTimers.set(environment, timer);
  };

  /** Warm environments first, most recently used first, so surplus ones go idle and get reaped as in Lambda. */
  const pick = (): ExecutionEnvironment | undefined => {
    let warm: ExecutionEnvironment | undefined;
    for (const environment of environments) {
      if (environment.state !== 'idle') continue;
      if (warm === undefined || (lastUsedMs.get(environment) ?? 0) > (lastUsedMs.get(warm) ?? 0)) warm = environment;
    }
    if (warm !== undefined) return warm;
    const reset = environments.find((environment) => environment.state === 'reset');
    if (reset !== undefined) return reset;
    if (settings.maxEnvironments !== undefined && environments.length >= settings.maxEnvironments) return undefined;
    const created = new ExecutionEnvironment(settings, sink, now);
    environments.push(created);
    return created;
  };

  return {
    name: settings.functionName,
    logGroup: settings.logGroup,
    async invoke(event) {
      assertJsonPayload(event);
      const requestId = createRequestId();
      if (closed) return { kind: 'closed', requestId, functionName: settings.functionName, cold: false };
      invocations += 1;
      const environment = pick();
      if (environment === undefined) {
        throttles += 1;
        return { kind: 'throttled', requestId, functionName: settings.functionName, cold: false };
      }
      clearTimeout(idleTimers.get(environment));
      idleTimers.delete(environment);
      const outcome = await environment.invoke({ requestId, event, traceHeader: createTraceHeader(now()) });
      if (outcome.cold) coldStarts += 1;
      lastUsedMs.set(environment, now());
      if (!closed && environment.available) scheduleReaping(environment);
      return outcome;
    },
    onLogEvent(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    stats() {
      return {
        environments: environments.length,
        busyEnvironments: environments.filter((environment) => environment.state === 'busy').length,
        invocations,
        throttles,
        coldStarts,
        skippedWorkerFrames:
          retiredSkippedFrames + environments.reduce((sum, environment) => sum + environment.skippedFrames, 0),
        listenerErrors,
      };
    },
    workerPids() {
      return environments.flatMap((environment) => (environment.pid === undefined ? [] : [environment.pid]));
    },
    async close() {
      closed = true;
      for (const timer of idleTimers.values()) clearTimeout(timer);
      idleTimers.clear();
      const closing = environments.splice(0).map((environment) => environment.close());
      await Promise.all(closing);
      listeners.clear();
    },
  };
}
