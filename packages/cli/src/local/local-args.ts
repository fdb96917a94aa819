import { FUNCTION_NAME_PATTERN, MAX_MEMORY_SIZE_MB, MAX_TIMEOUT_MS, MIN_MEMORY_SIZE_MB } from './lambda-constants.js';
import { parseDurationMs, parseMemorySizeMb, parseRatePerSecond, toFunctionName } from './local-value-parsers.js';

/** `lambdatop local ./handler.js [options]`, parsed and validated. */
export interface LocalOptions {
  readonly handlerPath: string;
  readonly handlerExport: string;
  readonly functionName: string;
  /** A JSON file holding the event; `{}` when absent. */
  readonly eventPath: string | undefined;
  readonly ratePerSecond: number;
  readonly durationMs: number;
  readonly memorySizeMb: number;
  readonly timeoutMs: number;
  /** Reserved concurrency; unlimited when absent. */
  readonly maxEnvironments: number | undefined;
  readonly idleTimeoutMs: number | undefined;
  /** Print the report at the end instead of showing the dashboard. */
  readonly report: boolean;
}

export type LocalArgsResult =
  | { readonly ok: true; readonly options: LocalOptions }
  | { readonly ok: false; readonly error: string };

interface LocalFlagSpec {
  readonly type: 'string' | 'boolean';
  readonly valueName?: string;
  readonly description: string;
}

/** Every option of `lambdatop local`, in help order; shaped like the CLI registry's flag specs. */
export const LOCAL_FLAG_SPECS = {
  event: { type: 'string', valueName: 'FILE', description: 'JSON event for every invocation (default {})' },
  rate: { type: 'string', valueName: 'N/s', description: 'arrivals per second, or N/min, N/h (default 10/s)' },
  duration: {
    type: 'string',
    valueName: 'D',
    description: 'how long to send invocations: 500ms, 30s, 2m (default 30s)',
  },
  memory: { type: 'string', valueName: 'MB', description: 'memory size, 128 to 10240 (default 128)' },
  timeout: { type: 'string', valueName: 'D', description: 'function timeout, up to 900s (default 3s)' },
  handler: { type: 'string', valueName: 'NAME', description: 'the exported handler (default handler)' },
  name: { type: 'string', valueName: 'NAME', description: "function name (default: the file's name)" },
  concurrency: { type: 'string', valueName: 'N', description: 'reserved concurrency: more at once are throttled' },
  'idle-timeout': {
    type: 'string',
    valueName: 'D',
    description: 'shut down environments idle this long (default 60s)',
  },
  report: { type: 'boolean', description: 'print the report at the end instead of the dashboard' },
} as const satisfies Readonly<Record<string, LocalFlagSpec>>;

type Flag = keyof typeof LOCAL_FLAG_SPECS;

function isFlag(name: string): name is Flag {
  return Object.hasOwn(LOCAL_FLAG_SPECS, name);
}

export const LOCAL_USAGE = [
  'usage: lambdatop local HANDLER_FILE [options]',
  '  Runs a handler in local Lambda-like execution environments and watches it.',
  ...Object.entries(LOCAL_FLAG_SPECS).map(([flag, spec]) => {
    const synopsis = 'valueName' in spec ? `--${flag} ${spec.valueName}` : `--${flag}`;
    return `  ${synopsis.padEnd(22)}  ${spec.description}`;
  }),
].join('\n');

const DEFAULTS = {
  ratePerSecond: 10,
  durationMs: 30_000,
  memorySizeMb: 128,
  timeoutMs: 3_000,
  handlerExport: 'handler',
} as const;

/** Parsing rates above this is almost certainly a typo, and no local machine sustains it. */
const MAX_RATE_PER_SECOND = 10_000;
const EXPORT_NAME_PATTERN = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

function parseWholeNumber(text: string): number | undefined {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : undefined;
}

type Read<T> =
  | { readonly value: T; readonly error?: undefined }
  | { readonly error: string; readonly value?: undefined };

