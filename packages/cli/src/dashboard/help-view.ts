import { SORT_COLUMNS, SORT_KEYS } from './sort-columns.js';
import type { TextView } from './view-types.js';

const COLUMN_NAMES = {
  name: 'function name',
  rate: 'invocations per minute',
  errors: 'errors',
  timeouts: 'timeouts',
  throttles: 'throttles (– when the source cannot know)',
  cold: 'cold-start share',
  p50: 'p50 duration',
  p99: 'p99 duration',
  max: 'max duration',
  memory: 'max memory used ÷ memory size',
  cost: 'cost per hour (list prices)',
  advice: 'advice (leak, increase, decrease, keep)',
} as const;

export function toHelpView(): TextView {
  return {
    label: ' keys — ? or Esc closes ',
    lines: [
      "↑ ↓ j k PgUp PgDn   move the highlight (scroll an invocation's lines)",
      'Enter               drill down: function → its invocations → log lines',
      'Esc                 back one level (clears the filter on the main screen)',
      '/                   filter functions by name (Enter applies, Esc cancels)',
      'p                   pause the display (reading goes on)',
      'q  Ctrl-C           quit',
      '',
      'sort (press again to reverse):',
      ...SORT_COLUMNS.map((column) => `  ${SORT_KEYS[column]}  ${COLUMN_NAMES[column]}`),
    ],
  };
}
