// The stats module's own table: one snapshot of case-mix counts per month (migrations/010_stats_month_snapshots.sql).
import type { Queryable } from '../../infra/db/database.js';
import { caseMixCounts } from '../calls/index.js';
import { CROSSINGS } from './catalogue.js';
import { EMPTY_MONTH, type MonthCounts } from './month-counts.js';
import { monthPeriod } from './periods.js';

export { EMPTY_MONTH, sumMonths, type MonthCounts } from './month-counts.js';

/**
 * The snapshots of the given months of one year (1–12), taking those that are missing now: counted by the calls
 * module, stored if no other instance stored one first, then read back so every instance serves the same counts.
 */
export async function monthSnapshots(db: Queryable, year: number, months: readonly number[], today: string): Promise<Map<number, MonthCounts>> {
  const read = async () => {
    const result = await db.query<{ m: number; counts: MonthCounts | string }>(
      `SELECT extract(month FROM month)::int AS m, counts FROM stats_month_snapshots
        WHERE month >= make_date($1::int, 1, 1) AND month < make_date($1::int + 1, 1, 1)`,
      [year],
    );
    return new Map(result.rows.map((r) => [Number(r.m), (typeof r.counts === 'string' ? JSON.parse(r.counts) : r.counts) as MonthCounts]));
  };
  const known = await read();
  const missing = months.filter((m) => !known.has(m));
  if (missing.length === 0) return known;
  const first = monthPeriod(year, Math.min(...missing));
  const last = monthPeriod(year, Math.max(...missing));
  const counted = new Map((await caseMixCounts(db, { from: first.from, to: last.to, pairs: CROSSINGS })).map((c) => [c.month, c]));
  for (const m of missing) {
    const period = monthPeriod(year, m);
    const { month: _month, ...counts } = counted.get(period.id) ?? { month: period.id, ...EMPTY_MONTH };
    await db.query('INSERT INTO stats_month_snapshots (month, taken_on, counts) VALUES ($1, $2, $3) ON CONFLICT (month) DO NOTHING', [period.from, today, JSON.stringify(counts)]);
  }
  return read();
}

/** Removes every snapshot and stored step (the benchmark measures the cold path; tests start over). */
export async function clearSnapshots(db: Queryable): Promise<void> {
  await db.query('DELETE FROM stats_protected_steps');
  await db.query('DELETE FROM stats_month_snapshots');
}
