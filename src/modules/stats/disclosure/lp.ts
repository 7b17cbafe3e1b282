// The linear programs of the audit, solved with HiGHS (the University of Edinburgh's LP/MIP solver, compiled to
// WebAssembly by the `highs` package). One component's system is loaded once into a persistent model and asked for
// the least and greatest value of one unknown after another: only the objective changes between solves, so each
// solve starts from the last basis. The systems run from a handful of unknowns to a few thousand (what the labels
// alone say spans every table of a year); a dense simplex in JavaScript spent seconds on the large ones.
import highsPackage from 'highs';
import type { ReducedRow } from './components.js';

export interface VariableBounds {
  readonly lower: number;
  readonly upper: number;
}

export type BoundResult =
  /** The optimum; `point` is an integral feasible point attaining it when the solver found one, else undefined. */
  | { readonly kind: 'optimal'; readonly value: number; readonly point: readonly number[] | undefined }
  | { readonly kind: 'unbounded' }
  /** The solver gave no answer (a limit was reached): nothing is proved either way, and callers assume the worst. */
  | { readonly kind: 'unknown' };

const EPSILON = 1e-6;
// Loaded once per thread (the protection worker, or a test): every solve afterwards is synchronous.
// The package's types describe it as CommonJS while Node loads its ES module (whose default export is the loader).
const highsLoader = ((highsPackage as { default?: unknown }).default ?? highsPackage) as typeof highsPackage.default;
const highs = await highsLoader();
const { modelStatus, objectiveSense, variableType } = highs.constants;
// The rare integer re-solve gets a bounded effort; a limit is handled conservatively by the caller.
const MIP_SECONDS = 2;
const LP_SECONDS = 30;

/**
 * One component's system (Σ coef·x = rhs per row, bounds per unknown), asked for the least and greatest of one
 * unknown. Owns native memory inside the solver: call `dispose()` when done.
 */
export class ComponentLp {
  lpsSolved = 0;
  private readonly model: ReturnType<typeof highs.createModel>;
  private objectiveColumn = -1;

  /**
   * `feasible` is a point known to satisfy every row and bound — the true table. It is checked here, and it is what
   * lets the solver skip telling "unbounded" from "infeasible": a program with a feasible point is never infeasible.
   */
  constructor(
    private readonly rows: readonly ReducedRow[],
    private readonly bounds: readonly VariableBounds[],
    feasible: readonly number[],
  ) {
    if (!this.satisfies(feasible)) throw new Error('disclosure audit: the true table does not satisfy its own system');
    const starts = [0];
    const indices: number[] = [];
    const values: number[] = [];
    for (const row of rows) {
      row.vars.forEach((v, k) => {
        indices.push(v);
        values.push(row.coefs[k]!);
      });
      starts.push(indices.length);
    }
    const n = bounds.length;
    this.model = highs.createModel({
      numCols: n,
      numRows: rows.length,
      colCost: new Float64Array(n),
      colLower: bounds.map((b) => b.lower),
      colUpper: bounds.map((b) => b.upper),
      rowLower: rows.map((r) => r.rhs),
      rowUpper: rows.map((r) => r.rhs),
      matrix: { format: 'csr', numRows: rows.length, numCols: n, starts, indices, values },
    });
    // Primal simplex: between solves only the objective changes, so the last optimal basis stays feasible.
    this.model.options.set({ output_flag: false, allow_unbounded_or_infeasible: true, simplex_strategy: 4 });
  }

  /** Least or greatest value of unknown `v`; `integer` solves the integer program instead of its relaxation. */
  bound(v: number, direction: 'minimize' | 'maximize', integer = false): BoundResult {
    const { model } = this;
    if (this.objectiveColumn !== v) {
      if (this.objectiveColumn >= 0) model.changeColCost(this.objectiveColumn, 0);
      model.changeColCost(v, 1);
      this.objectiveColumn = v;
    }
    model.changeObjectiveSense(direction === 'maximize' ? objectiveSense.maximize : objectiveSense.minimize);
    const all = { kind: 'range', from: 0, to: this.bounds.length - 1 } as const;
    if (integer) model.changeColsIntegrality(all, new Int32Array(this.bounds.length).fill(variableType.integer));
    model.options.set('time_limit', integer ? MIP_SECONDS : LP_SECONDS);
    model.zeroAllClocks();
    this.lpsSolved++;
    let status: number;
    try {
      status = model.run().modelStatus;
    } finally {
      if (integer) model.clearIntegrality();
    }
    if (status === modelStatus.optimal) {
      const x = model.getSolution().colValue;
      return { kind: 'optimal', value: model.getObjectiveValue(), point: this.integralPoint(x) };
    }
    // The true table is feasible (checked above), so "unbounded or infeasible" can only be unbounded.
    if (status === modelStatus.unbounded || status === modelStatus.unboundedOrInfeasible) return { kind: 'unbounded' };
    // A limit: no proof of the optimum. For the integer program, the relaxation's bound (never narrower) instead, so
    // the caller cannot pass on a guess; otherwise nothing is proved and the audit treats the cell as not safe.
    if (integer && status === modelStatus.timeLimit) return this.bound(v, direction, false);
    if (status === modelStatus.timeLimit || status === modelStatus.iterationLimit) return { kind: 'unknown' };
    throw new Error(`disclosure audit: the solver ended with model status ${status}`);
  }

  dispose(): void {
    this.model.dispose();
  }

  /** The point rounded, if it is integral and satisfies every row and bound exactly; else undefined. */
  private integralPoint(x: ArrayLike<number>): number[] | undefined {
    const rounded = Array.from(x, (value) => Math.round(value));
    if (rounded.some((value, j) => Math.abs(value - x[j]!) > EPSILON)) return undefined;
    return this.satisfies(rounded) ? rounded : undefined;
  }

  private satisfies(point: readonly number[]): boolean {
    if (point.length !== this.bounds.length) return false;
    const bounds = this.bounds.every((b, j) => point[j]! >= b.lower && point[j]! <= b.upper);
    return bounds && this.rows.every((row) => row.vars.reduce((s, v, k) => s + row.coefs[k]! * point[v]!, 0) === row.rhs);
  }
}

export { EPSILON };
