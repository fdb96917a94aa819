import { GRID_COLUMNS } from './dashboard-body.js';

export interface Sized {
  readonly width: number;
  readonly height: number;
}

export interface Placed {
  readonly x: number;
  readonly y: number;
}

/**
 * Lays out blocks left to right on the 24-column grid, wrapping when a block would cross the right edge; each group
 * (a dashboard section) starts on a row of its own. The blocks' own x and y are replaced. A row is as tall as its tallest block, so nothing overlaps. Pure.
 */
export function placeOnGrid<T extends Sized & Placed>(groups: readonly (readonly T[])[]): T[] {
  const placed: T[] = [];
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  const newRow = (): void => {
    y += rowHeight;
    x = 0;
    rowHeight = 0;
  };
  for (const group of groups) {
    if (x > 0) newRow();
    for (const block of group) {
      const width = Math.min(block.width, GRID_COLUMNS);
      if (x + width > GRID_COLUMNS) newRow();
      // Spread first: the block's own key order (type, x, y, …) stays, only the values change.
      placed.push({ ...block, width, x, y });
      x += width;
      rowHeight = Math.max(rowHeight, block.height);
    }
  }
  return placed;
}
