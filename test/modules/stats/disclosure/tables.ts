// Small helpers for the disclosure tests: value lists and count grids.
export const values = (n: number, prefix = 'v') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

/** A grid of counts, row-major, as the builder's counts[row][column]. */
export function grid(rows: readonly string[], columns: readonly string[], xs: readonly number[]): Record<string, Record<string, number>> {
  return Object.fromEntries(rows.map((r, i) => [r, Object.fromEntries(columns.map((c, j) => [c, xs[i * columns.length + j]!]))]));
}
