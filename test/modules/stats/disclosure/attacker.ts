// An attacker written independently of the module under test: no linear programming, only integer bounds
// propagation and branching over the hidden counts (complete within a generous cap on unbounded counts). It answers
// "is there a table consistent with everything published, with this cell in this range?" — so a test can check each
// hidden cell's range without trusting the module's own audit.
import type { Publication, PublishedValue } from '../../../../src/modules/stats/disclosure/index.js';

interface Row {
  vars: number[];
  coefs: number[];
  rhs: number;
}

export interface Attack {
  /** Whether some consistent table gives cell `id` a value in [lo, hi]. */
  canBe(id: string, lo: number, hi: number): boolean;
  /** The range of values cell `id` can take (within the cap). */
  range(id: string): [number, number];
}

export function attacker(publication: Publication, values: ReadonlyMap<string, PublishedValue>, minCell: number): Attack {
  const maxTrue = Math.max(0, ...publication.cells.map((c) => c.value));
  const cap = 2 * maxTrue + minCell;
  const unknown = new Map<string, number>();
  const lo0: number[] = [];
  const hi0: number[] = [];
  const known = new Map<string, number>();
  for (const cell of publication.cells) {
    const shown = cell.published === false ? undefined : values.get(cell.id);
    if (typeof shown === 'number') {
      known.set(cell.id, shown);
      continue;
    }
    unknown.set(cell.id, lo0.length);
    if (shown === `<${minCell}`) {
      lo0.push(1);
      hi0.push(minCell - 1);
    } else if (shown === 'x') {
      lo0.push(minCell);
      hi0.push(cap);
    } else if (cell.published === false) {
      lo0.push(0);
      hi0.push(cap);
    } else throw new Error(`published cell ${cell.id} has no value`);
  }
  const rows: Row[] = publication.equations.map((e) => {
    const row: Row = { vars: [], coefs: [], rhs: 0 };
    const add = (id: string, c: number) => {
      const v = unknown.get(id);
      if (v === undefined) row.rhs -= c * known.get(id)!;
      else {
        row.vars.push(v);
        row.coefs.push(c);
      }
    };
    add(e.total, 1);
    for (const p of e.parts) add(p, -1);
    return row;
  });

  // Tightens every bound from every row until nothing changes; false when some range is empty.
  const propagate = (lo: number[], hi: number[]): boolean => {
    for (let changed = true; changed; ) {
      changed = false;
      for (const row of rows) {
        let min = 0;
        let max = 0;
        row.vars.forEach((v, k) => {
          const c = row.coefs[k]!;
          min += c > 0 ? c * lo[v]! : c * hi[v]!;
          max += c > 0 ? c * hi[v]! : c * lo[v]!;
        });
        if (min > row.rhs || max < row.rhs) return false;
        for (let k = 0; k < row.vars.length; k++) {
          const v = row.vars[k]!;
          const c = row.coefs[k]!;
          const own = [c * lo[v]!, c * hi[v]!];
          const restMin = min - Math.min(...own);
          const restMax = max - Math.max(...own);
          // c·x = rhs − rest, rest ∈ [restMin, restMax]
          const a = (row.rhs - restMax) / c;
          const b = (row.rhs - restMin) / c;
          const newLo = Math.max(lo[v]!, Math.ceil(Math.min(a, b) - 1e-9));
          const newHi = Math.min(hi[v]!, Math.floor(Math.max(a, b) + 1e-9));
          if (newLo > newHi) return false;
          if (newLo !== lo[v] || newHi !== hi[v]) {
            lo[v] = newLo;
            hi[v] = newHi;
            changed = true;
          }
        }
      }
    }
    return true;
  };

  const feasible = (lo: number[], hi: number[]): boolean => {
    if (!propagate(lo, hi)) return false;
    let pick = -1;
    for (let v = 0; v < lo.length; v++) if (lo[v]! < hi[v]! && (pick < 0 || hi[v]! - lo[v]! < hi[pick]! - lo[pick]!)) pick = v;
    if (pick < 0) return true; // every count fixed, and propagation checked every row
    const mid = Math.floor((lo[pick]! + hi[pick]!) / 2);
    const left = [...hi];
    left[pick] = mid;
    if (feasible([...lo], left)) return true;
    const right = [...lo];
    right[pick] = mid + 1;
    return feasible(right, [...hi]);
  };

  const canBe = (id: string, lo: number, hi: number): boolean => {
    const v = unknown.get(id);
    if (v === undefined) {
      const value = known.get(id)!;
      return value >= lo && value <= hi;
    }
    const l = [...lo0];
    const h = [...hi0];
    l[v] = Math.max(l[v]!, lo);
    h[v] = Math.min(h[v]!, hi);
    return l[v]! <= h[v]! && feasible(l, h);
  };

  const range = (id: string): [number, number] => {
    // Binary searches on the least and greatest feasible value.
    let a = 0;
    let b = cap;
    if (!canBe(id, a, b)) throw new Error(`no table is consistent with the publication (${id})`);
    while (a < b) {
      const m = Math.floor((a + b) / 2);
      if (canBe(id, a, m)) b = m;
      else a = m + 1;
    }
    const low = a;
    a = low;
    b = cap;
    while (a < b) {
      const m = Math.ceil((a + b) / 2);
      if (canBe(id, m, b)) a = m;
      else b = m - 1;
    }
    return [low, a];
  };
  return { canBe, range };
}

/** The checks of DESIGN §7 for one hidden cell, by the independent attacker: a message per leak, none when safe. */
export function leaks(publication: Publication, values: ReadonlyMap<string, PublishedValue>, minCell: number): string[] {
  const attack = attacker(publication, values, minCell);
  let prior: Attack | undefined;
  // The same publication with every shown count other than 0 replaced by "x": what the labels alone tell.
  const labelsOnly = () =>
    (prior ??= attacker(publication, new Map([...values].map(([id, v]) => [id, typeof v === 'number' && v > 0 ? 'x' : v])), minCell));
  const found: string[] = [];
  for (const cell of publication.cells) {
    const shown = values.get(cell.id);
    if (cell.published === false || typeof shown === 'number') continue;
    if (shown === undefined) {
      found.push(`${cell.id} is missing`);
      continue;
    }
    if (shown === `<${minCell}`) {
      if (attack.canBe(cell.id, 1, 1) && attack.canBe(cell.id, minCell - 1, minCell - 1)) continue;
      // Short of 1 … minCell−1: a leak unless the labels alone (which cells are 0, small, ≥ minCell) already say so.
      const [low, high] = attack.range(cell.id);
      const [priorLow, priorHigh] = labelsOnly().range(cell.id);
      if (low > Math.max(1, priorLow) || high < Math.min(minCell - 1, priorHigh) || low === high) {
        found.push(`${cell.id} (<${minCell}) can be ${low}..${high} only (the labels allow ${priorLow}..${priorHigh})`);
      }
    } else if (!attack.canBe(cell.id, 0, cell.value - 1) && !attack.canBe(cell.id, cell.value + 1, Infinity)) {
      found.push(`${cell.id} (x) is pinned at ${cell.value}`);
    }
  }
  return found;
}

/** The attacker who sees only the labels: 0 as 0, 1 … minCell−1 as small, everything else as "x". */
export function labelsOnly(publication: Publication, minCell: number): Attack {
  const labels = new Map<string, PublishedValue>(
    publication.cells.map((c) => [c.id, c.value === 0 ? 0 : c.value < minCell ? (`<${minCell}` as const) : 'x']),
  );
  return attacker(publication, labels, minCell);
}
