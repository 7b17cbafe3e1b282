// The disclosure audit (docs/architecture.md, "Statistics and disclosure control"): for every hidden cell, the lowest and highest value consistent with everything published
// and with the labels (`<5` is 1 … minCell−1, `x` is ≥ minCell, every count ≥ 0). A cell fails when it is pinned, or
// when it is a small cell whose range does not reach both 1 and minCell−1 (an attacker must not tell a 1 from a 4).
//
// Integer reasoning, not only the relaxation: a bound from the linear relaxation is trusted to prove a failure (the
// integer range can only be narrower), and a pass is accepted only on an integral point that satisfies every
// equation exactly — from the solver, or the true table itself. Every such point is also kept as a witness for the
// other cells of its component, so most cells pass without a program of their own.
import { components, type Component } from './components.js';
import { ComponentLp, EPSILON, type VariableBounds } from './lp.js';
import type { CellId, Suppression } from './model.js';
import { LabelRanges } from './label-range.js';
import type { System } from './system.js';

export type CellState = 'shown' | Suppression | 'structural';

export interface AuditFailure {
  readonly cell: number;
  /**
   * `pinned`: one value only; `narrow`: a small cell cannot reach both ends of 1 … minCell−1; `pinned-by-labels`: the
   * labels alone fix it (four small parts of a small total are four ones), which no further suppression can mend.
   */
  readonly reason: 'pinned' | 'narrow' | 'pinned-by-labels';
}

export interface ComponentAudit {
  readonly failures: readonly AuditFailure[];
  readonly lpsSolved: number;
}

export function boundsOf(state: CellState, minCell: number): VariableBounds {
  if (state === 'small') return { lower: 1, upper: minCell - 1 };
  if (state === 'protecting') return { lower: minCell, upper: Infinity };
  return { lower: 0, upper: Infinity };
}

export function hiddenMask(states: readonly CellState[]): boolean[] {
  return states.map((s) => s !== 'shown');
}

/**
 * What earlier programs proved, kept across the rounds of secondary suppression. Hiding one more cell only widens
 * what an attacker must consider (every table that fitted before still fits, the newly hidden cell at its true
 * value), so a value once reached stays reachable and a cell once passed stays passed.
 */
export class Evidence {
  readonly low: number[];
  readonly high: number[];
  readonly passed: boolean[];

  constructor(system: System) {
    this.low = [...system.values];
    this.high = [...system.values];
    this.passed = system.values.map(() => false);
  }
}

export function auditComponent(
  system: System, states: readonly CellState[], component: Component, minCell: number, labels: LabelRanges,
  evidence: Evidence = new Evidence(system),
): ComponentAudit {
  const audited = component.cells
    .map((c, k) => [c, k] as const)
    .filter(([c]) => (states[c] === 'small' || states[c] === 'protecting') && !evidence.passed[c]);
  if (audited.length === 0) return { failures: [], lpsSolved: 0 };
  const truth = component.cells.map((c) => system.values[c]!);
  // The program is built only when the evidence so far does not settle a cell (often it does).
  let program: ComponentLp | undefined;
  const lp = () => (program ??= new ComponentLp(component.rows, component.cells.map((c) => boundsOf(states[c]!, minCell)), truth));
  // Views of the evidence in the component's own numbering.
  const low = component.cells.map((c) => evidence.low[c]!);
  const high = component.cells.map((c) => evidence.high[c]!);
  const witness = (point: readonly number[]) => {
    point.forEach((value, k) => {
      const c = component.cells[k]!;
      if (value < low[k]!) low[k] = evidence.low[c] = value;
      if (value > high[k]!) high[k] = evidence.high[c] = value;
    });
  };
  // Can unknown k reach `target` going `direction`? Relaxation first; the integer program only when it is fractional.
  const reaches: Reaches = (k, direction, target) => {
    const sign = direction === 'maximize' ? 1 : -1;
    const relaxed = lp().bound(k, direction);
    if (relaxed.kind === 'unbounded') return true;
    if (relaxed.kind === 'unknown') return false;
    if (sign * (relaxed.value - target) < -EPSILON) return false;
    if (relaxed.point) {
      witness(relaxed.point);
      return sign * (relaxed.point[k]! - target) >= 0;
    }
    const exact = lp().bound(k, direction, true);
    if (exact.kind === 'unbounded') return true;
    if (exact.kind === 'unknown') return false;
    if (!exact.point) return false;
    witness(exact.point);
    return sign * (exact.point[k]! - target) >= 0;
  };
  const failures: AuditFailure[] = [];
  try {
    for (const [cell, k] of audited) {
      if (states[cell] === 'small') {
        // 1 … minCell−1, or as much of it as the labels alone allow: first by a quick bound, then by the exact one.
        let verdict = smallVerdict(labels.quick(cell), minCell, k, reaches, low, high);
        if (verdict !== 'ok') verdict = smallVerdict(labels.exact(cell), minCell, k, reaches, low, high);
        if (verdict !== 'ok') failures.push({ cell, reason: verdict });
        else evidence.passed[cell] = true;
      } else {
        const free = high[k]! > truth[k]! || low[k]! < truth[k]! || reaches(k, 'maximize', truth[k]! + 1) || reaches(k, 'minimize', truth[k]! - 1);
        if (!free) failures.push({ cell, reason: 'pinned' });
        else evidence.passed[cell] = true;
      }
    }
  } finally {
    program?.dispose();
  }
  return { failures, lpsSolved: program?.lpsSolved ?? 0 };
}

type Reaches = (k: number, direction: 'minimize' | 'maximize', target: number) => boolean;

function smallVerdict(
  prior: VariableBounds, minCell: number, k: number, reaches: Reaches, low: readonly number[], high: readonly number[],
): 'ok' | 'narrow' | 'pinned-by-labels' {
  const wantHigh = Math.min(minCell - 1, prior.upper);
  const wantLow = Math.max(1, prior.lower);
  if (wantLow >= wantHigh) return 'pinned-by-labels';
  const top = high[k]! >= wantHigh || reaches(k, 'maximize', wantHigh);
  const bottom = low[k]! <= wantLow || reaches(k, 'minimize', wantLow);
  return top && bottom ? 'ok' : 'narrow';
}

export interface AuditReport {
  readonly ok: boolean;
  readonly failures: readonly { readonly id: CellId; readonly reason: AuditFailure['reason'] }[];
  readonly lpsSolved: number;
  readonly ms: number;
}

/** Audits a given labelling of the whole system (every component with a hidden published cell). */
export function auditStates(system: System, states: readonly CellState[], minCell: number): AuditReport {
  const started = performance.now();
  let lpsSolved = 0;
  const failures: { id: CellId; reason: AuditFailure['reason'] }[] = [];
  const labels = new LabelRanges(system, primaryOf(system, states), minCell);
  try {
    for (const component of components(system, hiddenMask(states))) {
      const result = auditComponent(system, states, component, minCell, labels);
      lpsSolved += result.lpsSolved;
      for (const f of result.failures) failures.push({ id: system.ids[f.cell]!, reason: f.reason });
    }
  } finally {
    labels.dispose();
  }
  lpsSolved += labels.lpsSolved;
  return { ok: failures.length === 0, failures, lpsSolved, ms: performance.now() - started };
}

/** The labels as primary suppression set them: secondary ("x") cells are ≥ minCell like shown ones. */
function primaryOf(system: System, states: readonly CellState[]): CellState[] {
  return states.map((s) => (s === 'protecting' ? 'shown' : s));
}
