// The operational counts (stats-queries.ts) are counted by day and rolled up; the 90th percentile of the time to
// answer comes from a histogram of waits. Checked here against PostgreSQL's own percentile_cont and avg over the
// rows, for every granularity, on random waits.
import t from 'tap';
import { operationalCounts } from '../../../src/modules/calls/index.js';
import { testApp } from '../../helpers/services.js';
import { random, seedCalls, type SeedCall } from '../../helpers/stats.js';

t.test('time to answer per bucket and for the period: the same as percentile_cont and avg over the rows', async (t) => {
  const app = await testApp(t);
  const rnd = random(7);
  const calls: SeedCall[] = [];
  for (let i = 0; i < 300; i++) {
    const day = 1 + Math.floor(rnd() * 40);
    const date = new Date(Date.UTC(2025, 0, day)).toISOString().slice(0, 10);
    const answered = rnd() < 0.8;
    calls.push({ date, status: answered ? 'answered' : 'missed', wait: answered && rnd() < 0.95 ? 10 * (1 + Math.floor(rnd() ** 2 * 12)) : null });
  }
  await seedCalls(app.infra.db, calls);
  const buckets = { day: `to_char(call_date, 'YYYY-MM-DD')`, week: `to_char(date_trunc('week', call_date)::date, 'YYYY-MM-DD')`, month: `to_char(call_date, 'YYYY-MM')` };
  let interpolated = 0;
  for (const granularity of ['day', 'week', 'month'] as const) {
    const rows = await operationalCounts(app.infra.db, { from: '2025-01-01', to: '2025-02-09', granularity });
    const direct = await app.infra.db.query<{ bucket: string | null; n: string; mean: number | null; p90: number | null }>(
      `SELECT ${buckets[granularity]} AS bucket, count(answer_wait_s) FILTER (WHERE status = 'answered') AS n,
              avg(answer_wait_s) FILTER (WHERE status = 'answered') AS mean,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY answer_wait_s) FILTER (WHERE status = 'answered') AS p90
         FROM calls WHERE call_date BETWEEN '2025-01-01' AND '2025-02-09' GROUP BY GROUPING SETS ((1), ()) ORDER BY 1 NULLS FIRST`,
    );
    t.equal(rows.length, direct.rows.length, `${granularity}: every bucket and the total`);
    const close = (a: number | null, b: number | string | null) => (a === null ? b === null : b !== null && Math.abs(a - Number(b)) < 1e-9);
    const wrong = direct.rows.filter((d, i) => {
      const r = rows[i]!;
      return r.bucket !== d.bucket || r.answerTimes !== Number(d.n) || !close(r.answerMeanSeconds, d.mean) || !close(r.answerP90Seconds, d.p90);
    });
    t.same(wrong, [], `${granularity}: mean and 90th percentile agree`);
    // Waits are whole steps of 10 s: a percentile off that grid was interpolated between two different waits.
    interpolated += rows.filter((r) => r.answerP90Seconds !== null && Math.round(r.answerP90Seconds) % 10 !== 0).length;
  }
  t.ok(interpolated > 0, `interpolated percentiles among them (${interpolated})`);
});
