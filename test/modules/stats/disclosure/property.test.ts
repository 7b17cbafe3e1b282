// Random tables, protected by the module, attacked by an independent integer search (attacker.ts): no hidden cell
// may be pinned, and no small cell narrowed below 1 … minCell−1 beyond what the labels alone imply. The published
// values never carry a hidden count.
import fc from 'fast-check';
import t from 'tap';
import { DisclosureError, PublicationBuilder, protect, type ProtectedPublication, type Publication } from '../../../../src/modules/stats/disclosure/index.js';
import { labelsOnly, leaks } from './attacker.js';
import { grid, values } from './tables.js';

const count = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 5, max: 25 }));
const minCell = fc.constantFrom(3, 5);

function checkOutput(publication: Publication, result: ProtectedPublication): string[] {
  const problems: string[] = [];
  for (const cell of publication.cells) {
    const shown = result.values.get(cell.id);
    const small = cell.value >= 1 && cell.value < result.minCell;
    if (typeof shown === 'number' && shown !== cell.value) problems.push(`${cell.id} shown as ${shown}, is ${cell.value}`);
    if (small && shown !== `<${result.minCell}`) problems.push(`${cell.id} (${cell.value}) shown as ${shown}`);
    if (shown === 'x' && cell.value < result.minCell) problems.push(`${cell.id} (${cell.value}) hidden as x`);
    if (cell.value === 0 && shown !== 0) problems.push(`a zero ${cell.id} shown as ${shown}`);
  }
  return problems;
}

function verify(publication: Publication, m: number) {
  let result: ProtectedPublication;
  try {
    result = protect(publication, { minCell: m });
  } catch (error) {
    // Refusing is right only when the labels alone give the cells away (a total of 2 with two small parts, at
    // minCell 3, is 1 + 1 whatever is hidden); the independent attacker must agree.
    if (!(error instanceof DisclosureError) || error.cells.length === 0) throw error;
    const attack = labelsOnly(publication, m);
    return error.cells.map((id) => attack.range(id)).filter(([low, high]) => low !== high).map((r) => `refused, yet the labels allow ${r.join('..')}`);
  }
  return [...checkOutput(publication, result), ...leaks(publication, result.values, m)];
}

t.test('one two-way table', async (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 2, max: 4 }), fc.array(count, { minLength: 16, maxLength: 16 }), minCell, (r, c, xs, m) => {
      const b = new PublicationBuilder();
      b.twoWay({ period: '2025', rows: { attribute: 'a', values: values(r) }, columns: { attribute: 'b', values: values(c) }, counts: grid(values(r), values(c), xs) });
      t.same(verify(b.build(), m), [], `${r}×${c} ${xs.slice(0, r * c)} minCell ${m}`);
    }),
    { numRuns: 150 },
  );
});

t.test('tables sharing a margin: a one-way table and two two-way tables over the same attribute', async (t) => {
  fc.assert(
    fc.property(fc.array(count, { minLength: 6, maxLength: 6 }), fc.array(fc.nat(), { minLength: 3, maxLength: 3 }), minCell, (xs, split, m) => {
      const a = values(3, 'a');
      const first = grid(a, values(2, 'b'), xs);
      // The second table splits each row total of the first differently, so the margins agree.
      const second = Object.fromEntries(a.map((r, i) => {
        const total = Object.values(first[r]!).reduce((s, v) => s + v, 0);
        const left = total === 0 ? 0 : split[i]! % (total + 1);
        return [r, { c0: left, c1: total - left }];
      }));
      const b = new PublicationBuilder();
      b.twoWay({ period: '2025', rows: { attribute: 'a', values: a }, columns: { attribute: 'b', values: values(2, 'b') }, counts: first });
      b.twoWay({ period: '2025', rows: { attribute: 'a', values: a }, columns: { attribute: 'c', values: ['c0', 'c1'] }, counts: second });
      b.oneWay({ period: '2025', attribute: 'a', values: a, counts: Object.fromEntries(a.map((r) => [r, first[r]!.b0! + first[r]!.b1!])) });
      t.same(verify(b.build(), m), [], `${xs} / ${JSON.stringify(second)} minCell ${m}`);
    }),
    { numRuns: 80 },
  );
});

t.test('a period against its sub-periods: three months and their quarter, each a table', async (t) => {
  fc.assert(
    fc.property(fc.array(fc.array(count, { minLength: 4, maxLength: 4 }), { minLength: 3, maxLength: 3 }), minCell, (months, m) => {
      const b = new PublicationBuilder();
      const a = values(2, 'a');
      const c = values(2, 'c');
      const names = ['2025-01', '2025-02', '2025-03'];
      months.forEach((xs, i) => b.twoWay({ period: names[i]!, rows: { attribute: 'a', values: a }, columns: { attribute: 'c', values: c }, counts: grid(a, c, xs) }));
      const sum = months.reduce((s, xs) => s.map((v, k) => v + xs[k]!), [0, 0, 0, 0]);
      b.twoWay({ period: '2025-Q1', rows: { attribute: 'a', values: a }, columns: { attribute: 'c', values: c }, counts: grid(a, c, sum) });
      b.periodSum('2025-Q1', names);
      t.same(verify(b.build(), m), [], `${JSON.stringify(months)} minCell ${m}`);
    }),
    { numRuns: 60 },
  );
});
