// The year's chain of publications (case-mix.ts): each month, quarter and year protected in the order they become
// readable, earlier cells kept as published. Checked by the independent attacker of the disclosure tests, on
// everything published up to each quarter's end and at the year's end.
import t from 'tap';
import { ATTRIBUTES, ATTRIBUTE_VALUES, CROSSINGS, FLAGS, SET_MEMBERS, SETS } from '../../../src/modules/stats/catalogue.js';
import { CaseMixChain } from '../../../src/modules/stats/case-mix.js';
import type { MonthCounts } from '../../../src/modules/stats/snapshots.js';
import { leaks } from './disclosure/attacker.js';

function random(seed: number) {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}

/** A month of `calls` synthetic calls with skewed shares (the last values rare), counted as the SQL would. */
function month(rnd: () => number, calls: number): MonthCounts {
  const pick = (values: readonly string[]) => {
    const w = values.map((_, i) => 0.5 ** i);
    let x = rnd() * w.reduce((a, b) => a + b, 0);
    for (let i = 0; i < values.length; i++) if ((x -= w[i]!) <= 0) return values[i]!;
    return values.at(-1)!;
  };
  const m: MonthCounts = { total: calls, single: {}, pairs: {}, sets: {}, flags: {} };
  for (let c = 0; c < calls; c++) {
    const call = Object.fromEntries(ATTRIBUTES.map((a) => [a, pick(ATTRIBUTE_VALUES[a])]));
    for (const a of ATTRIBUTES) ((m.single[a] ??= {})[call[a]!] = (m.single[a]![call[a]!] ?? 0) + 1);
    for (const [a, b] of CROSSINGS) {
      const key = `${call[a]}|${call[b]}`;
      const pair = (m.pairs[`${a}|${b}`] ??= {});
      pair[key] = (pair[key] ?? 0) + 1;
    }
    for (const s of SETS) for (const member of SET_MEMBERS[s]) if (rnd() < 0.3) ((m.sets[s] ??= {})[member] = (m.sets[s]![member] ?? 0) + 1);
    for (const f of FLAGS.slice(0, 6)) {
      const answer = pick(['unknown', 'no', 'yes']);
      if (answer !== 'unknown') ((m.flags[f] ??= { yes: 0, no: 0 })[answer as 'yes' | 'no'] += 1);
    }
  }
  return m;
}

// Through the first quarter (the attacker is exhaustive, so slow): the year's own step over small months is slow (README, "Statistics", limits).
for (const seed of [1, 2]) {
  t.test(`small months (seed ${seed}): nothing pinned or narrowed at each quarter's end, earlier cells never change`, async (t) => {
    const rnd = random(seed);
    const months = new Map(Array.from({ length: 12 }, (_, i) => [i + 1, month(rnd, 8 + Math.floor(rnd() * 30))] as const));
    const chain = new CaseMixChain(2024, new Map(months), 5);
    const published = new Map<string, unknown>();
    for (let m = 1; m <= 3; m++) {
      const step = chain.step(m);
      for (const [id, v] of step.values) {
        if (published.has(id)) t.equal(v, published.get(id), `step ${m}: ${id} as published before`);
        published.set(id, v);
      }
      if (m % 3 === 0) {
        t.same(leaks(step.publication, step.values, 5), [], `after month ${m}: the independent attacker finds nothing`);
        t.ok(chain.reaudit(m).lpsSolved >= 0, 'the audit of every response passes');
      }
    }
    t.ok([...chain.step(3).suppressed.values()].some((s) => s === 'protecting'), 'secondary suppression was needed');
  });
}
