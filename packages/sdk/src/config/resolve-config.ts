import { DEFAULT_NAMESPACE, INVOCATION_KEYS, SDK_LINE_KEY, SERVICE_DIMENSION } from '../catalog.js';
import { MAX_DIMENSIONS_PER_SET } from '../emf/emf-limits.js';
import { findDimensionNameProblem, findDimensionValueProblem, findNamespaceProblem } from '../emf/emf-validation.js';
import { TRACING_OPTIONS, type TracingOption } from '../tracing/resolve-tracing-mode.js';
import { describeValue } from '../util/describe.js';
import { type DaemonAddress, parseDaemonAddress } from '../xray/parse-daemon-address.js';
import { type MetricsDestination, resolveMetricsDestination } from './resolve-metrics-destination.js';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** What `withObservability(handler, options)` accepts. Every field is optional. */
export interface ObservabilityOptions {
  /** CloudWatch namespace of the metrics. Default `lambdatop`. */
  readonly namespace?: string | undefined;
  /** Value of the `service` dimension. Default: the function name, else `unknown-service`. */
  readonly service?: string | undefined;
  /** Extra dimensions on every metric, name → fixed value (at most 29; never per-request values). */
  readonly dimensions?: Readonly<Record<string, string>> | undefined;
  /** Default: `AWS_LAMBDA_LOG_LEVEL`, then `LOG_LEVEL`, then `info`. */
  readonly logLevel?: LogLevel | Uppercase<LogLevel> | undefined;
  /** Write what was recorded this long before the deadline. Default: max(500, min(remaining / 10, 3000)) ms. */
  readonly timeoutMarginMs?: number | undefined;
  /** Default true. */
  readonly flushBeforeTimeout?: boolean | undefined;
  /**
   * Default `auto`: X-Ray when Lambda's trace header says `Sampled=1` and `AWS_XRAY_DAEMON_ADDRESS` is set,
   * OpenTelemetry when a tracer provider is registered with `@opentelemetry/api`. `xray`, `otel` and `both` force
   * a side (each still needs a sampled header, or a registered provider), `off` records nothing.
   */
  readonly tracing?: TracingOption | undefined;
  /** Default false. Put the handler's result on the X-Ray subsegment as metadata, cut to fit the datagram. */
  readonly captureResponse?: boolean | undefined;
}

const OPTION_NAMES = [
  'namespace',
  'service',
  'dimensions',
  'logLevel',
  'timeoutMarginMs',
  'flushBeforeTimeout',
  'tracing',
  'captureResponse',
] as const;
export const DEFAULT_SERVICE = 'unknown-service';

export interface ResolvedConfig {
  readonly namespace: string;
  readonly service: string;
  /** `service` first, then the extra dimensions in the order given. */
  readonly dimensions: ReadonlyMap<string, string>;
  readonly logLevel: LogLevel;
  readonly logLevelSource: 'option' | 'AWS_LAMBDA_LOG_LEVEL' | 'LOG_LEVEL' | 'default';
  readonly timeoutMarginMs: number | undefined;
  readonly flushBeforeTimeout: boolean;
  readonly metricsDestination: MetricsDestination;
  readonly tracing: TracingOption;
  readonly captureResponse: boolean;
  /** From `AWS_XRAY_DAEMON_ADDRESS`: undefined when unset, null when unusable (reported as a warning; no X-Ray). */
  readonly xrayDaemon: DaemonAddress | null | undefined;
}

export interface ConfigResolution {
  readonly config: ResolvedConfig;
  /** Environment values that were ignored, each a sentence; options never land here, they throw. */
  readonly warnings: readonly string[];
}

type Env = Readonly<Record<string, string | undefined>>;

// Keys the SDK writes itself; a dimension under one of these names would collide with them (or be a request id).
const RESERVED_DIMENSION_NAMES: ReadonlySet<string> = new Set([
  '_aws',
  SDK_LINE_KEY,
  ...Object.values(INVOCATION_KEYS),
]);

/** A bad option; resolveConfig turns it into a TypeError named after what the user called. */
class OptionProblem extends Error {}

function fail(message: string): never {
  throw new OptionProblem(message);
}

function parseLogLevel(value: string): LogLevel | undefined {
  const lower = value.trim().toLowerCase();
  return (LOG_LEVELS as readonly string[]).includes(lower) ? (lower as LogLevel) : undefined;
}

function resolveDimensions(service: string, extra: unknown): Map<string, string> {
  const dimensions = new Map<string, string>([[SERVICE_DIMENSION, service]]);
  if (extra === undefined) return dimensions;
  if (typeof extra !== 'object' || extra === null || Array.isArray(extra)) {
    fail('dimensions must be an object of name → value, like { stage: "prod" }');
  }
  for (const [name, value] of Object.entries(extra)) {
    const nameProblem = findDimensionNameProblem(name);
    if (nameProblem !== undefined) fail(`dimensions: ${nameProblem}`);
    if (name === SERVICE_DIMENSION) fail(`dimensions: set the service dimension with the 'service' option`);
    if (RESERVED_DIMENSION_NAMES.has(name)) {
      fail(`dimensions: '${name}' is a per-invocation key the SDK writes as a property; dimensions must be bounded`);
    }
    const valueProblem = findDimensionValueProblem(value);
    if (valueProblem !== undefined) fail(`dimensions.${name}: ${valueProblem}`);
    dimensions.set(name, value as string);
  }
  if (dimensions.size > MAX_DIMENSIONS_PER_SET) {
    fail(
      `dimensions: at most ${MAX_DIMENSIONS_PER_SET - 1} besides 'service' (EMF allows ${MAX_DIMENSIONS_PER_SET} per set)`,
    );
  }
  return dimensions;
}

