import type { Span } from '@opentelemetry/api';
import type { StorageResolution, Unit } from 'aws-embedded-metrics';
import type { EmfUnit } from './catalog.js';
import type { InitType } from './cold-start/classify-cold-start.js';
import type { Logger } from './log/create-root-logger.js';

/** The members of Lambda's context object the SDK reads; `Context` from @types/aws-lambda satisfies it. */
export interface LambdaContext {
  readonly awsRequestId?: string | undefined;
  readonly functionName?: string | undefined;
  readonly functionVersion?: string | undefined;
  readonly invokedFunctionArn?: string | undefined;
  /** Lambda passes a string such as "1024". */
  readonly memoryLimitInMB?: string | number | undefined;
  readonly logGroupName?: string | undefined;
  readonly logStreamName?: string | undefined;
  getRemainingTimeInMillis?(): number;
}

/** A CloudWatch unit: the strings themselves, or aws-embedded-metrics' `Unit` enum. */
export type MetricUnit = EmfUnit | Unit;

/** 1 (high resolution) or 60 (standard), or aws-embedded-metrics' `StorageResolution` enum. */
export type MetricResolution = 1 | 60 | StorageResolution;

/** The metrics of one invocation. Nothing here throws: a bad input is dropped, counted and reported once. */
export interface ObservedMetrics {
  /** Records one value. The same name added again becomes a value array; default unit `None`, resolution 60. */
  add(name: string, value: number, unit?: MetricUnit, resolution?: MetricResolution): void;
  /** A plain key on this invocation's EMF documents (searchable, not a dimension, no metric cost). */
  setProperty(key: string, value: unknown): void;
  /** The documents' timestamp instead of the flush time; within 14 days past and 2 hours ahead. */
  setTimestamp(timestamp: Date | number): void;
}

/** What the handler receives as its last argument (`obs`). */
export interface Observability {
  readonly metrics: ObservedMetrics;
  /** pino, with requestId, xrayTraceId, coldStart, functionName and functionVersion on every line. */
  readonly logger: Logger;
  /** True only on the first invocation of an on-demand environment that somebody waited for. */
  readonly coldStart: boolean;
  readonly initType: InitType;
  /** Only on the first invocation of a process: whether the init happened ahead of any caller (>10 s earlier). */
  readonly proactiveInit: boolean | undefined;
  /** Only on the first invocation of a process: process start to invocation start, ms. */
  readonly initDurationMs: number | undefined;
  readonly requestId: string | undefined;
  readonly xrayTraceId: string | undefined;
  /**
   * The invocation's OpenTelemetry SERVER span, active while the handler runs (spans started inside become its
   * children); undefined when OpenTelemetry is not recording this invocation.
   */
  readonly span: Span | undefined;
  /**
   * An X-Ray annotation on the invocation's subsegment (indexed, searchable) and an attribute on its span. Keys
   * become `[a-zA-Z0-9_]`, at most 500 characters; strings are cut to 1000. Nothing happens when not traced.
   */
  annotate(key: string, value: string | number | boolean): void;
  /** X-Ray metadata (not indexed, any JSON value) under `namespace`, by default the service name. */
  addMetadata(key: string, value: unknown, namespace?: string): void;
}

// biome-ignore lint/suspicious/noExplicitAny: events are whatever the trigger sends; `any` keeps `event.id` usable untyped, like @types/aws-lambda.
export type AnyEvent = any;

export type ObservedHandler<TEvent = AnyEvent, TResult = unknown> = (
  event: TEvent,
  context: LambdaContext,
  obs: Observability,
) => TResult | Promise<TResult>;

export type ObservedStreamingHandler<TEvent = AnyEvent, TStream = AnyEvent, TResult = unknown> = (
  event: TEvent,
  responseStream: TStream,
  context: LambdaContext,
  obs: Observability,
) => TResult | Promise<TResult>;

/** What Lambda calls. Its `length` is 0: the Node.js 24 runtime refuses handlers declaring 3 or more parameters. */
export type WrappedHandler<TEvent = AnyEvent, TResult = unknown> = (
  event: TEvent,
  context: LambdaContext,
) => Promise<TResult>;

export type WrappedStreamingHandler<TEvent = AnyEvent, TStream = AnyEvent, TResult = unknown> = (
  event: TEvent,
  responseStream: TStream,
  context: LambdaContext,
) => Promise<TResult>;
