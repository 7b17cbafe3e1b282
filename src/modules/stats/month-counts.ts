// One month's case-mix counts and their sums: pure, so the protection worker can load it without the database code
// of snapshots.ts.
import type { CaseMixMonth } from '../calls/index.js';

export type MonthCounts = Omit<CaseMixMonth, 'month'>;

export const EMPTY_MONTH: MonthCounts = { total: 0, single: {}, pairs: {}, sets: {}, flags: {} };

/** The counts of several months added up (a quarter, a year). */
export function sumMonths(parts: readonly MonthCounts[]): MonthCounts {
  const sum: MonthCounts = { total: 0, single: {}, pairs: {}, sets: {}, flags: {} };
  const add = (target: Record<string, number>, source: Record<string, number> | undefined) => {
    for (const [k, v] of Object.entries(source ?? {})) target[k] = (target[k] ?? 0) + v;
  };
  for (const p of parts) {
    sum.total += p.total;
    for (const [a, counts] of Object.entries(p.single)) add(((sum.single as Record<string, Record<string, number>>)[a] ??= {}), counts);
    for (const [a, counts] of Object.entries(p.pairs)) add((sum.pairs[a] ??= {}), counts);
    for (const [a, counts] of Object.entries(p.sets)) add(((sum.sets as Record<string, Record<string, number>>)[a] ??= {}), counts);
    for (const [f, counts] of Object.entries(p.flags)) {
      const target = (sum.flags[f] ??= { yes: 0, no: 0 });
      target.yes += counts.yes;
      target.no += counts.no;
    }
  }
  return sum;
}
