import { evaluateExpr, InsightsEvaluationError, toStored } from './insights-evaluate.js';
import {
  AGGREGATE_FUNCTIONS,
  type InsightsCommand,
  type InsightsExpr,
  type NamedExpr,
  type SortKey,
} from './insights-parser.js';
import {
  compareValues,
  type InsightsRow,
  InsightsTime,
  type InsightsValue,
  isTruthy,
  toNumber,
  toResultString,
} from './insights-value.js';

/**
 * Runs a parsed query over rows that arrive newest first (the order the service scans in when no sort is given).
 * Pure: rows in, result rows out.
 */
export interface SourceRow {
  readonly values: InsightsRow;
  /** The @ptr of the event behind the row; aggregated rows have none. */
  readonly ptr?: string;
}

export interface ResultField {
  readonly field: string;
  readonly value: string;
}

export interface InsightsRunResult {
  readonly results: ResultField[][];
  /** Records that passed the filters: those entering the first stats, or the rows before any limit. */
  readonly recordsMatched: number;
}

const DEFAULT_FIELDS = ['@timestamp', '@message', '@logStream', '@log'];

export function runInsightsQuery(
  commands: readonly InsightsCommand[],
  source: readonly SourceRow[],
  limit: number,
): InsightsRunResult {
  let rows: SourceRow[] = [...source];
  let projection: string[] | undefined;
  let aggregated = false;
  let matched: number | undefined;
  for (const command of commands) {
    switch (command.kind) {
      case 'fields':
        rows = rows.map((row) => withFields(row, command.items));
        projection = appendNames(
          projection,
          command.items.map((item) => item.name),
        );
        break;
      case 'display':
        projection = [...command.names];
        break;
      case 'filter':
        rows = rows.filter((row) => isTruthy(evaluateExpr(command.condition, row.values)));
        break;
      case 'parse':
        rows = rows.map((row) => withParsed(row, command));
        break;
      case 'stats':
        matched ??= rows.length;
        rows = aggregate(rows, command.aggregates, command.groupBy);
        projection = [...command.groupBy, ...command.aggregates].map((item) => item.name);
        aggregated = true;
        break;
      case 'sort':
        rows = sortRows(rows, command.keys);
        break;
      case 'limit':
        matched ??= rows.length;
        rows = rows.slice(0, command.count);
        break;
      case 'dedup':
        rows = dedup(rows, command.names);
        break;
    }
  }
  matched ??= rows.length;
  const columns = projection ?? DEFAULT_FIELDS;
  const results = rows.slice(0, limit).map((row) => {
    const fields: ResultField[] = [];
    for (const name of columns) {
      const value = row.values[name];
      if (value !== undefined) fields.push({ field: name, value: toResultString(value) });
    }
    if (!aggregated && row.ptr !== undefined) fields.push({ field: '@ptr', value: row.ptr });
    return fields;
  });
  return { results, recordsMatched: matched };
}

function appendNames(current: string[] | undefined, names: readonly string[]): string[] {
  const next = [...(current ?? [])];
  for (const name of names) if (!next.includes(name)) next.push(name);
  return next;
}

function withFields(row: SourceRow, items: readonly NamedExpr[]): SourceRow {
  const values: Record<string, InsightsValue> = { ...row.values };
  for (const item of items) {
    const value = toStored(evaluateExpr(item.expr, row.values));
    if (value === undefined) delete values[item.name];
    else values[item.name] = value;
  }
  return { ...row, values };
}

function withParsed(row: SourceRow, command: Extract<InsightsCommand, { kind: 'parse' }>): SourceRow {
  const source = row.values[command.source];
  if (source === undefined) return row;
  const match = command.regex.exec(toResultString(source));
  if (match === null) return row;
  const values: Record<string, InsightsValue> = { ...row.values };
  command.names.forEach((name, index) => {
    const captured = match.groups?.[name] ?? match[index + 1];
    if (captured !== undefined) values[name] = captured;
  });
  return { ...row, values };
}

function aggregate(
  rows: readonly SourceRow[],
  aggregates: readonly NamedExpr[],
  groupBy: readonly NamedExpr[],
): SourceRow[] {
  const groups = new Map<string, { keys: (InsightsValue | undefined)[]; rows: SourceRow[] }>();
  for (const row of rows) {
    const keys = groupBy.map((item) => toStored(evaluateExpr(item.expr, row.values)));
    const id = JSON.stringify(keys.map((key) => (key === undefined ? null : [typeof key, toResultString(key)])));
    const group = groups.get(id) ?? { keys, rows: [] };
    group.rows.push(row);
    groups.set(id, group);
  }
  return [...groups.values()].map((group) => {
    const values: Record<string, InsightsValue> = {};
    groupBy.forEach((item, index) => {
      const key = group.keys[index];
      if (key !== undefined) values[item.name] = key;
    });
    for (const item of aggregates) {
      const value = evaluateAggregateExpr(item.expr, group.rows, values);
      if (value !== undefined) values[item.name] = value;
    }
    return { values };
  });
}

