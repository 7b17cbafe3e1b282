// Times disclosure control on a publication of realistic size: a year of case-mix (8 one-way and 12 two-way tables
// over the same calls, so they share margins), alone and together with the same tables for each of its months
// (the periods the API also serves). The calls are synthetic, drawn with skewed category shares so that small
// cells occur as in a small service's real year.
import { PublicationBuilder, protect } from '../../src/modules/stats/disclosure/index.js';

const CALLS = Number(process.env.CALLS ?? 600);
const RUNS = Number(process.env.RUNS ?? 5);

function random(seed: number) {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}

const attributes = [4, 5, 6, 4, 7, 5, 3, 6].map((n, a) => ({ name: `attr${a}`, values: Array.from({ length: n }, (_, i) => `v${i}`) }));
const crossings: [number, number][] = [[0, 1], [0, 2], [0, 3], [1, 2], [1, 4], [2, 5], [3, 6], [4, 7], [5, 6], [0, 7], [2, 3], [1, 6]];

function calls(seed: number) {
  const rnd = random(seed);
  // Category shares fall off geometrically, so the last categories are rare.
  const pick = (n: number) => {
    const weights = Array.from({ length: n }, (_, i) => 0.55 ** i);
    let x = rnd() * weights.reduce((s, w) => s + w, 0);
    for (let i = 0; i < n; i++) if ((x -= weights[i]!) <= 0) return i;
    return n - 1;
  };
  return Array.from({ length: CALLS }, () => ({ month: Math.floor(rnd() * 12), attrs: attributes.map((a) => a.values[pick(a.values.length)]!) }));
}

function build(records: ReturnType<typeof calls>, withMonths: boolean) {
  const b = new PublicationBuilder();
  const periods = withMonths ? ['2025', ...Array.from({ length: 12 }, (_, m) => `2025-${String(m + 1).padStart(2, '0')}`)] : ['2025'];
  for (const period of periods) {
    const rows = period === '2025' ? records : records.filter((r) => r.month === Number(period.slice(5)) - 1);
    attributes.forEach((a, i) => {
      const counts: Record<string, number> = {};
      for (const r of rows) counts[r.attrs[i]!] = (counts[r.attrs[i]!] ?? 0) + 1;
      b.oneWay({ period, attribute: a.name, values: a.values, counts });
    });
    for (const [i, j] of crossings) {
      const counts: Record<string, Record<string, number>> = {};
      for (const r of rows) (counts[r.attrs[i]!] ??= {})[r.attrs[j]!] = (counts[r.attrs[i]!]?.[r.attrs[j]!] ?? 0) + 1;
      b.twoWay({ period, rows: { attribute: attributes[i]!.name, values: attributes[i]!.values }, columns: { attribute: attributes[j]!.name, values: attributes[j]!.values }, counts });
    }
  }
  if (withMonths) b.periodSum('2025', periods.slice(1));
  return b.build();
}

// VARIANT=year or VARIANT=months runs one of the two.
const variants = [false, true].filter((m) => !process.env.VARIANT || process.env.VARIANT === (m ? 'months' : 'year'));
for (const withMonths of variants) {
  const times: number[] = [];
  let last;
  for (let run = 0; run < RUNS; run++) {
    const publication = build(calls(run + 1), withMonths);
    const result = protect(publication, { minCell: 5 });
    times.push(result.audit.ms);
    last = { cells: publication.cells.length, equations: publication.equations.length, ...result.audit };
  }
  times.sort((a, b) => a - b);
  console.log(withMonths ? 'year with its 12 months' : 'year alone', { ...last, ms: undefined }, `ms per run: median ${times[Math.floor(times.length / 2)]!.toFixed(1)}, max ${times.at(-1)!.toFixed(1)} (first run includes JIT warm-up)`);
}