/** Validates collected flag values; shared by the argv parser and the registry's flag record. */
function toLocalOptions(values: ReadonlyMap<Flag, string>, positionals: readonly string[]): LocalArgsResult {
  if (positionals.length === 0) return { ok: false, error: 'give the handler file, e.g. lambdatop local ./handler.js' };
  if (positionals.length > 1) return { ok: false, error: `one handler file only, got ${positionals.join(' ')}` };
  const handlerPath = positionals[0] ?? '';

  function read<T>(flag: Flag, parse: (text: string) => T | undefined, fallback: T, expected: string): Read<T> {
    const text = values.get(flag);
    if (text === undefined) return { value: fallback };
    const value = parse(text);
    return value === undefined ? { error: `--${flag}: expected ${expected}, got '${text}'` } : { value };
  }

  const rate = read('rate', parseRatePerSecond, DEFAULTS.ratePerSecond, 'a rate like 20/s, 300/min or 0.5/s');
  if (rate.error !== undefined) return { ok: false, error: rate.error };
  if (rate.value === 0) return { ok: false, error: '--rate: must be above 0, or nothing would run' };
  if (rate.value > MAX_RATE_PER_SECOND) {
    return { ok: false, error: `--rate: at most ${MAX_RATE_PER_SECOND}/s locally, got ${values.get('rate')}` };
  }
  const duration = read('duration', parseDurationMs, DEFAULTS.durationMs, 'a duration like 30s, 2m or 500ms');
  if (duration.error !== undefined) return { ok: false, error: duration.error };
  if (duration.value <= 0) return { ok: false, error: '--duration: must be above 0' };
  const memory = read('memory', parseMemorySizeMb, DEFAULTS.memorySizeMb, 'megabytes like 256');
  if (memory.error !== undefined) return { ok: false, error: memory.error };
  if (memory.value < MIN_MEMORY_SIZE_MB || memory.value > MAX_MEMORY_SIZE_MB) {
    return {
      ok: false,
      error: `--memory: Lambda allows ${MIN_MEMORY_SIZE_MB} to ${MAX_MEMORY_SIZE_MB} MB, got ${memory.value}`,
    };
  }
  const timeout = read('timeout', parseDurationMs, DEFAULTS.timeoutMs, 'a duration like 3s or 500ms');
  if (timeout.error !== undefined) return { ok: false, error: timeout.error };
  if (timeout.value < 1 || timeout.value > MAX_TIMEOUT_MS) {
    return {
      ok: false,
      error: `--timeout: must be from 1ms to ${MAX_TIMEOUT_MS / 1000}s, got ${values.get('timeout')}`,
    };
  }
  const concurrency = read<number | undefined>(
    'concurrency',
    parseWholeNumber,
    undefined,
    'a whole number of environments like 5',
  );
  if (concurrency.error !== undefined) return { ok: false, error: concurrency.error };
  if (concurrency.value === 0) return { ok: false, error: '--concurrency: must be at least 1' };
  const idle = read<number | undefined>('idle-timeout', parseDurationMs, undefined, 'a duration like 60s');
  if (idle.error !== undefined) return { ok: false, error: idle.error };
  if (idle.value === 0) return { ok: false, error: '--idle-timeout: must be above 0' };

  const handlerExport = values.get('handler') ?? DEFAULTS.handlerExport;
  if (!EXPORT_NAME_PATTERN.test(handlerExport)) {
    return { ok: false, error: `--handler: expected an export name like handler, got '${handlerExport}'` };
  }
  const functionName = values.get('name') ?? toFunctionName(handlerPath);
  if (!FUNCTION_NAME_PATTERN.test(functionName)) {
    return { ok: false, error: `--name: use 1 to 64 letters, digits, hyphens or underscores, got '${functionName}'` };
  }

  return {
    ok: true,
    options: {
      handlerPath,
      handlerExport,
      functionName,
      eventPath: values.get('event'),
      ratePerSecond: rate.value,
      durationMs: duration.value,
      memorySizeMb: memory.value,
      timeoutMs: timeout.value,
      maxEnvironments: concurrency.value,
      idleTimeoutMs: idle.value,
      report: values.has('report'),
    },
  };
}

/** The arguments after `lambdatop local` (`--flag value` or `--flag=value`), with a one-line error naming what to change. */
export function parseLocalArgs(argv: readonly string[]): LocalArgsResult {
  const values = new Map<Flag, string>();
  const positionals: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    if (!arg.startsWith('--') || arg === '--') {
      positionals.push(arg);
      continue;
    }
    const equalsAt = arg.indexOf('=');
    const flag = arg.slice(2, equalsAt < 0 ? undefined : equalsAt);
    if (!isFlag(flag)) return { ok: false, error: `unknown option --${flag}` };
    if (values.has(flag)) return { ok: false, error: `--${flag} is given twice` };
    if (LOCAL_FLAG_SPECS[flag].type === 'boolean') {
      if (equalsAt >= 0) return { ok: false, error: `--${flag} takes no value` };
      values.set(flag, 'true');
      continue;
    }
    const value = equalsAt >= 0 ? arg.slice(equalsAt + 1) : argv[index + 1];
    if (value === undefined || (equalsAt < 0 && value.startsWith('--'))) {
      return { ok: false, error: `--${flag} needs a value` };
    }
    if (equalsAt < 0) index += 1;
    values.set(flag, value);
  }
  return toLocalOptions(values, positionals);
}

/**
 * The same validation for flags a generic parser already split (the CLI registry's `flags` record, keyed by
 * flag name without dashes). Absent or false flags are unset; a repeated flag is an error.
 */
export function parseLocalFlags(
  flags: Readonly<Record<string, unknown>>,
  positionals: readonly string[],
): LocalArgsResult {
  const values = new Map<Flag, string>();
  for (const [name, raw] of Object.entries(flags)) {
    if (raw === undefined || raw === false) continue;
    if (!isFlag(name)) return { ok: false, error: `unknown option --${name}` };
    if (Array.isArray(raw) && raw.length > 1) return { ok: false, error: `--${name} is given twice` };
    const value: unknown = Array.isArray(raw) ? raw[0] : raw;
    if (LOCAL_FLAG_SPECS[name].type === 'boolean') {
      if (value !== true) return { ok: false, error: `--${name} takes no value` };
      values.set(name, 'true');
    } else if (typeof value === 'string') {
      values.set(name, value);
    } else {
      return { ok: false, error: `--${name} needs a value` };
    }
  }
  return toLocalOptions(values, positionals);
}