/**
 * Validates the options and reads the environment. Pure: throws a TypeError that says what to change for a bad
 * option, prefixed with `caller` (`withObservability: …`); an unusable environment variable becomes a warning and
 * the next source is used.
 */
export function resolveConfig(options: unknown, env: Env, caller = 'withObservability'): ConfigResolution {
  try {
    return resolveOptions(options, env);
  } catch (error) {
    if (error instanceof OptionProblem) throw new TypeError(`${caller}: ${error.message}`);
    throw error;
  }
}

function resolveOptions(options: unknown, env: Env): ConfigResolution {
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
    fail(
      `options must be an object like { namespace: 'Shop', service: 'orders' }, got ${Array.isArray(options) ? 'an array' : typeof options}`,
    );
  }
  const given = (options ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!(OPTION_NAMES as readonly string[]).includes(key)) {
      const suggestion = suggestName(key, OPTION_NAMES);
      fail(
        `unknown option '${key}'${suggestion ? ` (did you mean '${suggestion}'?)` : ''}; valid options: ${OPTION_NAMES.join(', ')}`,
      );
    }
  }
  const warnings: string[] = [];

  const namespace = given.namespace ?? DEFAULT_NAMESPACE;
  const namespaceProblem = findNamespaceProblem(namespace);
  if (namespaceProblem !== undefined) fail(namespaceProblem);

  const service = given.service ?? (env.AWS_LAMBDA_FUNCTION_NAME || DEFAULT_SERVICE);
  const serviceProblem = findDimensionValueProblem(service);
  if (serviceProblem !== undefined) fail(`service: ${serviceProblem}`);

  const dimensions = resolveDimensions(service as string, given.dimensions);

  let logLevel: LogLevel = 'info';
  let logLevelSource: ResolvedConfig['logLevelSource'] = 'default';
  if (given.logLevel !== undefined) {
    const parsed = typeof given.logLevel === 'string' ? parseLogLevel(given.logLevel) : undefined;
    if (parsed === undefined)
      fail(`logLevel must be one of ${LOG_LEVELS.join(', ')}, got ${describeValue(given.logLevel)}`);
    logLevel = parsed;
    logLevelSource = 'option';
  } else {
    for (const variable of ['AWS_LAMBDA_LOG_LEVEL', 'LOG_LEVEL'] as const) {
      const raw = env[variable];
      if (raw === undefined || raw === '') continue;
      const parsed = parseLogLevel(raw);
      if (parsed === undefined) {
        warnings.push(`${variable}=${JSON.stringify(raw)} is not a log level (${LOG_LEVELS.join(', ')}); ignored`);
        continue;
      }
      logLevel = parsed;
      logLevelSource = variable;
      break;
    }
  }

  const margin = given.timeoutMarginMs;
  if (margin !== undefined && (typeof margin !== 'number' || !Number.isFinite(margin) || margin <= 0)) {
    fail(`timeoutMarginMs must be a positive number of milliseconds, got ${describeValue(margin)}`);
  }
  const flush = given.flushBeforeTimeout ?? true;
  if (typeof flush !== 'boolean') fail(`flushBeforeTimeout must be true or false, got ${describeValue(flush)}`);

  const tracing = given.tracing ?? 'auto';
  if (!(TRACING_OPTIONS as readonly unknown[]).includes(tracing)) {
    fail(`tracing must be one of ${TRACING_OPTIONS.join(', ')}, got ${describeValue(tracing)}`);
  }
  const captureResponse = given.captureResponse ?? false;
  if (typeof captureResponse !== 'boolean') {
    fail(`captureResponse must be true or false, got ${describeValue(captureResponse)}`);
  }
  const daemonVariable = env.AWS_XRAY_DAEMON_ADDRESS;
  const xrayDaemon =
    daemonVariable === undefined || daemonVariable === '' ? undefined : (parseDaemonAddress(daemonVariable) ?? null);
  if (xrayDaemon === null) {
    warnings.push(
      `AWS_XRAY_DAEMON_ADDRESS=${JSON.stringify(daemonVariable)} is neither host:port nor "udp:host:port tcp:host:port"; X-Ray is off`,
    );
  }

  return {
    config: {
      namespace: namespace as string,
      service: service as string,
      dimensions,
      logLevel,
      logLevelSource,
      timeoutMarginMs: margin as number | undefined,
      flushBeforeTimeout: flush,
      metricsDestination: resolveMetricsDestination(env, service as string),
      tracing: tracing as TracingOption,
      captureResponse,
      xrayDaemon,
    },
    warnings,
  };
}

/** The closest candidate within two edits, to turn "unknown option 'namepsace'" into a fix. */
function suggestName(input: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const distance = editDistance(input.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

// Damerau-Levenshtein (optimal string alignment), so a swapped pair of letters counts as one edit.
function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i += 1) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j += 1) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const above = rows[i - 1] ?? [];
      const substitution = (above[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      let distance = Math.min((above[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, substitution);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        distance = Math.min(distance, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      }
      row.push(distance);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? Math.max(a.length, b.length);
}
