import { resolveConfig } from './config/resolve-config.js';
import type { Observer } from './invocation/observer.js';
import { defaultRuntime, invocationStore, sharedState } from './invocation/runtime.js';
import { createRootLogger, type Logger } from './log/create-root-logger.js';
import type { MetricResolution, MetricUnit, Observability, ObservedMetrics } from './types.js';

let standaloneLogger: Logger | undefined;

/** The handler wrapped (or the middy middleware created) last: lines outside any invocation go through its logger. */
export function setLastObserver(observer: Observer): void {
  sharedState.lastObserver = observer;
}

/** The `obs` of the invocation this code runs in (through any number of awaits), or undefined outside one. */
export function currentObservability(): Observability | undefined {
  return invocationStore.getStore()?.view;
}

function fallbackLogger(): Logger {
  const { lastObserver } = sharedState;
  if (lastObserver !== undefined) return lastObserver.processLogger();
  if (standaloneLogger === undefined) {
    const runtime = defaultRuntime();
    standaloneLogger = createRootLogger(resolveConfig(undefined, runtime.env).config.logLevel, runtime.write);
  }
  return standaloneLogger;
}

function target(): Logger {
  return invocationStore.getStore()?.logger() ?? fallbackLogger();
}

function droppedOutside(what: string): void {
  sharedState.lastObserver?.warn(
    'outside-invocation',
    `${what} called outside any invocation; dropped (metrics belong to an invocation)`,
  );
}

/**
 * `metrics` for code outside the handler body (helpers, clients): records into the current invocation. Outside
 * one, the call is dropped and counted, since a metric needs an invocation's flush to be written.
 */
export const metrics: ObservedMetrics = {
  add(name: string, value: number, unit?: MetricUnit, resolution?: MetricResolution): void {
    const invocation = invocationStore.getStore();
    if (invocation === undefined) droppedOutside('metrics.add');
    else invocation.addMetric(name, value, unit, resolution);
  },
  setProperty(key: string, value: unknown): void {
    const invocation = invocationStore.getStore();
    if (invocation === undefined) droppedOutside('metrics.setProperty');
    else invocation.setProperty(key, value);
  },
  setTimestamp(timestamp: Date | number): void {
    const invocation = invocationStore.getStore();
    if (invocation === undefined) droppedOutside('metrics.setTimestamp');
    else invocation.setTimestamp(timestamp);
  },
};

/** The pino methods the routed logger forwards. `child` binds to the invocation current at the time of the call. */
export type RoutedLogger = Pick<
  Logger,
  'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'child' | 'isLevelEnabled'
> & {
  readonly level: string;
};

function forward<K extends 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'child' | 'isLevelEnabled'>(
  method: K,
): Logger[K] {
  return function (this: unknown, ...args: unknown[]) {
    const logger = target();
    return Reflect.apply(logger[method], logger, args);
  } as Logger[K];
}

/**
 * `logger` for code outside the handler body: writes through the current invocation's logger (with its requestId),
 * or outside one through the last wrapped handler's process logger.
 */
export const logger: RoutedLogger = {
  trace: forward('trace'),
  debug: forward('debug'),
  info: forward('info'),
  warn: forward('warn'),
  error: forward('error'),
  fatal: forward('fatal'),
  child: forward('child'),
  isLevelEnabled: forward('isLevelEnabled'),
  get level(): string {
    return target().level;
  },
};
