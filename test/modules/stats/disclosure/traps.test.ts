// The known traps of cell suppression (STACK-NOTES, sdcTable, tau-ARGUS) as fixed cases. Each shows that the naive
// rule — hide the next smallest cell in any row or column with one hidden cell — leaks, by the independent attacker,
// and that the module does not.
import t from 'tap';
import { PublicationBuilder, audit, protect, type PublishedValue, type Publication } from '../../../../src/modules/stats/disclosure/index.js';
import { attacker, leaks } from './attacker.js';
import { naiveSuppression } from './naive.js';
import { grid, values } from './tables.js';

const v4 = values(4);

function twoWay(counts: Record<string, Record<string, number>>, rows = v4, columns = v4) {
  const b = new PublicationBuilder();
  const layout = b.twoWay({ period: '2025', rows: { attribute: 'a', values: rows }, columns: { attribute: 'b', values: columns }, counts });
  return { publication: b.build(), layout };
}

/** What an attacker sees from several responses: a count shown in any of them is known. */
function together(...responses: ReadonlyMap<string, PublishedValue>[]) {
  const seen = new Map<string, PublishedValue>();
  for (const r of responses) for (const [id, v] of r) if (!seen.has(id) || typeof v === 'number') seen.set(id, v);
  return seen;
}

function merge(...publications: Publication[]): Publication {
  return {
    cells: [...new Map(publications.flatMap((p) => p.cells).map((c) => [c.id, c])).values()],
    equations: publications.flatMap((p) => p.equations),
  };
}

t.test("sdcTable's 4×4 trap: two hidden cells in every row and column, one recoverable from (rows 1+2) − (columns 1+2)", async (t) => {
  const { publication, layout } = twoWay(grid(v4, v4, [20, 13, 15, 9, 12, 25, 11, 30, 12, 14, 10, 22, 8, 19, 27, 14]));
  const pattern = ['11', '12', '21', '22', '23', '33', '34', '43', '44'].map((rc) => layout.cells[Number(rc[0]) - 1]![Number(rc[1]) - 1]!);
  const suppressed = new Map(pattern.map((id) => [id, 'protecting' as const]));
  const values = new Map(publication.cells.map((c) => [c.id, suppressed.has(c.id) ? ('x' as const) : c.value] as const));
  // Rows 1 and 2 give the sum of their hidden cells; columns 1 and 2 give all of those but cell (2,3).
  t.same(attacker(publication, values, 5).range(layout.cells[1]![2]!), [11, 11], 'the attacker recovers cell (2,3) = 11');
  t.same(leaks(publication, values, 5), [`${layout.cells[1]![2]} (x) is pinned at 11`]);
  const report = audit(publication, suppressed, { minCell: 5 });
  t.notOk(report.ok, "the module's audit fails the pattern");
  t.same(report.failures, [{ id: layout.cells[1]![2], reason: 'pinned' }]);
  t.ok(report.lpsSolved > 0);
});

t.test('a 4×4 table where the naive rule leaves every line with two hidden cells, yet one is pinned', async (t) => {
  const { publication } = twoWay(grid(v4, v4, [6, 19, 18, 10, 3, 17, 18, 14, 19, 17, 14, 19, 19, 9, 2, 5]));
  const naive = naiveSuppression(publication, 5);
  for (const e of publication.equations) {
    const hidden = [e.total, ...e.parts].filter((id) => typeof naive.get(id) === 'string').length;
    t.not(hidden, 1, 'no line has a lone hidden cell');
  }
  t.match(leaks(publication, naive, 5), [/\(x\) is pinned at 5/], 'the naive pattern leaks');
  const result = protect(publication, { minCell: 5 });
  t.same(leaks(publication, result.values, 5), [], 'the module does not');
  t.ok(result.audit.protectingCells > 0);
});

t.test('a hidden pair whose sum is small: 1 and 2 beside a 20 tell the attacker both are at most 2', async (t) => {
  const b = new PublicationBuilder();
  const table = b.oneWay({ period: '2025', attribute: 'type', values: ['a', 'b', 'c'], counts: { a: 1, b: 2, c: 20 } });
  const publication = b.build();
  const naive = naiveSuppression(publication, 5);
  t.same([...naive.values()], ['<5', '<5', 20, 23], 'the naive rule hides the pair only');
  t.same(leaks(publication, naive, 5).length, 2, 'both small cells are narrowed to 1..2');
  const result = protect(publication, { minCell: 5 });
  t.same(leaks(publication, result.values, 5), []);
  t.equal(result.values.get(table.rows[0]!.id), '<5');
  t.equal(result.values.get(table.rows[2]!.id), 'x', 'the 20 is hidden to protect them');
  t.same(result.suppressed.get(table.rows[2]!.id), 'protecting');
  t.same(result.audit.hiddenCells, 3);
});

