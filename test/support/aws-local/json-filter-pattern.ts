import type { CompiledFilterPattern, LogMessageMatcher } from './filter-pattern.js';
import { readQuoted } from './read-quoted.js';

/**
 * JSON filter patterns: `{ $.level = "ERROR" }`, `{ $.latency > 100 }`, `&&`, `||`, parentheses,
 * `IS NULL`, `IS TRUE`, `IS FALSE`, `NOT EXISTS`, `*` wildcards inside string values.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html#matching-terms-json-log-events
 */
type Token =
  | { readonly kind: 'punct'; readonly text: string; readonly at: number }
  | { readonly kind: 'selector'; readonly path: readonly (string | number)[]; readonly at: number }
  | { readonly kind: 'string'; readonly text: string; readonly at: number }
  | { readonly kind: 'word'; readonly text: string; readonly at: number };

type Condition = (document: unknown) => boolean;

class PatternSyntaxError extends Error {}

const MISSING = Symbol('missing');

export function compileJsonFilterPattern(pattern: string): CompiledFilterPattern {
  try {
    const tokens = tokenize(pattern);
    const parser = new Parser(tokens);
    parser.expect('{');
    const condition = parser.parseOr();
    parser.expect('}');
    parser.expectEnd();
    const matches: LogMessageMatcher = (message) => {
      const document = toJsonDocument(message);
      return document !== undefined && condition(document);
    };
    return { ok: true, matches };
  } catch (error) {
    if (error instanceof PatternSyntaxError) return { ok: false, reason: error.message };
    throw error;
  }
}

/** The whole message as JSON, or else the JSON object that ends it (Lambda's text format prefixes app lines). */
function toJsonDocument(message: string): unknown {
  const whole = tryParseJson(message);
  if (whole !== undefined) return whole;
  const brace = message.indexOf('{');
  return brace > 0 ? tryParseJson(message.slice(brace)) : undefined;
}

function tryParseJson(text: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < pattern.length) {
    const char = pattern[index] ?? '';
    if (/\s/.test(char)) {
      index += 1;
      continue;
    }
    const two = pattern.slice(index, index + 2);
    if (['&&', '||', '!=', '<=', '>='].includes(two)) {
      tokens.push({ kind: 'punct', text: two, at: index });
      index += 2;
    } else if ('{}()=<>'.includes(char)) {
      tokens.push({ kind: 'punct', text: char, at: index });
      index += 1;
    } else if (char === '$') {
      const { path, end } = readSelector(pattern, index);
      tokens.push({ kind: 'selector', path, at: index });
      index = end;
    } else if (char === '"') {
      const quoted = readQuoted(pattern, index);
      if (quoted === undefined) throw new PatternSyntaxError(`unterminated string at ${index}`);
      const { text, end } = quoted;
      tokens.push({ kind: 'string', text, at: index });
      index = end;
    } else if (char === '%') {
      throw new PatternSyntaxError('regular expressions (%...%) in JSON filter patterns are not supported locally');
    } else {
      const match = /^[A-Za-z0-9_.*+-]+/.exec(pattern.slice(index));
      if (match === null) throw new PatternSyntaxError(`unexpected character ${JSON.stringify(char)} at ${index}`);
      tokens.push({ kind: 'word', text: match[0], at: index });
      index += match[0].length;
    }
  }
  return tokens;
}

function readSelector(pattern: string, start: number): { path: (string | number)[]; end: number } {
  const path: (string | number)[] = [];
  let index = start + 1;
  for (;;) {
    if (pattern[index] === '.') {
      const match = /^[A-Za-z0-9_-]+/.exec(pattern.slice(index + 1));
      if (match === null) throw new PatternSyntaxError(`expected a property name after '.' at ${index}`);
      path.push(match[0]);
      index += 1 + match[0].length;
    } else if (pattern[index] === '[') {
      const match = /^\[(\d+)\]/.exec(pattern.slice(index));
      if (match === null)
        throw new PatternSyntaxError(`only numeric array indexes like [0] are supported, at ${index}`);
      path.push(Number(match[1]));
      index += match[0].length;
    } else {
      break;
    }
  }
  if (path.length === 0) throw new PatternSyntaxError(`a selector must name a property, like $.level, at ${start}`);
  return { path, end: index };
}

class Parser {
  private position = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  expect(text: string): void {
    const token = this.tokens[this.position];
    if (token?.kind !== 'punct' || token.text !== text) {
      throw new PatternSyntaxError(`expected '${text}' ${describeAt(token)}`);
    }
    this.position += 1;
  }

