// A publication in index form, checked once: the audit and the suppression loop work on arrays, not on string ids.
import { DisclosureError, type Publication } from './model.js';

export interface IndexedRow {
  /** Cell indices and their coefficients: +1 for the total, −1 for each part (Σ coef·x = 0). */
  readonly vars: readonly number[];
  readonly coefs: readonly number[];
}

export interface System {
  readonly ids: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  readonly values: readonly number[];
  readonly published: readonly boolean[];
  readonly rows: readonly IndexedRow[];
  /** For each cell, the rows it appears in. */
  readonly rowsOf: readonly (readonly number[])[];
}

export function indexPublication(publication: Publication, minCell: number): System {
  if (!Number.isInteger(minCell) || minCell < 2) throw new DisclosureError(`minCell must be an integer ≥ 2, not ${minCell}`);
  const ids: string[] = [];
  const index = new Map<string, number>();
  const values: number[] = [];
  const published: boolean[] = [];
  for (const cell of publication.cells) {
    if (index.has(cell.id)) throw new DisclosureError(`cell ${cell.id} is given twice`);
    if (!Number.isSafeInteger(cell.value) || cell.value < 0) throw new DisclosureError(`cell ${cell.id} is not a count: ${cell.value}`);
    index.set(cell.id, ids.length);
    ids.push(cell.id);
    values.push(cell.value);
    published.push(cell.published !== false);
  }
  const rows: IndexedRow[] = [];
  const rowsOf: number[][] = ids.map(() => []);
  const seen = new Set<string>();
  for (const equation of publication.equations) {
    const coef = new Map<number, number>();
    const add = (id: string, c: number) => {
      const i = index.get(id);
      if (i === undefined) throw new DisclosureError(`equation for ${equation.total} names an unknown cell ${id}`);
      coef.set(i, (coef.get(i) ?? 0) + c);
    };
    add(equation.total, 1);
    for (const part of equation.parts) add(part, -1);
    const vars = [...coef.keys()].filter((i) => coef.get(i) !== 0).sort((a, b) => a - b);
    const coefs = vars.map((i) => coef.get(i)!);
    // The data must satisfy what it claims, or the audit would reason about a table that does not exist.
    const sum = vars.reduce((s, v, k) => s + coefs[k]! * values[v]!, 0);
    if (sum !== 0) throw new DisclosureError(`cell ${equation.total} is not the sum of its parts (off by ${sum})`);
    if (vars.length === 0) continue;
    const key = vars.map((v, k) => `${v}:${coefs[k]}`).join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    for (const v of vars) rowsOf[v]!.push(rows.length);
    rows.push({ vars, coefs });
  }
  return { ids, index, values, published, rows, rowsOf };
}
