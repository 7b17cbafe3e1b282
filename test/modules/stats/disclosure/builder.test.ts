// The builders' equations and ids, the errors that stop a malformed publication, and figures derived from counts.
import t from 'tap';
import {
  DisclosureError, PublicationBuilder, cellKey, protect, publishedRate, publishedStatistic,
} from '../../../../src/modules/stats/disclosure/index.js';

t.test('a two-way table: cells, margins and total, with one-way tables sharing the margins', async (t) => {
  const b = new PublicationBuilder();
  const two = b.twoWay({ period: '2025', rows: { attribute: 'type', values: ['self', 'other'] }, columns: { attribute: 'outcome', values: ['a', 'b'] }, counts: { self: { a: 10, b: 2 }, other: { a: 7 } } });
  const one = b.oneWay({ period: '2025', attribute: 'type', values: ['self', 'other'], counts: { self: 12, other: 7 } });
  t.equal(one.rows[0]!.id, two.rowTotals[0], 'the one-way cell is the row margin');
  t.equal(one.total, two.total);
  t.equal(two.total, cellKey({ population: 'calls', period: '2025', coords: {} }));
  t.equal(two.cells[0]![1], cellKey({ population: 'calls', period: '2025', coords: { outcome: 'b', type: 'self' } }), 'attribute order does not matter');
  const publication = b.build();
  t.equal(publication.cells.length, 4 + 2 + 2 + 1);
  t.same(publication.cells.find((c) => c.id === two.cells[1]![1])?.value, 0, 'a missing count is 0');
  t.same(publication.equations.length, 2 + 2 + 2 + 1);
  t.throws(() => b.oneWay({ period: '2025', attribute: 'type', values: ['self', 'other'], counts: { self: 13, other: 7 } }), DisclosureError, 'the same cell with another count');
});

t.test('protected values: small as "<minCell", protecting as "x", zeros and the rest as numbers', async (t) => {
  const b = new PublicationBuilder();
  const table = b.oneWay({ period: '2025', attribute: 'type', values: ['a', 'b', 'c', 'd'], counts: { a: 3, b: 0, c: 12, d: 30 } });
  const result = protect(b.build(), { minCell: 5 });
  t.same(table.rows.map((r) => result.values.get(r.id)), ['<5', 0, 'x', 30]);
  t.equal(result.values.get(table.total), 45);
  t.same(result.audit.hiddenCells, 2);
  t.same([result.audit.smallCells, result.audit.protectingCells], [1, 1]);
  t.ok(result.audit.lpsSolved >= 1 && result.audit.ms >= 0 && result.audit.rounds >= 1);
  const json = JSON.stringify(Object.fromEntries(result.values));
  t.notMatch(json, /\b3\b|\b12\b/, 'no hidden count in the output');
  t.equal(protect(b.build(), { minCell: 10 }).values.get(table.rows[0]!.id), '<10', 'the label names the threshold');
});

t.test('structural cells take part but are never shown', async (t) => {
  const b = new PublicationBuilder();
  b.cell('fine-1', 2, false);
  b.cell('fine-2', 9, false);
  b.cell('sum', 11);
  b.equation('sum', ['fine-1', 'fine-2']);
  const result = protect(b.build(), { minCell: 5 });
  t.same([...result.values], [['sum', 11]]);
  t.same(result.audit.hiddenCells, 0);
});

t.test('malformed publications are refused', async (t) => {
  t.throws(() => protect({ cells: [{ id: 'a', value: 3 }, { id: 'b', value: 4 }], equations: [{ total: 'a', parts: ['b'] }] }, { minCell: 5 }), /not the sum/);
  t.throws(() => protect({ cells: [{ id: 'a', value: -1 }], equations: [] }, { minCell: 5 }), /not a count/);
  t.throws(() => protect({ cells: [{ id: 'a', value: 1.5 }], equations: [] }, { minCell: 5 }), /not a count/);
  t.throws(() => protect({ cells: [{ id: 'a', value: 1 }, { id: 'a', value: 1 }], equations: [] }, { minCell: 5 }), /twice/);
  t.throws(() => protect({ cells: [{ id: 'a', value: 1 }], equations: [{ total: 'a', parts: ['z'] }] }, { minCell: 5 }), /unknown cell z/);
  t.throws(() => protect({ cells: [], equations: [] }, { minCell: 1 }), /minCell/);
  const b = new PublicationBuilder();
  b.oneWay({ period: '2025', attribute: 't', values: ['a'], counts: { a: 9 } });
  b.oneWay({ period: '2025-01', attribute: 't', values: ['a'], counts: { a: 9 } });
  t.throws(() => b.periodSum('2025', ['2025-01', '2025-02']), /missing from 1 of its sub-periods/);
});

t.test('the labels alone can give a cell away: the error names the cells', async (t) => {
  // At minCell 3 a total of 2 with two small parts is 1 + 1, whatever is hidden.
  const b = new PublicationBuilder();
  const table = b.oneWay({ period: '2025', attribute: 't', values: ['a', 'b'], counts: { a: 1, b: 1 } });
  const error = t.throws(() => protect(b.build(), { minCell: 3 })) as DisclosureError;
  t.type(error, DisclosureError);
  t.ok(error.cells.length > 0 && error.cells.every((id) => [table.total, ...table.rows.map((r) => r.id)].includes(id)));
});

t.test('rates and statistics built on hidden counts are hidden', async (t) => {
  t.equal(publishedRate(12, 48), 25);
  t.equal(publishedRate(1, 3, 100, 2), 33.33);
  t.equal(publishedRate('<5', 48), 'x');
  t.equal(publishedRate(12, 'x'), 'x');
  t.equal(publishedRate(0, 0), null);
  t.equal(publishedStatistic(4, 5, () => 12.5), 'x');
  t.equal(publishedStatistic(5, 5, () => 12.5), 12.5);
  t.equal(publishedStatistic(0, 5, () => 12.5), null);
  const b = new PublicationBuilder();
  const table = b.oneWay({ period: '2025', attribute: 't', values: ['a', 'b', 'c'], counts: { a: 2, b: 30, c: 40 } });
  const result = protect(b.build(), { minCell: 5 });
  const rates = table.rows.map((r) => publishedRate(result.values.get(r.id)!, result.values.get(table.total)!));
  t.equal(rates[0], 'x', 'a share of a small count is hidden');
  t.ok(rates.filter((r) => r === 'x').length >= 2, 'and so is the share of the cell hidden to protect it');
});