  expectEnd(): void {
    const token = this.tokens[this.position];
    if (token !== undefined) throw new PatternSyntaxError(`unexpected input ${describeAt(token)}`);
  }

  parseOr(): Condition {
    const parts = [this.parseAnd()];
    while (this.peekPunct('||')) {
      this.position += 1;
      parts.push(this.parseAnd());
    }
    return parts.length === 1 ? (parts[0] as Condition) : (document) => parts.some((part) => part(document));
  }

  private parseAnd(): Condition {
    const parts = [this.parseUnary()];
    while (this.peekPunct('&&')) {
      this.position += 1;
      parts.push(this.parseUnary());
    }
    return parts.length === 1 ? (parts[0] as Condition) : (document) => parts.every((part) => part(document));
  }

  private parseUnary(): Condition {
    if (this.peekPunct('(')) {
      this.position += 1;
      const inner = this.parseOr();
      this.expect(')');
      return inner;
    }
    const selector = this.tokens[this.position];
    if (selector?.kind !== 'selector')
      throw new PatternSyntaxError(`expected a selector like $.field ${describeAt(selector)}`);
    this.position += 1;
    const next = this.tokens[this.position];
    if (next?.kind === 'word' && (next.text === 'IS' || next.text === 'NOT'))
      return this.parseKeywordTest(selector.path);
    if (next?.kind !== 'punct' || !['=', '!=', '<', '<=', '>', '>='].includes(next.text)) {
      throw new PatternSyntaxError(`expected a comparison operator ${describeAt(next)}`);
    }
    this.position += 1;
    const value = this.tokens[this.position];
    if (value?.kind !== 'string' && value?.kind !== 'word')
      throw new PatternSyntaxError(`expected a value ${describeAt(value)}`);
    this.position += 1;
    return createComparison(selector.path, next.text, value);
  }

  private parseKeywordTest(path: readonly (string | number)[]): Condition {
    const first = this.tokens[this.position];
    const second = this.tokens[this.position + 1];
    this.position += 2;
    const keyword = `${first?.kind === 'word' ? first.text : ''} ${second?.kind === 'word' ? second.text : ''}`;
    switch (keyword) {
      case 'IS NULL':
        return (document) => select(document, path) === null;
      case 'IS TRUE':
        return (document) => select(document, path) === true;
      case 'IS FALSE':
        return (document) => select(document, path) === false;
      case 'NOT EXISTS':
        return (document) => select(document, path) === MISSING;
      default:
        throw new PatternSyntaxError(`expected IS NULL, IS TRUE, IS FALSE or NOT EXISTS ${describeAt(first)}`);
    }
  }

  private peekPunct(text: string): boolean {
    const token = this.tokens[this.position];
    return token?.kind === 'punct' && token.text === text;
  }
}

function createComparison(path: readonly (string | number)[], operator: string, value: Token): Condition {
  const text = value.kind === 'string' || value.kind === 'word' ? value.text : '';
  const numeric = value.kind === 'word' && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text) ? Number(text) : undefined;
  if (numeric !== undefined) {
    return (document) => {
      const field = select(document, path);
      return typeof field === 'number' && compareNumbers(field, operator, numeric);
    };
  }
  if (operator !== '=' && operator !== '!=') {
    throw new PatternSyntaxError(`the operator ${operator} needs a numeric value, got ${JSON.stringify(text)}`);
  }
  const wildcard = new RegExp(`^${text.split('*').map(escapeRegExp).join('.*')}$`, 's');
  return (document) => {
    const field = select(document, path);
    if (typeof field !== 'string' && typeof field !== 'number' && typeof field !== 'boolean') return false;
    const equal = wildcard.test(String(field));
    return operator === '=' ? equal : !equal;
  };
}

function compareNumbers(field: number, operator: string, value: number): boolean {
  switch (operator) {
    case '=':
      return field === value;
    case '!=':
      return field !== value;
    case '<':
      return field < value;
    case '<=':
      return field <= value;
    case '>':
      return field > value;
    default:
      return field >= value;
  }
}

function select(document: unknown, path: readonly (string | number)[]): unknown {
  let current: unknown = document;
  for (const key of path) {
    if (typeof key === 'number') {
      if (!Array.isArray(current) || key >= current.length) return MISSING;
      current = current[key];
    } else {
      if (typeof current !== 'object' || current === null || Array.isArray(current) || !Object.hasOwn(current, key)) {
        return MISSING;
      }
      current = (current as Record<string, unknown>)[key];
    }
  }
  return current;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function describeAt(token: Token | undefined): string {
  return token === undefined ? 'at the end of the pattern' : `at character ${token.at}`;
}
