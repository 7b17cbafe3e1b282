// The unknowns an attacker faces, split into independent groups. With the shown cells substituted, each equation
// involves only hidden cells; a hidden cell's interval depends only on the equations reachable from it through other
// hidden cells, so each group is audited as its own small linear program.
import type { System } from './system.js';

export interface ReducedRow {
  /** Local variable indices within the component. */
  readonly vars: readonly number[];
  readonly coefs: readonly number[];
  /** Σ coef·x = rhs, the shown cells moved to the right. */
  readonly rhs: number;
}

export interface Component {
  /** Cell indices of the unknowns, ascending. */
  readonly cells: readonly number[];
  readonly rows: readonly ReducedRow[];
  /** Identifies the component by its unknowns: the same unknowns give the same system, so audits can be reused. */
  readonly signature: string;
}

export function components(system: System, hidden: readonly boolean[]): Component[] {
  const parent = system.ids.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  for (const row of system.rows) {
    let first = -1;
    for (const v of row.vars) {
      if (!hidden[v]) continue;
      if (first < 0) first = v;
      else parent[find(v)] = find(first);
    }
  }
  const groups = new Map<number, number[]>();
  system.ids.forEach((_, i) => {
    if (!hidden[i]) return;
    const root = find(i);
    const group = groups.get(root);
    if (group) group.push(i);
    else groups.set(root, [i]);
  });
  const result: Component[] = [];
  for (const cells of groups.values()) {
    const local = new Map(cells.map((c, k) => [c, k]));
    const rowIds = new Set<number>();
    for (const c of cells) for (const r of system.rowsOf[c]!) rowIds.add(r);
    const rows: ReducedRow[] = [];
    for (const r of [...rowIds].sort((a, b) => a - b)) {
      const row = system.rows[r]!;
      const vars: number[] = [];
      const coefs: number[] = [];
      let rhs = 0;
      row.vars.forEach((v, k) => {
        const l = local.get(v);
        if (l === undefined) rhs -= row.coefs[k]! * system.values[v]!;
        else {
          vars.push(l);
          coefs.push(row.coefs[k]!);
        }
      });
      rows.push({ vars, coefs, rhs });
    }
    result.push({ cells, rows, signature: cells.join(',') });
  }
  return result;
}
