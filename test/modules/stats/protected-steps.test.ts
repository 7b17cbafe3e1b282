// Stored step patterns (protected-steps.ts, case-mix.ts): a step is protected once and its pattern kept; a worker
// that lost its memory (a restart, another instance) restores it instead of computing it again, a stored pattern is
// what is published even where a new computation would differ, and a pattern that would give a cell away or change
// what an earlier step published is refused before anything leaves.
import { Writable } from 'node:stream';
import t, { type Test } from 'tap';
import { createLogger } from '../../../src/infra/logger.js';
import type { StepPattern } from '../../../src/modules/stats/case-mix.js';
import type { StatsQuery } from '../../../src/modules/stats/index.js';
import { testApp } from '../../helpers/services.js';
import { random, seedMonthSnapshots, syntheticMonth } from '../../helpers/stats.js';
import { addUser, login } from '../../helpers/users.js';

const NOW = new Date('2025-01-10T10:00:00Z');
const YEAR: StatsQuery = { from: '2024-01-01', to: '2024-12-31', granularity: 'month', caseMix: 'month', cross: 'all' };

async function yearOfSmallMonths(t: Test) {
  let log = '';
  const logger = createLogger('info', new Writable({ write(c: Buffer, _e, done) { log += c.toString(); done(); } }));
  const app = await testApp(t, {}, { now: () => NOW, logger });
  const rnd = random(3);
  const months = new Map(Array.from({ length: 12 }, (_, i) => [i + 1, syntheticMonth(rnd, 20 + Math.floor(rnd() * 30))] as const));
  await seedMonthSnapshots(app.infra.db, 2024, months, '2025-01-05');
  const stored = async () => (await app.infra.db.query<{ step: number; pattern: StepPattern | string }>('SELECT step, pattern FROM stats_protected_steps WHERE year = 2024 ORDER BY step')).rows
    .map((r) => ({ step: Number(r.step), pattern: (typeof r.pattern === 'string' ? JSON.parse(r.pattern) : r.pattern) as StepPattern }));
  const setPattern = (step: number, pattern: StepPattern) => app.infra.db.query('UPDATE stats_protected_steps SET pattern = $1 WHERE year = 2024 AND step = $2', [JSON.stringify(pattern), step]);
  return { app, stored, setPattern, log: () => log };
}

t.test('each step is protected once and stored; after the worker forgets, the stored steps are restored, with the same figures', async (t) => {
  const { app, stored } = await yearOfSmallMonths(t);
  const first = await app.stats.figures(YEAR);
  t.equal(first.audit.stepsComputed, 12, 'the twelve steps were computed');
  const rows = await stored();
  t.same(rows.map((r) => r.step), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], 'and stored');
  t.ok(rows.some((r) => r.pattern.suppressed.some(([, s]) => s === 'protecting')), 'with secondary suppression among them');

  app.stats.clearCache();
  const again = await app.stats.figures(YEAR);
  t.equal(again.audit.stepsComputed, 0, 'nothing computed again');
  t.ok(again.audit.lpsSolved > 0, 'the response was still audited');
  t.same(again.caseMix, first.caseMix, 'the same publication');
  t.same(await stored(), rows, 'the stored patterns unchanged');
});

t.test('a stored pattern is what is published, even where a new computation would hide less', async (t) => {
  const { app, stored, setPattern } = await yearOfSmallMonths(t);
  await app.stats.figures(YEAR);
  const [january] = await stored();
  const jan = (await app.stats.figures({ ...YEAR, to: '2024-01-31' })).caseMix.periods[0]!;
  // A January count shown as a number, hidden in the stored pattern instead (as a different version might have).
  const shown = (r: { count: unknown }) => typeof r.count === 'number' && r.count >= 5;
  const table = jan.available ? jan.tables.find((tb) => tb.kind === 'one-way' && tb.rows.filter(shown).length >= 2) : undefined;
  if (!table || table.kind !== 'one-way' || !jan.available) throw new Error('no two shown counts to hide');
  const [row, other] = table.rows.filter(shown) as [typeof table.rows[number], typeof table.rows[number]];
  const id = (value: string) => JSON.stringify(['calls', '2024-01', [[table.attribute, value]]]);
  await setPattern(1, { ...january!.pattern, suppressed: [...january!.pattern.suppressed, [id(row.value), 'protecting'], [id(other.value), 'protecting']] });
  // Only January's own step kept: the later ones are computed again around it.
  await app.infra.db.query('DELETE FROM stats_protected_steps WHERE year = 2024 AND step > 1');
  app.stats.clearCache();
  const after = await app.stats.figures(YEAR);
  t.equal(after.audit.stepsComputed, 11, 'the later steps computed around the stored one');
  const janAfter = after.caseMix.periods[0]!;
  if (!janAfter.available) throw new Error('January not available');
  const rows = janAfter.tables.find((tb) => tb.table === table.table)!;
  if (rows.kind !== 'one-way') throw new Error('not one-way');
  t.equal(rows.rows.find((r) => r.value === row.value)!.count, 'x', 'the stored pattern hides it');
  t.equal(rows.rows.find((r) => r.value === other.value)!.count, 'x');
});

t.test('a stored pattern that would show a small count, or change what an earlier step published, is refused', async (t) => {
  const { app, stored, setPattern, log } = await yearOfSmallMonths(t);
  await addUser(app, 'sofie', ['supervisor']);
  const cookie = await login(app, 'sofie');
  await app.stats.figures(YEAR);
  const rows = await stored();
  const year = rows.at(-1)!;
  const small = year.pattern.suppressed.find(([id, s]) => s === 'small' && JSON.parse(id)[1] === '2024');
  if (!small) throw new Error('the year has no small cell');
  await setPattern(12, { ...year.pattern, suppressed: year.pattern.suppressed.filter(([id]) => id !== small[0]) });
  app.stats.clearCache();
  const shown = await app.inject({ method: 'GET', url: '/api/stats?from=2024-01-01&to=2024-12-31', headers: { cookie } });
  t.equal(shown.statusCode, 500, 'refused');
  t.notMatch(shown.body, /calls|2024|small/, 'nothing of the statistics or of the reason leaves');
  t.same(Object.keys(shown.json()).sort(), ['error', 'message']);
  t.match(log(), /is small and shown/, 'the audit of the response caught it (the log says why)');

  await setPattern(12, year.pattern);
  const march = rows[2]!;
  const hiddenInJanuary = rows[0]!.pattern.suppressed.find(([id]) => JSON.parse(id)[1] === '2024-01');
  if (!hiddenInJanuary) throw new Error('January hides nothing');
  // The first quarter's step showing a January cell that January's own step hid.
  await setPattern(3, { ...march.pattern, suppressed: march.pattern.suppressed.filter(([id]) => id !== hiddenInJanuary[0]) });
  app.stats.clearCache();
  const changed = await app.inject({ method: 'GET', url: '/api/stats?from=2024-01-01&to=2024-03-31&caseMix=quarter', headers: { cookie } });
  t.equal(changed.statusCode, 500, 'refused');
  t.notMatch(changed.body, /calls|2024/);
  t.match(log(), /does not keep what earlier steps published/);

  await setPattern(3, march.pattern);
  app.stats.clearCache();
  const fine = await app.inject({ method: 'GET', url: '/api/stats?from=2024-01-01&to=2024-12-31', headers: { cookie } });
  t.equal(fine.statusCode, 200, 'the true patterns serve again');
});
