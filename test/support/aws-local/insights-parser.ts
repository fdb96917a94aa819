import { InsightsSyntaxError, type InsightsToken, tokenizeInsightsQuery } from './insights-tokens.js';

/**
 * The Logs Insights commands this server runs, parsed into a pipeline.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax.html
 */
export type InsightsExpr =
  | { readonly kind: 'field'; readonly name: string }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'regex'; readonly regex: RegExp }
  | { readonly kind: 'duration'; readonly ms: number }
  | { readonly kind: 'star' }
  | { readonly kind: 'negate'; readonly operand: InsightsExpr }
  | { readonly kind: 'not'; readonly operand: InsightsExpr }
  | { readonly kind: 'binary'; readonly op: string; readonly left: InsightsExpr; readonly right: InsightsExpr }
  | {
      readonly kind: 'in';
      readonly operand: InsightsExpr;
      readonly list: readonly InsightsExpr[];
      readonly negated: boolean;
    }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly InsightsExpr[] };

export interface NamedExpr {
  readonly expr: InsightsExpr;
  /** The alias after `as`, or the expression's own text, as the service names result columns. */
  readonly name: string;
}

export type InsightsCommand =
  | { readonly kind: 'fields'; readonly items: readonly NamedExpr[] }
  | { readonly kind: 'display'; readonly names: readonly string[] }
  | { readonly kind: 'filter'; readonly condition: InsightsExpr }
  | { readonly kind: 'parse'; readonly source: string; readonly regex: RegExp; readonly names: readonly string[] }
  | { readonly kind: 'stats'; readonly aggregates: readonly NamedExpr[]; readonly groupBy: readonly NamedExpr[] }
  | { readonly kind: 'sort'; readonly keys: readonly SortKey[] }
  | { readonly kind: 'limit'; readonly count: number }
  | { readonly kind: 'dedup'; readonly names: readonly string[] };

/** `name` is the key's own text, so `sort bin(5m)` after `stats … by bin(5m)` finds that column. */
export interface SortKey {
  readonly expr: InsightsExpr;
  readonly name: string;
  readonly descending: boolean;
}

export const AGGREGATE_FUNCTIONS = new Set(['count', 'sum', 'avg', 'min', 'max', 'pct', 'count_distinct']);

export const SCALAR_FUNCTIONS = new Set([
  'ispresent',
  'isempty',
  'isblank',
  'strcontains',
  'strlen',
  'tolower',
  'toupper',
  'concat',
  'substr',
  'replace',
  'trim',
  'abs',
  'ceil',
  'floor',
  'sqrt',
  'log',
  'greatest',
  'least',
  'bin',
  'frommillis',
  'tomillis',
]);

const COMMANDS = ['fields', 'display', 'filter', 'parse', 'stats', 'sort', 'limit', 'dedup'];
const UNSUPPORTED_COMMANDS = [
  'unmask',
  'pattern',
  'diff',
  'anomaly',
  'unnest',
  'lookup',
  'filterindex',
  'source',
  'sql',
];
const COMPARISONS = ['=', '!=', '<', '<=', '>', '>=', '=~'];
export const MAX_QUERY_LIMIT = 10_000;

export function parseInsightsQuery(query: string): InsightsCommand[] {
  const tokens = tokenizeInsightsQuery(query);
  if (tokens.length === 0) throw new InsightsSyntaxError('the query is empty', 0, query.length);
  return new Parser(query, tokens).parseQuery();
}

class Parser {
  private position = 0;

  constructor(
    private readonly query: string,
    private readonly tokens: readonly InsightsToken[],
  ) {}

  parseQuery(): InsightsCommand[] {
    const commands: InsightsCommand[] = [];
    for (;;) {
      commands.push(this.parseCommand());
      const next = this.peek();
      if (next === undefined) return commands;
      if (!this.isOp(next, '|')) throw this.error(`expected '|' or the end of the query`, next);
      this.position += 1;
    }
  }

