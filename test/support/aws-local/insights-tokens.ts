/**
 * Tokens of the Logs Insights query language (the subset in README.md), each with its character offsets so a
 * MalformedQueryException can point at the problem like the service's queryCompileError does.
 */
export type InsightsToken =
  | { readonly kind: 'ident'; readonly text: string; readonly start: number; readonly end: number }
  | { readonly kind: 'string'; readonly text: string; readonly start: number; readonly end: number }
  | { readonly kind: 'number'; readonly value: number; readonly start: number; readonly end: number }
  | {
      readonly kind: 'duration';
      readonly ms: number;
      readonly text: string;
      readonly start: number;
      readonly end: number;
    }
  | { readonly kind: 'regex'; readonly regex: RegExp; readonly start: number; readonly end: number }
  | { readonly kind: 'op'; readonly text: string; readonly start: number; readonly end: number };

export class InsightsSyntaxError extends Error {
  constructor(
    message: string,
    readonly startCharOffset: number,
    readonly endCharOffset: number,
  ) {
    super(message);
  }
}

const DURATION_UNITS_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const OPERATORS = ['!=', '<=', '>=', '=~', '|', '(', ')', '[', ']', ',', '=', '<', '>', '+', '-', '*', '/', '%', '^'];

export function tokenizeInsightsQuery(query: string): InsightsToken[] {
  const tokens: InsightsToken[] = [];
  let index = 0;
  while (index < query.length) {
    const char = query[index] as string;
    if (/\s/.test(char)) {
      index += 1;
    } else if (char === '#') {
      while (index < query.length && query[index] !== '\n') index += 1;
    } else if (char === '"' || char === "'") {
      const { text, end } = readQuoted(query, index, char);
      tokens.push({ kind: 'string', text, start: index, end });
      index = end;
    } else if (char === '`') {
      const close = query.indexOf('`', index + 1);
      if (close < 0) throw new InsightsSyntaxError('unterminated `quoted` field name', index, query.length);
      tokens.push({ kind: 'ident', text: query.slice(index + 1, close), start: index, end: close + 1 });
      index = close + 1;
    } else if (char === '/' && regexAllowedAfter(tokens)) {
      const token = readRegex(query, index);
      tokens.push(token);
      index = token.end;
    } else if (/[0-9]/.test(char) || (char === '.' && /[0-9]/.test(query[index + 1] ?? ''))) {
      const token = readNumberOrDuration(query, index);
      tokens.push(token);
      index = token.end;
    } else if (/[A-Za-z_@$]/.test(char)) {
      const match = /^[A-Za-z_@$][A-Za-z0-9_@$.]*/.exec(query.slice(index)) as RegExpExecArray;
      const text = match[0].replace(/\.+$/, '');
      tokens.push({ kind: 'ident', text, start: index, end: index + text.length });
      index += text.length;
    } else {
      const op = OPERATORS.find((candidate) => query.startsWith(candidate, index));
      if (op === undefined) throw new InsightsSyntaxError(`unexpected character '${char}'`, index, index + 1);
      tokens.push({ kind: 'op', text: op, start: index, end: index + op.length });
      index += op.length;
    }
  }
  return tokens;
}

/** `/` starts a regular expression after `like`, `=~`, `not like` and `parse <field>`; elsewhere it divides. */
function regexAllowedAfter(tokens: readonly InsightsToken[]): boolean {
  const previous = tokens[tokens.length - 1];
  const beforePrevious = tokens[tokens.length - 2];
  if (previous === undefined) return false;
  if (previous.kind === 'op') return previous.text === '=~' || previous.text === '(' || previous.text === ',';
  if (previous.kind !== 'ident') return false;
  if (previous.text.toLowerCase() === 'like') return true;
  return beforePrevious?.kind === 'ident' && beforePrevious.text.toLowerCase() === 'parse';
}

function readQuoted(query: string, open: number, quote: string): { text: string; end: number } {
  let text = '';
  for (let index = open + 1; index < query.length; index += 1) {
    const char = query[index] as string;
    if (char === '\\' && index + 1 < query.length) {
      const next = query[index + 1] as string;
      text += next === 'n' ? '\n' : next === 't' ? '\t' : next;
      index += 1;
    } else if (char === quote) {
      return { text, end: index + 1 };
    } else {
      text += char;
    }
  }
  throw new InsightsSyntaxError('unterminated string', open, query.length);
}

function readRegex(query: string, open: number): InsightsToken {
  let index = open + 1;
  let inClass = false;
  while (index < query.length) {
    const char = query[index];
    if (char === '\\') index += 2;
    else {
      if (char === '[') inClass = true;
      else if (char === ']') inClass = false;
      else if (char === '/' && !inClass) break;
      index += 1;
    }
  }
  if (index >= query.length) throw new InsightsSyntaxError('unterminated regular expression', open, query.length);
  const source = query.slice(open + 1, index);
  const flags = /^[a-z]*/.exec(query.slice(index + 1))?.[0] ?? '';
  const end = index + 1 + flags.length;
  if (/[^i]/.test(flags)) throw new InsightsSyntaxError(`unsupported regular expression flags '${flags}'`, open, end);
  try {
    return { kind: 'regex', regex: new RegExp(source, flags), start: open, end };
  } catch (error) {
    throw new InsightsSyntaxError(`invalid regular expression: ${(error as Error).message}`, open, end);
  }
}

function readNumberOrDuration(query: string, start: number): InsightsToken {
  const match = /^(\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?([A-Za-z]*)/.exec(query.slice(start)) as RegExpExecArray;
  const end = start + match[0].length;
  const unit = match[2] ?? '';
  if (unit === '') return { kind: 'number', value: Number(match[0]), start, end };
  const unitMs = DURATION_UNITS_MS[unit];
  if (unitMs === undefined) throw new InsightsSyntaxError(`unknown time unit '${unit}' in '${match[0]}'`, start, end);
  return { kind: 'duration', ms: Number(match[1]) * unitMs, text: match[0], start, end };
}