t.test('tables sharing a margin: each safe alone, together they give cells away', async (t) => {
  const a = values(3);
  const first = twoWay(grid(a, values(2), [5, 0, 4, 13, 8, 10]), a, values(2));
  const b = new PublicationBuilder();
  b.twoWay({ period: '2025', rows: { attribute: 'a', values: a }, columns: { attribute: 'c', values: values(2) }, counts: grid(a, values(2), [1, 4, 4, 13, 2, 16]) });
  const second = b.build();
  const naiveFirst = naiveSuppression(first.publication, 5);
  const naiveSecond = naiveSuppression(second, 5);
  t.same(leaks(first.publication, naiveFirst, 5), [], 'the first table alone is safe');
  t.same(leaks(second, naiveSecond, 5), [], 'the second table alone is safe');
  const both = merge(first.publication, second);
  t.ok(both.cells.length < first.publication.cells.length + second.cells.length, 'the row margins are the same cells');
  t.match(leaks(both, together(naiveFirst, naiveSecond), 5), [/is pinned at 5/], 'together they leak');
  const result = protect(both, { minCell: 5 });
  t.same(leaks(both, result.values, 5), [], 'the module, seeing both, does not');
});

t.test('a year against its months: a year minus eleven shown months is the twelfth', async (t) => {
  const months = Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`);
  const counts = months.map((_, i) => ({ a: i === 6 ? 2 : 6 + i, b: 9, c: 7 + (i % 3) }));
  const year = { a: counts.reduce((s, c) => s + c.a, 0), b: counts.reduce((s, c) => s + c.b, 0), c: counts.reduce((s, c) => s + c.c, 0) };
  const table = (period: string, c: Record<string, number>) => ({ period, attribute: 'type', values: ['a', 'b', 'c'], counts: c });

  // Each period suppressed on its own, as a naive service would answer each request.
  const alone = [...months.map((m, i) => table(m, counts[i]!)), table('2025', year)].map((spec) => {
    const b = new PublicationBuilder();
    b.oneWay(spec);
    const publication = b.build();
    return { publication, naive: naiveSuppression(publication, 5) };
  });
  for (const { publication, naive } of alone) t.same(leaks(publication, naive, 5), [], `${publication.cells[0]!.id} alone is safe`);

  const b = new PublicationBuilder();
  const july = months.map((m, i) => b.oneWay(table(m, counts[i]!)))[6]!;
  b.oneWay(table('2025', year));
  b.periodSum('2025', months);
  const all = b.build();
  const seen = together(...alone.map((x) => x.naive));
  t.equal(seen.get(july.rows[0]!.id), '<5', "July's small count is hidden in July's table");
  t.same(attacker(all, seen, 5).range(july.rows[0]!.id), [2, 2], 'but the year minus the other months gives it');
  const result = protect(all, { minCell: 5 });
  t.same(leaks(all, result.values, 5), [], 'the module, auditing the year with its months, does not leak');
  t.equal(result.values.get(july.rows[0]!.id), '<5');
});

t.test('a quarter against its months, found by search: small counts narrowed and a count pinned', async (t) => {
  const months = [[6, 3, 6], [2, 8, 0], [17, 1, 8]];
  const names = ['2025-01', '2025-02', '2025-03'];
  const spec = (period: string, xs: number[]) => ({ period, attribute: 'a', values: values(3), counts: Object.fromEntries(xs.map((x, j) => [`v${j}`, x])) });
  const quarter = months.reduce((s, m) => s.map((x, j) => x + m[j]!), [0, 0, 0]);
  const specs = [...months.map((m, i) => spec(names[i]!, m)), spec('2025-Q1', quarter)];
  const naive = together(...specs.map((s) => {
    const b = new PublicationBuilder();
    b.oneWay(s);
    return naiveSuppression(b.build(), 5);
  }));
  const b = new PublicationBuilder();
  for (const s of specs) b.oneWay(s);
  b.periodSum('2025-Q1', names);
  const all = b.build();
  t.ok(leaks(all, naive, 5).length >= 3, 'the naive answers leak together');
  t.same(leaks(all, protect(all, { minCell: 5 }).values, 5), []);
});