  private parseCommand(): InsightsCommand {
    const token = this.next('a command');
    const name = token.kind === 'ident' ? token.text.toLowerCase() : '';
    if (UNSUPPORTED_COMMANDS.includes(name)) {
      throw this.error(
        `the command '${name}' is not supported by the local server (supported: ${COMMANDS.join(', ')})`,
        token,
      );
    }
    switch (name) {
      case 'fields':
        return { kind: 'fields', items: this.parseNamedList() };
      case 'display':
        return { kind: 'display', names: this.parseFieldNames() };
      case 'filter':
        return { kind: 'filter', condition: this.parseExpr() };
      case 'parse':
        return this.parseParse();
      case 'stats':
        return this.parseStats();
      case 'sort':
        return this.parseSort();
      case 'limit': {
        const count = this.next('a row count');
        if (
          count.kind !== 'number' ||
          !Number.isInteger(count.value) ||
          count.value < 1 ||
          count.value > MAX_QUERY_LIMIT
        ) {
          throw this.error(`limit needs a whole number between 1 and ${MAX_QUERY_LIMIT}`, count);
        }
        return { kind: 'limit', count: count.value };
      }
      case 'dedup':
        return { kind: 'dedup', names: this.parseFieldNames() };
      default:
        throw this.error(`unknown command '${tokenText(token)}' (supported: ${COMMANDS.join(', ')})`, token);
    }
  }

