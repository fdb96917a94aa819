export type { EmfUnit } from '../catalog.js';
export type { InitType } from '../cold-start/classify-cold-start.js';
export type { LogLevel, ObservabilityOptions } from '../config/resolve-config.js';
export type { Logger } from '../log/create-root-logger.js';
export { currentObservability, logger, metrics, type RoutedLogger } from '../routed.js';
export type { TracingOption } from '../tracing/resolve-tracing-mode.js';
export type { LambdaContext, MetricResolution, MetricUnit, Observability, ObservedMetrics } from '../types.js';
export type { MiddyRequest, ObservabilityMiddleware, ObservedContext } from './middy-request.js';
export { observability } from './observability.js';
