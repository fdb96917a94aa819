import { AGGREGATE_FUNCTIONS, type InsightsExpr } from './insights-parser.js';
import {
  compareValues,
  type InsightsRow,
  InsightsTime,
  type InsightsValue,
  isTruthy,
  toNumber,
  toResultString,
} from './insights-value.js';

/** A value while evaluating: comparisons produce booleans, which become 1/0 when stored in a row. */
export type EvaluatedValue = InsightsValue | boolean | undefined;

export class InsightsEvaluationError extends Error {}

export function evaluateExpr(expr: InsightsExpr, row: InsightsRow): EvaluatedValue {
  switch (expr.kind) {
    case 'field':
      return row[expr.name];
    case 'string':
      return expr.value;
    case 'number':
      return expr.value;
    case 'duration':
      return expr.ms;
    case 'regex':
      throw new InsightsEvaluationError('a /regex/ can only follow like, =~ or parse');
    case 'star':
      throw new InsightsEvaluationError('* can only be used in count(*)');
    case 'negate': {
      const value = toNumber(toStored(evaluateExpr(expr.operand, row)));
      return value === undefined ? undefined : -value;
    }
    case 'not':
      return !isTruthy(evaluateExpr(expr.operand, row));
    case 'in': {
      const value = toStored(evaluateExpr(expr.operand, row));
      if (value === undefined) return false;
      const found = expr.list.some((item) => {
        const candidate = toStored(evaluateExpr(item, row));
        return candidate !== undefined && compareValues(value, candidate) === 0;
      });
      return expr.negated ? !found : found;
    }
    case 'binary':
      return evaluateBinary(expr.op, expr.left, expr.right, row);
    case 'call':
      return evaluateCall(expr.name, expr.args, row);
  }
}

export function toStored(value: EvaluatedValue): InsightsValue | undefined {
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

function evaluateBinary(op: string, leftExpr: InsightsExpr, rightExpr: InsightsExpr, row: InsightsRow): EvaluatedValue {
  if (op === 'and') return isTruthy(evaluateExpr(leftExpr, row)) && isTruthy(evaluateExpr(rightExpr, row));
  if (op === 'or') return isTruthy(evaluateExpr(leftExpr, row)) || isTruthy(evaluateExpr(rightExpr, row));
  const left = toStored(evaluateExpr(leftExpr, row));
  if (op === 'like' || op === '=~') {
    if (left === undefined) return false;
    const text = toResultString(left);
    if (rightExpr.kind === 'regex') return rightExpr.regex.test(text);
    const right = toStored(evaluateExpr(rightExpr, row));
    if (right === undefined) return false;
    return op === 'like' ? text.includes(toResultString(right)) : new RegExp(toResultString(right)).test(text);
  }
  const right = toStored(evaluateExpr(rightExpr, row));
  if (left === undefined || right === undefined)
    return ['=', '!=', '<', '<=', '>', '>='].includes(op) ? false : undefined;
  switch (op) {
    case '=':
      return compareValues(left, right) === 0;
    case '!=':
      return compareValues(left, right) !== 0;
    case '<':
      return compareValues(left, right) < 0;
    case '<=':
      return compareValues(left, right) <= 0;
    case '>':
      return compareValues(left, right) > 0;
    case '>=':
      return compareValues(left, right) >= 0;
    default:
      return arithmetic(op, toNumber(left), toNumber(right));
  }
}

export function arithmetic(op: string, left: number | undefined, right: number | undefined): number | undefined {
  if (left === undefined || right === undefined) return undefined;
  let result: number;
  switch (op) {
    case '+':
      result = left + right;
      break;
    case '-':
      result = left - right;
      break;
    case '*':
      result = left * right;
      break;
    case '/':
      result = left / right;
      break;
    case '%':
      result = left % right;
      break;
    default:
      result = left ** right;
  }
  return Number.isFinite(result) ? result : undefined;
}

function evaluateCall(name: string, args: readonly InsightsExpr[], row: InsightsRow): EvaluatedValue {
  if (AGGREGATE_FUNCTIONS.has(name)) {
    throw new InsightsEvaluationError(`the aggregate function ${name}() can only be used in stats`);
  }
  if (name === 'bin') return bin(args, row);
  const values = args.map((arg) => toStored(evaluateExpr(arg, row)));
  const [first, second, third] = values;
  const text = first === undefined ? undefined : toResultString(first);
  const number = toNumber(first);
  switch (name) {
    case 'ispresent':
      return first !== undefined;
    case 'isempty':
      return text === undefined || text === '';
    case 'isblank':
      return text === undefined || text.trim() === '';
    case 'strcontains':
      return text !== undefined && second !== undefined && text.includes(toResultString(second)) ? 1 : 0;
    case 'strlen':
      return text?.length;
    case 'tolower':
      return text?.toLowerCase();
    case 'toupper':
      return text?.toUpperCase();
    case 'trim':
      return text?.trim();
    case 'concat':
      return values
        .filter((value) => value !== undefined)
        .map(toResultString)
        .join('');
    case 'substr': {
      const start = toNumber(second) ?? 0;
      const length = toNumber(third);
      return text?.substring(start, length === undefined ? undefined : start + length);
    }
    case 'replace':
      return text === undefined || second === undefined || third === undefined
        ? text
        : text.split(toResultString(second)).join(toResultString(third));
    case 'abs':
      return number === undefined ? undefined : Math.abs(number);
    case 'ceil':
      return number === undefined ? undefined : Math.ceil(number);
    case 'floor':
      return number === undefined ? undefined : Math.floor(number);
    case 'sqrt':
      return number === undefined || number < 0 ? undefined : Math.sqrt(number);
    case 'log':
      return number === undefined || number <= 0 ? undefined : Math.log(number);
    case 'greatest':
    case 'least': {
      const numbers = values.map(toNumber).filter((value): value is number => value !== undefined);
      if (numbers.length === 0) return undefined;
      return name === 'greatest' ? Math.max(...numbers) : Math.min(...numbers);
    }
    case 'frommillis':
      return number === undefined ? undefined : new InsightsTime(number);
    case 'tomillis':
      return number;
    default:
      throw new InsightsEvaluationError(`the function ${name}() is not supported by the local server`);
  }
}

function bin(args: readonly InsightsExpr[], row: InsightsRow): EvaluatedValue {
  const period = args[0];
  if (args.length !== 1 || period?.kind !== 'duration' || period.ms <= 0) {
    throw new InsightsEvaluationError('bin() takes one period like bin(5m)');
  }
  const timestamp = row['@timestamp'];
  if (!(timestamp instanceof InsightsTime)) return undefined;
  return new InsightsTime(Math.floor(timestamp.epochMs / period.ms) * period.ms);
}