  private parseParse(): InsightsCommand {
    const source = this.next('the field to parse');
    if (source.kind !== 'ident') throw this.error('parse needs a field, like parse @message "..." as a, b', source);
    const pattern = this.next('a glob string or /regex/');
    if (pattern.kind === 'regex') {
      const names = [...pattern.regex.source.matchAll(/\(\?<([A-Za-z_][A-Za-z0-9_]*)>/g)].map((m) => m[1] as string);
      if (names.length === 0) throw this.error('a parse regex needs named groups like (?<name>...)', pattern);
      return { kind: 'parse', source: source.text, regex: pattern.regex, names };
    }
    if (pattern.kind !== 'string') throw this.error('parse needs a "glob * pattern" or a /regex/', pattern);
    const pieces = pattern.text.split('*');
    const asToken = this.next("'as'");
    if (!this.isKeyword(asToken, 'as')) throw this.error("a glob parse needs 'as' and field names", asToken);
    const names = this.parseFieldNames();
    if (names.length !== pieces.length - 1) {
      throw this.error(`the glob has ${pieces.length - 1} '*' but ${names.length} names follow 'as'`, pattern);
    }
    const groups = pieces.map(escapeRegExp);
    // Each * is lazy except a trailing one, which must take the rest of the text rather than nothing.
    const globRegex = groups.reduce((acc, piece, index) => {
      if (index === 0) return piece;
      const capture = index === groups.length - 1 && piece === '' ? '(.*)' : '(.*?)';
      return `${acc}${capture}${piece}`;
    }, '');
    return { kind: 'parse', source: source.text, regex: new RegExp(globRegex, 's'), names };
  }

  private parseStats(): InsightsCommand {
    const aggregates: NamedExpr[] = [];
    const groupBy: NamedExpr[] = [];
    for (;;) {
      aggregates.push(this.parseNamed());
      if (!this.consumeOp(',')) break;
    }
    if (this.isKeyword(this.peek(), 'by')) {
      this.position += 1;
      groupBy.push(...this.parseNamedList());
    }
    for (const aggregate of aggregates) {
      if (!containsAggregate(aggregate.expr)) {
        throw this.error(
          `'${aggregate.name}' in stats must use an aggregate function (${[...AGGREGATE_FUNCTIONS].join(', ')})`,
        );
      }
    }
    return { kind: 'stats', aggregates, groupBy };
  }

  private parseSort(): InsightsCommand {
    const keys: SortKey[] = [];
    for (;;) {
      const startToken = this.peek();
      const expr = this.parseExpr();
      const name = this.query.slice(startToken?.start ?? 0, this.tokens[this.position - 1]?.end ?? 0).trim();
      let descending = false;
      const direction = this.peek();
      if (this.isKeyword(direction, 'desc') || this.isKeyword(direction, 'asc')) {
        descending = this.isKeyword(direction, 'desc');
        this.position += 1;
      }
      keys.push({ expr, name, descending });
      if (!this.consumeOp(',')) return { kind: 'sort', keys };
    }
  }

  private parseNamedList(): NamedExpr[] {
    const items = [this.parseNamed()];
    while (this.consumeOp(',')) items.push(this.parseNamed());
    return items;
  }

  private parseNamed(): NamedExpr {
    const startToken = this.peek();
    const expr = this.parseExpr();
    const endToken = this.tokens[this.position - 1];
    let name = this.query.slice(startToken?.start ?? 0, endToken?.end ?? 0).trim();
    if (this.isKeyword(this.peek(), 'as')) {
      this.position += 1;
      const alias = this.next('a name after as');
      if (alias.kind !== 'ident') throw this.error("expected a name after 'as'", alias);
      name = alias.text;
    }
    return { expr, name };
  }

  private parseFieldNames(): string[] {
    const names: string[] = [];
    for (;;) {
      const token = this.next('a field name');
      if (token.kind !== 'ident') throw this.error('expected a field name', token);
      names.push(token.text);
      if (!this.consumeOp(',')) return names;
    }
  }

  private parseExpr(): InsightsExpr {
    return this.parseOr();
  }

  private parseOr(): InsightsExpr {
    let left = this.parseAnd();
    while (this.isKeyword(this.peek(), 'or')) {
      this.position += 1;
      left = { kind: 'binary', op: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): InsightsExpr {
    let left = this.parseNot();
    while (this.isKeyword(this.peek(), 'and')) {
      this.position += 1;
      left = { kind: 'binary', op: 'and', left, right: this.parseNot() };
    }
    return left;
  }

  private parseNot(): InsightsExpr {
    if (this.isKeyword(this.peek(), 'not')) {
      this.position += 1;
      return { kind: 'not', operand: this.parseNot() };
    }
    return this.parseComparison();
  }

  private parseComparison(): InsightsExpr {
    const left = this.parseAdditive();
    const token = this.peek();
    if (token?.kind === 'op' && COMPARISONS.includes(token.text)) {
      this.position += 1;
      return { kind: 'binary', op: token.text, left, right: this.parseAdditive() };
    }
    let negated = false;
    if (this.isKeyword(token, 'not')) {
      const after = this.tokens[this.position + 1];
      if (this.isKeyword(after, 'like') || this.isKeyword(after, 'in')) {
        negated = true;
        this.position += 1;
      }
    }
    const keyword = this.peek();
    if (this.isKeyword(keyword, 'like')) {
      this.position += 1;
      const like: InsightsExpr = { kind: 'binary', op: 'like', left, right: this.parseAdditive() };
      return negated ? { kind: 'not', operand: like } : like;
    }
    if (this.isKeyword(keyword, 'in')) {
      this.position += 1;
      const open = this.next("'['");
      if (!this.isOp(open, '[')) throw this.error('\'in\' needs a list like ["a", "b"]', open);
      const list: InsightsExpr[] = [];
      if (!this.consumeOp(']')) {
        for (;;) {
          list.push(this.parseAdditive());
          if (this.consumeOp(']')) break;
          const comma = this.next("',' or ']'");
          if (!this.isOp(comma, ',')) throw this.error("expected ',' or ']'", comma);
        }
      }
      return { kind: 'in', operand: left, list, negated };
    }
    return left;
  }

  private parseAdditive(): InsightsExpr {
    let left = this.parseMultiplicative();
    for (;;) {
      const token = this.peek();
      if (!this.isOp(token, '+') && !this.isOp(token, '-')) return left;
      this.position += 1;
      left = { kind: 'binary', op: tokenText(token), left, right: this.parseMultiplicative() };
    }
  }

  private parseMultiplicative(): InsightsExpr {
    let left = this.parsePower();
    for (;;) {
      const token = this.peek();
      if (!this.isOp(token, '*') && !this.isOp(token, '/') && !this.isOp(token, '%')) return left;
      this.position += 1;
      left = { kind: 'binary', op: tokenText(token), left, right: this.parsePower() };
    }
  }

  private parsePower(): InsightsExpr {
    const left = this.parseUnary();
    if (!this.consumeOp('^')) return left;
    return { kind: 'binary', op: '^', left, right: this.parsePower() };
  }

  private parseUnary(): InsightsExpr {
    if (this.consumeOp('-')) return { kind: 'negate', operand: this.parseUnary() };
    return this.parsePrimary();
  }

  private parsePrimary(): InsightsExpr {
    const token = this.next('an expression');
    switch (token.kind) {
      case 'string':
        return { kind: 'string', value: token.text };
      case 'number':
        return { kind: 'number', value: token.value };
      case 'duration':
        return { kind: 'duration', ms: token.ms };
      case 'regex':
        return { kind: 'regex', regex: token.regex };
      case 'op':
        if (token.text === '(') {
          const inner = this.parseExpr();
          const close = this.next("')'");
          if (!this.isOp(close, ')')) throw this.error("expected ')'", close);
          return inner;
        }
        if (token.text === '*') return { kind: 'star' };
        throw this.error(`unexpected '${token.text}'`, token);
      default:
        return this.isOp(this.peek(), '(') ? this.parseCall(token) : { kind: 'field', name: token.text };
    }
  }

  private parseCall(nameToken: InsightsToken & { kind: 'ident' }): InsightsExpr {
    const name = nameToken.text.toLowerCase();
    if (!AGGREGATE_FUNCTIONS.has(name) && !SCALAR_FUNCTIONS.has(name)) {
      throw this.error(`the function '${nameToken.text}' is not supported by the local server`, nameToken);
    }
    this.position += 1;
    const args: InsightsExpr[] = [];
    if (!this.consumeOp(')')) {
      for (;;) {
        args.push(this.parseExpr());
        if (this.consumeOp(')')) break;
        const comma = this.next("',' or ')'");
        if (!this.isOp(comma, ',')) throw this.error("expected ',' or ')'", comma);
      }
    }
    return { kind: 'call', name, args };
  }

  private peek(): InsightsToken | undefined {
    return this.tokens[this.position];
  }

  private next(what: string): InsightsToken {
    const token = this.tokens[this.position];
    if (token === undefined)
      throw new InsightsSyntaxError(`expected ${what} at the end of the query`, this.query.length, this.query.length);
    this.position += 1;
    return token;
  }

  private consumeOp(text: string): boolean {
    if (!this.isOp(this.peek(), text)) return false;
    this.position += 1;
    return true;
  }

  private isOp(token: InsightsToken | undefined, text: string): boolean {
    return token?.kind === 'op' && token.text === text;
  }

  private isKeyword(token: InsightsToken | undefined, keyword: string): boolean {
    return token?.kind === 'ident' && token.text.toLowerCase() === keyword;
  }

  private error(message: string, token?: InsightsToken): InsightsSyntaxError {
    const at = token ?? this.tokens[this.position - 1];
    return new InsightsSyntaxError(message, at?.start ?? 0, at?.end ?? this.query.length);
  }
}

export function containsAggregate(expr: InsightsExpr): boolean {
  switch (expr.kind) {
    case 'call':
      return AGGREGATE_FUNCTIONS.has(expr.name) || expr.args.some(containsAggregate);
    case 'binary':
      return containsAggregate(expr.left) || containsAggregate(expr.right);
    case 'negate':
    case 'not':
      return containsAggregate(expr.operand);
    case 'in':
      return containsAggregate(expr.operand);
    default:
      return false;
  }
}

function tokenText(token: InsightsToken | undefined): string {
  if (token === undefined) return '';
  if (token.kind === 'ident' || token.kind === 'op' || token.kind === 'string') return token.text;
  return '';
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
