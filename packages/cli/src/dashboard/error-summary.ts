import type { InvocationRecord } from '../core/join/invocation-record.js';

const MAX_SUMMARY_CHARS = 160;
/** Node's text format: `<time>\t<request id>\tERROR\t<message>`; Python puts `[ERROR]` first. */
const TEXT_ERROR_LEVEL = /(?:^|\t| )(?:\[(?:ERROR|FATAL|CRITICAL)\]|ERROR|FATAL)(?:\t| )+/;
const JSON_ERROR_LEVEL = /"level"\s*:\s*"(?:error|fatal|critical)"|"level"\s*:\s*(?:50|60)\b/i;

function firstString(...values: unknown[]): string | undefined {
  for (const value of values) if (typeof value === 'string' && value.trim().length > 0) return value;
  return undefined;
}

/** The message of a JSON log document: pino's msg, Lambda's errorMessage, an error object's message. */
function messageOfJson(text: string): string | undefined {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    // Not JSON after all: the caller falls back to the raw text.
    return undefined;
  }
  if (typeof document !== 'object' || document === null) return undefined;
  const fields = document as Record<string, unknown>;
  const nested = fields.error ?? fields.err;
  const error = typeof nested === 'object' && nested !== null ? (nested as Record<string, unknown>) : {};
  const detail = firstString(fields.errorMessage, error.message);
  const type = firstString(fields.errorType, error.name, error.type);
  const message = firstString(fields.msg, fields.message);
  const described = detail === undefined ? undefined : type === undefined ? detail : `${type}: ${detail}`;
  if (described !== undefined && message !== undefined && detail !== undefined && !message.includes(detail)) {
    return `${message}: ${described}`;
  }
  return message ?? described;
}

/** The message of one ERROR/FATAL line, or undefined when the line is not one. */
export function errorMessageOfLine(line: string): string | undefined {
  const trimmed = line.trim();
  if (trimmed.startsWith('{')) return JSON_ERROR_LEVEL.test(trimmed) ? (messageOfJson(trimmed) ?? trimmed) : undefined;
  const level = TEXT_ERROR_LEVEL.exec(trimmed);
  if (level === null) return undefined;
  const rest = trimmed.slice(level.index + level[0].length).trim();
  // `Invoke Error \t{"errorType":…,"errorMessage":…}`: the JSON tail says it best.
  const brace = rest.indexOf('{');
  if (brace >= 0) {
    const fromJson = messageOfJson(rest.slice(brace));
    if (fromJson !== undefined) return fromJson;
  }
  return rest.length > 0 ? rest : undefined;
}

/** One line on what went wrong in a failed invocation: its error type and first error message, when the logs hold them. */
export function summariseError(record: InvocationRecord): string {
  let message: string | undefined;
  for (const line of record.lines) {
    message = errorMessageOfLine(line);
    if (message !== undefined) break;
  }
  const parts = [record.errorType, message].filter((part): part is string => part !== undefined && part.length > 0);
  const text = parts.length === 0 ? `failed (${record.status ?? 'error logged'})` : parts.join(': ');
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > MAX_SUMMARY_CHARS ? `${oneLine.slice(0, MAX_SUMMARY_CHARS - 1)}…` : oneLine;
}