/** Aggregate calls are computed over the group, then the surrounding arithmetic runs on their results. */
function evaluateAggregateExpr(
  expr: InsightsExpr,
  rows: readonly SourceRow[],
  keyValues: InsightsRow,
): InsightsValue | undefined {
  const computed: Record<string, InsightsValue> = { ...keyValues };
  let counter = 0;
  const substitute = (node: InsightsExpr): InsightsExpr => {
    if (node.kind === 'call' && AGGREGATE_FUNCTIONS.has(node.name)) {
      const slot = `\u0000aggregate${counter}`;
      counter += 1;
      const value = computeAggregate(node.name, node.args, rows);
      if (value !== undefined) computed[slot] = value;
      return { kind: 'field', name: slot };
    }
    switch (node.kind) {
      case 'call':
        return { ...node, args: node.args.map(substitute) };
      case 'binary':
        return { ...node, left: substitute(node.left), right: substitute(node.right) };
      case 'negate':
      case 'not':
        return { ...node, operand: substitute(node.operand) };
      default:
        return node;
    }
  };
  return toStored(evaluateExpr(substitute(expr), computed));
}

function computeAggregate(
  name: string,
  args: readonly InsightsExpr[],
  rows: readonly SourceRow[],
): InsightsValue | undefined {
  const [first, second] = args;
  if (name === 'count' && (first === undefined || first.kind === 'star')) return rows.length;
  if (first === undefined || first.kind === 'star')
    throw new InsightsEvaluationError(`${name}() needs a field or expression`);
  const values = rows
    .map((row) => toStored(evaluateExpr(first, row.values)))
    .filter((value): value is InsightsValue => value !== undefined);
  if (name === 'count') return values.length;
  if (name === 'count_distinct') return new Set(values.map(toResultString)).size;
  const numbers = values.map(toNumber).filter((value): value is number => value !== undefined);
  if (numbers.length === 0) return undefined;
  const allTimes = values.length > 0 && values.every((value) => value instanceof InsightsTime);
  switch (name) {
    case 'sum':
      return numbers.reduce((total, value) => total + value, 0);
    case 'avg':
      return numbers.reduce((total, value) => total + value, 0) / numbers.length;
    case 'min':
    case 'max': {
      const extreme = numbers.reduce((best, value) => (name === 'min' ? Math.min(best, value) : Math.max(best, value)));
      return allTimes ? new InsightsTime(extreme) : extreme;
    }
    default:
      return percentile(numbers, second);
  }
}

/** Nearest rank: the smallest value with at least p% of the values at or below it. */
function percentile(numbers: readonly number[], percentExpr: InsightsExpr | undefined): number {
  if (percentExpr?.kind !== 'number' || percentExpr.value < 0 || percentExpr.value > 100) {
    throw new InsightsEvaluationError('pct() needs a percentile between 0 and 100, like pct(@duration, 99)');
  }
  const sorted = numbers.toSorted((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((percentExpr.value / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

function sortRows(rows: readonly SourceRow[], keys: readonly SortKey[]): SourceRow[] {
  const decorated = rows.map((row, index) => ({
    row,
    index,
    keys: keys.map((key) => row.values[key.name] ?? toStored(evaluateExpr(key.expr, row.values))),
  }));
  decorated.sort((a, b) => {
    for (const [position, key] of keys.entries()) {
      const left = a.keys[position];
      const right = b.keys[position];
      if (left === undefined || right === undefined) {
        if (left !== right) return left === undefined ? 1 : -1;
        continue;
      }
      const order = compareValues(left, right);
      if (order !== 0) return key.descending ? -order : order;
    }
    return a.index - b.index;
  });
  return decorated.map((item) => item.row);
}

function dedup(rows: readonly SourceRow[], names: readonly string[]): SourceRow[] {
  const seen = new Set<string>();
  return rows.filter((row) => {
    const values = names.map((name) => row.values[name]);
    if (values.some((value) => value === undefined)) return true;
    const id = JSON.stringify(values.map((value) => toResultString(value as InsightsValue)));
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
