import { compileJsonFilterPattern } from './json-filter-pattern.js';
import { readQuoted } from './read-quoted.js';

/**
 * CloudWatch Logs filter patterns (FilterLogEvents, StartLiveTail), the subset documented in README.md.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 * Syntax outside the subset is refused with a reason, never approximated: a wrong match would hide a client bug.
 */
export type LogMessageMatcher = (message: string) => boolean;

export type CompiledFilterPattern =
  | { readonly ok: true; readonly matches: LogMessageMatcher }
  | { readonly ok: false; readonly reason: string };

/** The service's limit on filterPattern and logEventFilterPattern. */
export const MAX_FILTER_PATTERN_LENGTH = 1024;

const matchAll: LogMessageMatcher = () => true;

interface Term {
  readonly text: string;
  readonly role: 'required' | 'optional' | 'excluded';
}

export function compileFilterPattern(pattern: string | undefined): CompiledFilterPattern {
  if (pattern === undefined) return { ok: true, matches: matchAll };
  if (pattern.length > MAX_FILTER_PATTERN_LENGTH) {
    return { ok: false, reason: `the filter pattern is longer than ${MAX_FILTER_PATTERN_LENGTH} characters` };
  }
  const trimmed = pattern.trim();
  if (trimmed === '' || trimmed === '""') return { ok: true, matches: matchAll };
  if (trimmed.startsWith('{')) return compileJsonFilterPattern(trimmed);
  if (trimmed.startsWith('[')) {
    return { ok: false, reason: 'space-delimited filter patterns ([a, b, ...]) are not supported by the local server' };
  }
  if (trimmed.startsWith('%')) {
    return { ok: false, reason: 'regular-expression filter patterns (%...%) are not supported by the local server' };
  }
  const terms = parseTerms(trimmed);
  if (typeof terms === 'string') return { ok: false, reason: terms };
  return compileTerms(terms);
}

function compileTerms(terms: readonly Term[]): CompiledFilterPattern {
  const optional = terms.filter((term) => term.role === 'optional').map((term) => term.text);
  const required = terms.filter((term) => term.role === 'required').map((term) => term.text);
  const excluded = terms.filter((term) => term.role === 'excluded').map((term) => term.text);
  if (optional.length > 0 && optional.length !== terms.length) {
    return {
      ok: false,
      reason: 'mixing ?term (OR) with plain or -term terms is not supported by the local server; use only ?terms',
    };
  }
  if (optional.length > 0) {
    return { ok: true, matches: (message) => optional.some((term) => containsTerm(message, term)) };
  }
  return {
    ok: true,
    matches: (message) =>
      required.every((term) => containsTerm(message, term)) && !excluded.some((term) => containsTerm(message, term)),
  };
}

function parseTerms(pattern: string): readonly Term[] | string {
  const terms: Term[] = [];
  let index = 0;
  while (index < pattern.length) {
    const char = pattern[index];
    if (char === ' ' || char === '\t') {
      index += 1;
      continue;
    }
    let role: Term['role'] = 'required';
    if (char === '?' || char === '-') {
      role = char === '?' ? 'optional' : 'excluded';
      index += 1;
    }
    if (pattern[index] === '"') {
      const quoted = readQuoted(pattern, index);
      if (quoted === undefined) return `unterminated quoted term at character ${index}`;
      if (quoted.text === '') return `empty quoted term at character ${index}`;
      terms.push({ text: quoted.text, role });
      index = quoted.end;
      continue;
    }
    const start = index;
    while (index < pattern.length && pattern[index] !== ' ' && pattern[index] !== '\t') index += 1;
    const word = pattern.slice(start, index);
    if (word === '') return `a ${role === 'optional' ? '?' : '-'} must be followed by a term at character ${start}`;
    if (!/^[A-Za-z0-9_]+$/.test(word)) {
      return `the term ${JSON.stringify(word)} has non-alphanumeric characters: put it in double quotes`;
    }
    terms.push({ text: word, role });
  }
  return terms;
}

const WORD_CHAR = /[A-Za-z0-9_]/;

function isWordChar(char: string | undefined): boolean {
  return char !== undefined && WORD_CHAR.test(char);
}

/**
 * A term matches as a whole word: where the term itself begins or ends with a word character, the neighbouring
 * character in the message must not be one (so ERROR matches "[ERROR]" and "ERROR:" but not "ERRORS").
 */
export function containsTerm(message: string, term: string): boolean {
  const needsLeftBoundary = isWordChar(term[0]);
  const needsRightBoundary = isWordChar(term[term.length - 1]);
  let from = 0;
  for (;;) {
    const at = message.indexOf(term, from);
    if (at < 0) return false;
    const leftOk = !needsLeftBoundary || !isWordChar(message[at - 1]);
    const rightOk = !needsRightBoundary || !isWordChar(message[at + term.length]);
    if (leftOk && rightOk) return true;
    from = at + 1;
  }
}
