// What the labels alone tell about a small cell: which cells are 0, small (1 … minCell−1) or at least minCell, with
// every equation, but no shown number. Four small parts of a small total are four ones, and two small parts of a
// small total are each at most minCell−2, whatever else is published or hidden; the audit asks a small cell to
// reach as far as the labels allow, not further. The labels do not change with secondary suppression (an "x" and a
// shown count ≥ minCell say the same: at least minCell), so each range is computed once per publication.
import type { CellState } from './audit.js';
import { components, type Component } from './components.js';
import { ComponentLp, EPSILON, type VariableBounds } from './lp.js';
import type { System } from './system.js';

export class LabelRanges {
  lpsSolved = 0;
  private readonly ranges = new Map<number, VariableBounds>();
  private byCell: Map<number, Component> | undefined;
  private readonly programs = new Map<Component, ComponentLp>();

  constructor(
    private readonly system: System,
    private readonly primary: readonly CellState[],
    private readonly minCell: number,
  ) {}

  /** A quick range from each equation on its own: never narrower than the true one. */
  quick(cell: number): VariableBounds {
    const { system } = this;
    let { lower, upper } = this.prior(cell);
    for (const r of system.rowsOf[cell]!) {
      const row = system.rows[r]!;
      // Σ coef·x = 0, so coef_cell·x_cell = −Σ_others coef·x.
      let min = 0;
      let max = 0;
      row.vars.forEach((v, k) => {
        if (v === cell) return;
        const c = -row.coefs[k]!;
        const b = this.prior(v);
        min += c > 0 ? c * b.lower : b.upper === Infinity ? -Infinity : c * b.upper;
        max += c > 0 ? (b.upper === Infinity ? Infinity : c * b.upper) : c * b.lower;
      });
      const own = row.coefs[row.vars.indexOf(cell)]!;
      const [a, b] = own > 0 ? [min / own, max / own] : [max / own, min / own];
      lower = Math.max(lower, a);
      upper = Math.min(upper, b);
    }
    return { lower, upper };
  }

  /** The range from all equations at once (the linear relaxation, so again never narrower than the integer range). */
  exact(cell: number): VariableBounds {
    const known = this.ranges.get(cell);
    if (known) return known;
    if (!this.byCell) {
      this.byCell = new Map();
      const unknown = this.system.values.map((v, i) => v !== 0 || !this.system.published[i]);
      for (const component of components(this.system, unknown)) for (const c of component.cells) this.byCell.set(c, component);
    }
    const component = this.byCell.get(cell)!;
    let lp = this.programs.get(component);
    if (!lp) {
      const truth = component.cells.map((c) => this.system.values[c]!);
      this.programs.set(component, (lp = new ComponentLp(component.rows, component.cells.map((c) => this.prior(c)), truth)));
    }
    const k = component.cells.indexOf(cell);
    const before = lp.lpsSolved;
    const low = lp.bound(k, 'minimize');
    const high = lp.bound(k, 'maximize');
    this.lpsSolved += lp.lpsSolved - before;
    // Unbounded or unanswered: the labels are taken to allow the whole range (the strictest demand on the cell).
    const range = {
      lower: low.kind !== 'optimal' ? -Infinity : Math.ceil(low.value - EPSILON),
      upper: high.kind !== 'optimal' ? Infinity : Math.floor(high.value + EPSILON),
    };
    this.ranges.set(cell, range);
    return range;
  }

  /** Frees the solver's programs (native memory). */
  dispose(): void {
    for (const lp of this.programs.values()) lp.dispose();
    this.programs.clear();
  }

  private prior(i: number): VariableBounds {
    const state = this.primary[i];
    if (state === 'small') return { lower: 1, upper: this.minCell - 1 };
    if (state === 'structural') return { lower: 0, upper: Infinity };
    return this.system.values[i] === 0 ? { lower: 0, upper: 0 } : { lower: this.minCell, upper: Infinity };
  }
}
