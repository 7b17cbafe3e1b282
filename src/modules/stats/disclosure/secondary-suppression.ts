// Secondary suppression: hide further cells (counts ≥ minCell, shown as "x") until the audit passes.
//
// First the cheap rule no program is needed for: an equation with exactly one unknown gives it away, so another cell
// of that equation is hidden. Then rounds of the full audit; each failing component gets one more hidden cell, chosen
// among the shown cells of the failing cell's own equations (else of its component's equations), the smallest count
// first (least information lost), ties by the cell's order in the publication so the choice is reproducible: two
// responses built from the same data must hide the same cells, or together they would show what each one hides.
import { auditComponent, Evidence, hiddenMask, type AuditFailure, type CellState } from './audit.js';
import { components, type Component } from './components.js';
import { LabelRanges } from './label-range.js';
import { DisclosureError } from './model.js';
import type { System } from './system.js';

export interface SecondaryResult {
  readonly states: CellState[];
  readonly lpsSolved: number;
  readonly rounds: number;
}

export function secondarySuppression(
  system: System, initial: readonly CellState[], minCell: number, frozen: readonly boolean[] = [],
): SecondaryResult {
  const states = [...initial];
  // Cells published earlier (frozen) keep their state: only new cells may be hidden to protect another.
  const eligible = (i: number) => states[i] === 'shown' && system.published[i]! && system.values[i]! >= minCell && !frozen[i];
  const smallestEligible = (rowIds: Iterable<number>): number | undefined => {
    let best: number | undefined;
    for (const r of rowIds) {
      for (const v of system.rows[r]!.vars) {
        if (!eligible(v)) continue;
        if (best === undefined || system.values[v]! < system.values[best]! || (system.values[v] === system.values[best] && v < best)) best = v;
      }
    }
    return best;
  };

  singletonRule(system, states, smallestEligible);

  // The labels of primary suppression: an earlier "x" says what a shown count says (at least minCell).
  const labels = new LabelRanges(system, initial.map((s) => (s === 'protecting' ? 'shown' : s)), minCell);
  const cache = new Map<string, readonly AuditFailure[]>();
  const evidence = new Evidence(system);
  let lpsSolved = 0;
  let rounds = 0;
  try {
    for (;;) {
      rounds++;
      const failing: { component: Component; failure: AuditFailure }[] = [];
      for (const component of components(system, hiddenMask(states))) {
        let failures = cache.get(component.signature);
        if (!failures) {
          const result = auditComponent(system, states, component, minCell, labels, evidence);
          lpsSolved += result.lpsSolved;
          failures = result.failures;
          cache.set(component.signature, failures);
        }
        const failure = failures.find((f) => f.reason === 'pinned-by-labels') ?? failures[0];
        if (failure) failing.push({ component, failure });
      }
      if (failing.length === 0) return { states, lpsSolved: lpsSolved + labels.lpsSolved, rounds };
      const hopeless = failing.filter((f) => f.failure.reason === 'pinned-by-labels').map((f) => system.ids[f.failure.cell]!);
      if (hopeless.length > 0) {
        throw new DisclosureError(`the labels alone give away ${hopeless.join(', ')}`, hopeless);
      }
      for (const { component, failure } of failing) {
        const own = smallestEligible(system.rowsOf[failure.cell]!);
        const choice = own ?? smallestEligible(new Set(component.cells.flatMap((c) => system.rowsOf[c]!)));
        if (choice === undefined) {
          const id = system.ids[failure.cell]!;
          throw new DisclosureError(`cell ${id} cannot be protected: no shown count ≥ minCell is left beside it`, [id]);
        }
        states[choice] = 'protecting';
      }
    }
  } finally {
    labels.dispose();
  }
}

/** Until no equation has exactly one hidden published cell and nothing else unknown, hide one more in it. */
function singletonRule(system: System, states: CellState[], smallestEligible: (rows: Iterable<number>) => number | undefined) {
  let changed = true;
  while (changed) {
    changed = false;
    system.rows.forEach((row, r) => {
      const unknown = row.vars.filter((v) => states[v] !== 'shown');
      if (unknown.length !== 1 || states[unknown[0]!] === 'structural') return;
      const choice = smallestEligible([r]);
      if (choice === undefined) return; // the audit will find it and look further
      states[choice] = 'protecting';
      changed = true;
    });
  }
}
