export type { EmfUnit } from './catalog.js';
export type { InitType } from './cold-start/classify-cold-start.js';
export type { LogLevel, ObservabilityOptions } from './config/resolve-config.js';
export type { Logger } from './log/create-root-logger.js';
export { currentObservability, logger, metrics, type RoutedLogger } from './routed.js';
export type { TracingOption } from './tracing/resolve-tracing-mode.js';
export type {
  LambdaContext,
  MetricResolution,
  MetricUnit,
  Observability,
  ObservedHandler,
  ObservedMetrics,
  ObservedStreamingHandler,
  WrappedHandler,
  WrappedStreamingHandler,
} from './types.js';
export { withObservability } from './with-observability.js';
