import { basename, extname } from 'node:path';
import { FUNCTION_NAME_PATTERN, MAX_MEMORY_SIZE_MB, MAX_TIMEOUT_MS, MIN_MEMORY_SIZE_MB } from './lambda-constants.js';

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

export const LOCAL_USAGE = `usage: lambdatop local HANDLER_FILE [options]
  Runs a handler in local Lambda-like execution environments and watches it.
  --event FILE            JSON event for every invocation (default {})
  --rate N/s              arrivals per second, or N/min, N/h (default 10/s)
  --duration D            how long to send invocations: 500ms, 30s, 2m, 1h (default 30s)
  --memory MB             memory size, 128 to 10240 (default 128)
  --timeout D             function timeout, up to 900s (default 3s)
  --handler NAME          the exported handler (default handler)
  --name NAME             function name (default: the file's name)
  --concurrency N         reserved concurrency: invocations beyond N at once are throttled
  --idle-timeout D        shut down environments idle this long (default 60s)
  --report                print the report at the end instead of the dashboard`;

const DEFAULTS = {
  ratePerSecond: 10,
  durationMs: 30_000,
  memorySizeMb: 128,
  timeoutMs: 3_000,
  handlerExport: 'handler',
} as const;

/** Parsing rates above this is almost certainly a typo, and no local machine sustains it. */
const MAX_RATE_PER_SECOND = 10_000;

const RATE_UNITS: Readonly<Record<string, number>> = {
  s: 1,
  sec: 1,
  second: 1,
  m: 60,
  min: 60,
  minute: 60,
  h: 3600,
  hr: 3600,
  hour: 3600,
};

const DURATION_UNITS_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/** `20`, `20/s`, `300/min`, `0.5/s`, `3600/h` → arrivals per second. */
export function parseRatePerSecond(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(?:\/([a-z]+))?$/.exec(text.trim().toLowerCase());
  if (match === null) return undefined;
  const perUnit = RATE_UNITS[match[2] ?? 's'];
  if (perUnit === undefined) return undefined;
  const rate = Number(match[1]) / perUnit;
  return Number.isFinite(rate) ? rate : undefined;
}

/** `500ms`, `30s`, `1.5s`, `2m`, `1h`, or a bare number of seconds → milliseconds. */
export function parseDurationMs(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|min|h)?$/.exec(text.trim().toLowerCase());
  if (match === null) return undefined;
  const unitMs = DURATION_UNITS_MS[match[2] ?? 's'];
  if (unitMs === undefined) return undefined;
  const durationMs = Number(match[1]) * unitMs;
  return Number.isFinite(durationMs) ? durationMs : undefined;
}

/** `256` or `256MB` → whole megabytes. */
export function parseMemorySizeMb(text: string): number | undefined {
  const match = /^(\d+)\s*(mb)?$/.exec(text.trim().toLowerCase());
  return match === null ? undefined : Number(match[1]);
}

function parseWholeNumber(text: string): number | undefined {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : undefined;
}

type Flag =
  | 'event'
  | 'rate'
  | 'duration'
  | 'memory'
  | 'timeout'
  | 'handler'
  | 'name'
  | 'concurrency'
  | 'idle-timeout'
  | 'report';
const VALUE_FLAGS: ReadonlySet<string> = new Set<Flag>([
  'event',
  'rate',
  'duration',
  'memory',
  'timeout',
  'handler',
  'name',
  'concurrency',
  'idle-timeout',
]);

/** Splits `--flag value` and `--flag=value`; the first error wins. */
function collect(argv: readonly string[]): { values: Map<string, string>; positionals: string[]; error?: string } {
  const values = new Map<string, string>();
  const positionals: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    if (!arg.startsWith('--') || arg === '--') {
      positionals.push(arg);
      continue;
    }
    const equalsAt = arg.indexOf('=');
    const flag = arg.slice(2, equalsAt < 0 ? undefined : equalsAt);
    if (flag === 'report') {
      if (equalsAt >= 0) return { values, positionals, error: '--report takes no value' };
      values.set('report', 'true');
      continue;
    }
    if (!VALUE_FLAGS.has(flag)) return { values, positionals, error: `unknown option --${flag}` };
    if (values.has(flag)) return { values, positionals, error: `--${flag} is given twice` };
    const value = equalsAt >= 0 ? arg.slice(equalsAt + 1) : argv[index + 1];
    if (value === undefined || (equalsAt < 0 && value.startsWith('--'))) {
      return { values, positionals, error: `--${flag} needs a value` };
    }
    if (equalsAt < 0) index += 1;
    values.set(flag, value);
  }
  return { values, positionals };
}

/** The arguments after `lambdatop local`, with a one-line error naming what to change. */
export function parseLocalArgs(argv: readonly string[]): LocalArgsResult {
  const { values, positionals, error } = collect(argv);
  if (error !== undefined) return { ok: false, error };
  if (positionals.length === 0) return { ok: false, error: 'give the handler file, e.g. lambdatop local ./handler.js' };
  if (positionals.length > 1) return { ok: false, error: `one handler file only, got ${positionals.join(' ')}` };
  const handlerPath = positionals[0] ?? '';

  const read = <T>(flag: Flag, parse: (text: string) => T | undefined, fallback: T, expected: string) => {
    const text = values.get(flag);
    if (text === undefined) return { value: fallback };
    const value = parse(text);
    return value === undefined ? { error: `--${flag}: expected ${expected}, got '${text}'` } : { value };
  };

  const rate = read('rate', parseRatePerSecond, DEFAULTS.ratePerSecond, 'a rate like 20/s, 300/min or 0.5/s');
  if (rate.error !== undefined) return { ok: false, error: rate.error };
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
  const concurrency = read('concurrency', parseWholeNumber, undefined, 'a whole number of environments like 5');
  if (concurrency.error !== undefined) return { ok: false, error: concurrency.error };
  if (concurrency.value === 0) return { ok: false, error: '--concurrency: must be at least 1' };
  const idle = read('idle-timeout', parseDurationMs, undefined, 'a duration like 60s');
  if (idle.error !== undefined) return { ok: false, error: idle.error };
  if (idle.value === 0) return { ok: false, error: '--idle-timeout: must be above 0' };

  const handlerExport = values.get('handler') ?? DEFAULTS.handlerExport;
  if (!/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(handlerExport)) {
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

/** `./src/get-order.handler.mjs` → `get-order-handler`: a valid function name from a file name. */
export function toFunctionName(handlerPath: string): string {
  const stem = basename(handlerPath, extname(handlerPath))
    .replace(/[^a-zA-Z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
  return stem === '' ? 'local-function' : stem;
}
