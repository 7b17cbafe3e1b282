// The linear programs of the audit, solved with YALPS (a maintained simplex and branch-and-bound solver in
// TypeScript). Our programs are many and tiny (one component of hidden cells, rarely more than a few dozen
// unknowns), where a solver's fixed cost per call matters more than its asymptotics: YALPS solves these in tenths of
// a millisecond, HiGHS in WebAssembly spends about half a millisecond per call before doing any work.
import { solve, type Constraint, type Model } from 'yalps';
import type { ReducedRow } from './components.js';

export interface VariableBounds {
  readonly lower: number;
  readonly upper: number;
}

export type BoundResult =
  /** The optimum; `point` is an integral feasible point attaining it when the solver found one, else undefined. */
  | { readonly kind: 'optimal'; readonly value: number; readonly point: readonly number[] | undefined }
  | { readonly kind: 'unbounded' }
  /** The solver gave no answer (the simplex cycled): nothing is proved either way, and callers assume the worst. */
  | { readonly kind: 'unknown' };

const OBJECTIVE = -1;
const EPSILON = 1e-6;
// Bounded effort for the rare integer re-solve; a timeout is handled conservatively by the caller.
const MIP_OPTIONS = { timeout: 2000, maxIterations: 20000 } as const;

/** One component's system (Σ coef·x = rhs per row, bounds per unknown), asked for the least and greatest of one unknown. */
export class ComponentLp {
  lpsSolved = 0;
  private readonly constraints: [number, Constraint][] = [];
  private readonly columns: [number, number][][];

  constructor(
    private readonly rows: readonly ReducedRow[],
    private readonly bounds: readonly VariableBounds[],
  ) {
    this.columns = bounds.map(() => []);
    rows.forEach((row, r) => {
      this.constraints.push([r, { equal: row.rhs }]);
      row.vars.forEach((v, k) => this.columns[v]!.push([r, row.coefs[k]!]));
    });
    bounds.forEach((b, v) => {
      // YALPS variables are ≥ 0 already; other bounds are rows of their own.
      if (b.lower <= 0 && b.upper === Infinity) return;
      const key = rows.length + v;
      this.constraints.push([key, b.upper === Infinity ? { min: b.lower } : { min: b.lower, max: b.upper }]);
      this.columns[v]!.push([key, 1]);
    });
  }

  /** Least or greatest value of unknown `v`; `integer` solves the integer program instead of its relaxation. */
  bound(v: number, direction: 'minimize' | 'maximize', integer = false): BoundResult {
    const model: Model<number, number> = {
      direction,
      objective: OBJECTIVE,
      constraints: this.constraints,
      variables: this.columns.map((column, j) => [j, j === v ? [...column, [OBJECTIVE, 1]] : column] as const),
      integers: integer,
    };
    this.lpsSolved++;
    const solution = solve(model, integer ? MIP_OPTIONS : undefined);
    if (solution.status === 'unbounded') return { kind: 'unbounded' };
    if (solution.status === 'optimal') {
      const x = this.bounds.map(() => 0);
      for (const [j, value] of solution.variables) x[j] = value;
      return { kind: 'optimal', value: solution.result, point: this.integralPoint(x) };
    }
    if (solution.status === 'timedout' && integer) {
      // No proof of the optimum: report the relaxation's bound so the caller cannot pass on a guess.
      return this.bound(v, direction, false);
    }
    // Dantzig's rule can cycle on these degenerate systems; an unanswered program proves nothing, so the audit treats
    // the cell as not shown to be safe (more suppression), never as safe.
    if (solution.status === 'cycled') return { kind: 'unknown' };
    throw new Error(`disclosure audit: the solver ended with status ${solution.status}`);
  }

  /** The point rounded, if it is integral and satisfies every row and bound exactly; else undefined. */
  private integralPoint(x: readonly number[]): number[] | undefined {
    const rounded = x.map((value) => Math.round(value));
    if (rounded.some((value, j) => Math.abs(value - x[j]!) > EPSILON)) return undefined;
    const bounds = this.bounds.every((b, j) => rounded[j]! >= b.lower && rounded[j]! <= b.upper);
    const rows = this.rows.every((row) => row.vars.reduce((s, v, k) => s + row.coefs[k]! * rounded[v]!, 0) === row.rhs);
    return bounds && rows ? rounded : undefined;
  }
}

export { EPSILON };
