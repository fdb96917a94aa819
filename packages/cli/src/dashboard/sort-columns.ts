import type { AdviceWord, FunctionRow } from './function-rows.js';

/** The functions table's columns in display order; each one sorts by a key. */
export const SORT_COLUMNS = [
  'name',
  'rate',
  'errors',
  'timeouts',
  'throttles',
  'cold',
  'p50',
  'p99',
  'max',
  'memory',
  'cost',
  'advice',
] as const;

export type SortColumn = (typeof SORT_COLUMNS)[number];

/** The key that sorts by each column (shown in the help and in the header). */
export const SORT_KEYS: Readonly<Record<SortColumn, string>> = {
  name: 'n',
  rate: 'i',
  errors: 'e',
  timeouts: 't',
  throttles: 'h',
  cold: 'c',
  p50: '5',
  p99: '9',
  max: 'x',
  memory: 'm',
  cost: '$',
  advice: 'a',
};

export function toSortColumn(key: string): SortColumn | undefined {
  return SORT_COLUMNS.find((column) => SORT_KEYS[column] === key);
}

/** The first press of a column's key: names A→Z, figures largest first (the worst on top, as in top). */
export function defaultDescending(column: SortColumn): boolean {
  return column !== 'name';
}

/** Most urgent first when sorted descending. */
const ADVICE_RANK: Readonly<Record<AdviceWord, number>> = { leak: 4, increase: 3, decrease: 2, keep: 1, '–': 0 };

function figureOf(row: FunctionRow, column: Exclude<SortColumn, 'name'>): number | undefined {
  switch (column) {
    case 'rate':
      return row.invocationsPerMinute;
    case 'errors':
      return row.errors;
    case 'timeouts':
      return row.timeouts;
    case 'throttles':
      return row.throttles;
    case 'cold':
      return row.coldStartShare;
    case 'p50':
      return row.p50Ms;
    case 'p99':
      return row.p99Ms;
    case 'max':
      return row.maxMs;
    case 'memory':
      return row.memoryShare;
    case 'cost':
      return row.costPerHourUsd;
    case 'advice':
      return ADVICE_RANK[row.advice];
  }
}

/** A sorted copy; rows without the figure go last in either direction, ties by name. */
export function sortRows(rows: readonly FunctionRow[], column: SortColumn, descending: boolean): FunctionRow[] {
  const byName = (left: FunctionRow, right: FunctionRow): number => left.name.localeCompare(right.name);
  if (column === 'name') return rows.toSorted((left, right) => (descending ? -1 : 1) * byName(left, right));
  return rows.toSorted((left, right) => {
    const a = figureOf(left, column);
    const b = figureOf(right, column);
    if (a === undefined || b === undefined) {
      if (a === b) return byName(left, right);
      return a === undefined ? 1 : -1;
    }
    return (descending ? b - a : a - b) || byName(left, right);
  });
}

/** Rows whose name holds `filter`, ignoring case; every row for an empty filter. */
export function filterRows(rows: readonly FunctionRow[], filter: string): FunctionRow[] {
  const needle = filter.trim().toLowerCase();
  return needle.length === 0 ? [...rows] : rows.filter((row) => row.name.toLowerCase().includes(needle));
}
