// npm run bench:stats [-- --pg-calls 1000000 --pglite-calls 100000 --runs 3 --only postgres|pglite]
//
// Seeds anonymous call records over five years (2020–2024) with SQL alone (generate_series, in chunks with
// progress), in a scratch PostgreSQL database (dropped after) and in an in-memory PGlite, then times a one-year
// statistics request for 2024 as a supervisor gets it — operational figures by week, the heat map, follow-up figures,
// the case-mix of the year with all its tables and crossings, disclosure control and its audit — beside a naive
// baseline in the same run (fetch the year's rows, aggregate in JavaScript, no disclosure control).
//
// Four ways of the request, each run --runs times (median and range printed):
//   cold     nothing stored or cached: counting the twelve months, protecting the year's twelve steps, audit;
//   counted  month snapshots stored (the rollup), the steps protected anew;
//   prepared snapshots and protected steps stored (the nightly job has run), nothing in the worker's memory: what a
//            new server process or another instance pays — restoring the steps, the SQL, the audit;
//   cached   the steps in the worker's memory: the SQL for the operational part and the audit every response gets.
// The audit's share is printed separately, and the machine's load (os.loadavg) before and after.
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { Database } from '../../src/infra/db/database.js';
import { openDatabase } from '../../src/infra/db/database.js';
import { migrate } from '../../src/infra/db/migrate.js';
import { createLogger } from '../../src/infra/logger.js';
import { clearSnapshots, ProtectionPool, StatsService, type StatsQuery, type StatsResult } from '../../src/modules/stats/index.js';
import { createScratchDatabase, dropScratchDatabase, postgresAnswers } from '../support/scratch-stores.js';

const { values: args } = parseArgs({
  options: {
    'pg-calls': { type: 'string', default: '1000000' }, 'pglite-calls': { type: 'string', default: '100000' }, runs: { type: 'string', default: '3' },
    only: { type: 'string' },
  },
});
const RUNS = Number(args.runs);
const logger = createLogger('silent');
const QUERY: StatsQuery = { from: '2024-01-01', to: '2024-12-31', granularity: 'week', caseMix: 'year', cross: 'all' };

const pick = (values: string[], power = 2) => `(ARRAY[${values.map((v) => `'${v}'`).join(',')}])[1 + floor(power(random(), ${power}) * ${values.length})::int]`;
const maybe = (code: string, p: number) => `CASE WHEN random() < ${p} THEN '${code}' END`;
const flag = (name: string, pYes: number) => `'${name}', CASE WHEN random() < 0.4 THEN NULL WHEN random() < ${1 - pYes} THEN 'no' ELSE 'yes' END`;

/** One chunk of calls, ids first..last, spread evenly over 2020-01-01 … 2024-12-31 (1827 days). */
function seedSql(first: number, last: number): string {
  return `
  INSERT INTO calls (id, call_date, hour_band, line, status, answer_wait_s, duration_band, queue_band, caller_type, outcome, referrals,
                     motivation, gender, age_band, region, relationship, stalking_duration, legal_status, behaviours, risk_flags,
                     safety_plan_made, escalations, triage_computed)
  SELECT gen_random_uuid(), date '2020-01-01' + (g % 1827), 8 + floor(random() * 14)::int, '+4500000000', s.status,
         CASE WHEN s.status = 'answered' THEN 10 * ceil(random() * 12) END,
         CASE WHEN s.status = 'answered' THEN ${pick(['5-15', '<5', '15-30', '>30'], 1.5)} END,
         ${pick(['none', '<1', '1-3', '3-5', '>5'], 3)},
         o.caller_type, o.outcome,
         CASE WHEN o.a THEN array_remove(ARRAY[${maybe('psychiatry', 0.2)}, ${maybe('gp', 0.1)}, ${maybe('police', 0.05)}, ${maybe('livslinien', 0.002)}], NULL) ELSE '{}' END,
         CASE WHEN o.a THEN ${pick(['self_motivated', 'externally_prompted', 'ambivalent', 'not_motivated', 'unknown'])} END,
         CASE WHEN o.a AND random() < 0.8 THEN ${pick(['male', 'female', 'other'], 3)} END,
         CASE WHEN o.a AND random() < 0.7 THEN ${pick(['35-44', '25-34', '45-54', '<25', '55+'])} END,
         CASE WHEN o.a AND random() < 0.7 THEN ${pick(['capital', 'central', 'south', 'zealand', 'north', 'abroad'], 3)} END,
         CASE WHEN o.a AND random() < 0.8 THEN ${pick(['ex_intimate', 'acquaintance', 'work', 'online', 'family', 'intimate', 'stranger'], 3)} END,
         CASE WHEN o.a AND random() < 0.5 THEN ${pick(['3m-1y', '1-2y', '2w-3m', '>2y', '<2w'])} END,
         CASE WHEN o.a THEN array_remove(ARRAY[${maybe('police_warning', 0.2)}, ${maybe('restraining_order', 0.1)}, ${maybe('prison', 0.001)}], NULL) ELSE '{}' END,
         CASE WHEN o.a THEN array_remove(ARRAY[${maybe('calls_sms', 0.6)}, ${maybe('social_media', 0.4)}, ${maybe('showing_up', 0.2)}, ${maybe('surveillance_following', 0.1)}, ${maybe('forced_entry', 0.0005)}], NULL) ELSE '{}' END,
         CASE WHEN o.a THEN jsonb_strip_nulls(jsonb_build_object(${flag('threats_of_violence', 0.2)}, ${flag('threats_to_kill', 0.03)}, ${flag('cssrs_plan', 0.01)}, ${flag('attempt_in_progress', 0.0003)})) ELSE '{}' END,
         CASE WHEN o.a AND random() < 0.5 THEN random() < 0.3 END,
         CASE WHEN o.a THEN array_remove(ARRAY[${maybe('supervisor_consulted', 0.02)}, ${maybe('staff_called_112', 0.0005)}], NULL) ELSE '{}' END,
         CASE WHEN o.a THEN ${pick(['low', 'not_assessed', 'moderate', 'high', 'acute'], 3)} END
    FROM generate_series(${first}, ${last}) AS g
    CROSS JOIN LATERAL (SELECT CASE WHEN r < 0.75 THEN 'answered' WHEN r < 0.82 THEN 'missed' WHEN r < 0.85 THEN 'queue_timeout'
                                    WHEN r < 0.89 THEN 'abandoned' WHEN r < 0.92 THEN 'abandoned_in_queue' WHEN r < 0.99 THEN 'closed'
                                    ELSE 'blocked' END AS status
                          FROM (SELECT random() + g * 0 AS r) x) s
    CROSS JOIN LATERAL (SELECT s.status = 'answered' AS a,
                               CASE WHEN s.status = 'answered' THEN ${pick(['perpetrator_self', 'relative_or_friend', 'professional', 'silent_or_unclear', 'victim_misdirected', 'abusive_or_prank'], 3)} END AS caller_type,
                               CASE WHEN s.status = 'answered' THEN ${pick(['information_only', 'consented_to_followup', 'referred_elsewhere', 'will_call_again', 'dropped', 'out_of_scope', 'emergency_escalated'], 3)} END AS outcome) o`;
}

async function seed(db: Database, calls: number, label: string): Promise<number> {
  const started = performance.now();
  const chunk = 100_000;
  for (let first = 1; first <= calls; first += chunk) {
    const last = Math.min(calls, first + chunk - 1);
    // A seed per chunk: every run (and every machine) counts the same records, so runs can be compared.
    await db.exec(`SELECT setseed(${(first / calls).toFixed(6)}); ${seedSql(first, last)}`);
    process.stdout.write(`\r  ${label}: seeded ${last.toLocaleString('en')} of ${calls.toLocaleString('en')} calls (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
  process.stdout.write('\n');
  await db.exec('VACUUM ANALYZE calls');
  return performance.now() - started;
}

/** The naive way: every row of the year to JavaScript, counted there, no disclosure control. */
async function naive(db: Database): Promise<number> {
  const started = performance.now();
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT to_char(call_date, 'YYYY-MM-DD') AS d, hour_band, status, answer_wait_s, duration_band, queue_band, caller_type, outcome, referrals, motivation,
            gender, age_band, region, relationship, stalking_duration, legal_status, behaviours, risk_flags, safety_plan_made, escalations,
            triage_computed, triage_override FROM calls WHERE call_date BETWEEN $1 AND $2`,
    [QUERY.from, QUERY.to],
  );
  const counts = new Map<string, number>();
  const inc = (k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);
  const waits: number[] = [];
  for (const r of rows) {
    const d = r.d as string;
    const day = new Date(`${d}T00:00:00Z`);
    inc(`op|${d}|${r.status}`);
    inc(`heat|${day.getUTCDay()}|${r.hour_band}|${r.status}`);
    if (r.answer_wait_s !== null) waits.push(r.answer_wait_s as number);
    inc(`dur|${r.duration_band}`);
    inc(`q|${r.queue_band}`);
    if (r.outcome === null) continue;
    const m = d.slice(0, 7);
    const single: Record<string, unknown> = {
      callerType: r.caller_type, outcome: r.outcome, motivation: r.motivation ?? 'unknown', gender: r.gender ?? 'unknown', ageBand: r.age_band ?? 'unknown',
      region: r.region ?? 'unknown', relationship: r.relationship ?? 'unknown', stalkingDuration: r.stalking_duration ?? 'unknown',
      triage: r.triage_override ?? r.triage_computed, safetyPlan: r.safety_plan_made === null ? 'unknown' : r.safety_plan_made ? 'yes' : 'no',
    };
    inc(`cm|${m}|total`);
    for (const [a, v] of Object.entries(single)) inc(`cm|${m}|${a}|${v}`);
    for (const [a, b] of [['callerType', 'outcome'], ['callerType', 'motivation'], ['triage', 'outcome'], ['gender', 'ageBand'], ['gender', 'relationship']] as const) {
      inc(`cm|${m}|${a}|${single[a]}|${b}|${single[b]}`);
    }
    for (const set of ['referrals', 'legal_status', 'behaviours', 'escalations']) for (const v of r[set] as string[]) inc(`cm|${m}|${set}|${v}`);
    const flags = (typeof r.risk_flags === 'string' ? JSON.parse(r.risk_flags) : r.risk_flags) as Record<string, string>;
    for (const [f, v] of Object.entries(flags)) inc(`cm|${m}|flag|${f}|${v}`);
  }
  waits.sort((a, b) => a - b);
  void waits[Math.floor(waits.length * 0.9)];
  return performance.now() - started;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (xs: number[]) => `median ${median(xs).toFixed(0)} ms (range ${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`;

async function measure(db: Database, label: string, target: number): Promise<void> {
  // The protection runs in its worker thread, as in the server: the figures include the messages to and from it.
  const protection = new ProtectionPool({ log: logger });
  const service = new StatsService({ db, minCell: 5, settleDays: 3, today: () => '2025-06-15', closures: async () => [], protection });
  const ways = { cold: [] as StatsResult['audit'][], counted: [] as StatsResult['audit'][], prepared: [] as StatsResult['audit'][], cached: [] as StatsResult['audit'][] };
  const naiveMs: number[] = [];
  let last: StatsResult | undefined;
  try {
    for (let run = 0; run < RUNS; run++) {
      await clearSnapshots(db);
      service.clearCache();
      ways.cold.push((last = await service.figures(QUERY)).audit);
      await db.query('DELETE FROM stats_protected_steps');
      service.clearCache();
      ways.counted.push((await service.figures(QUERY)).audit);
      service.clearCache();
      ways.prepared.push((await service.figures(QUERY)).audit);
      ways.cached.push((await service.figures(QUERY)).audit);
      naiveMs.push(await naive(db));
    }
  } finally {
    await protection.close();
  }
  const year = last!.caseMix.periods[0];
  const a = ways.cold.at(-1)!;
  console.log(`  ${label}: the 2024 request (${last!.operational.total.calls.toLocaleString('en')} calls, ${year?.available ? `case-mix N=${year.total}` : 'no case-mix'}; ` +
    `${a.stepsComputed} steps protected, ${a.hiddenCells} cells hidden in the year's publication (${a.smallCells} <5, ${a.protectingCells} x), ${a.lpsSolved} LPs)`);
  for (const [way, figures] of Object.entries(ways)) {
    console.log(`    ${way.padEnd(8)} ${fmt(figures.map((f) => f.ms))}; protection ${fmt(figures.map((f) => f.protectMs))}; audit of the response ${fmt(figures.map((f) => f.auditMs))}`);
  }
  console.log(`    naive    ${fmt(naiveMs)} (rows to JavaScript and counted there; no disclosure control)`);
  const verdict = (way: keyof typeof ways) => `${way} ${median(ways[way].map((f) => f.ms)) < target ? 'met' : 'NOT met'}`;
  console.log(`    target < ${target} ms (median): ${(Object.keys(ways) as (keyof typeof ways)[]).map(verdict).join(', ')}`);
}

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`bench:stats — ${cpus().length} CPUs, load average ${load()} (1, 5, 15 min); ${RUNS} runs of each`);

/** Migrates and seeds one store, then measures the request on it. */
async function bench(db: Database, label: string, calls: number, target: number): Promise<void> {
  await migrate(db, logger);
  const ms = await seed(db, calls, label);
  console.log(`  seeding took ${(ms / 1000).toFixed(1)} s`);
  await measure(db, label, target);
}

if (args.only === 'pglite') console.log('PostgreSQL: skipped (--only pglite)');
else if (await postgresAnswers()) {
  const scratch = await createScratchDatabase('bench');
  const db = await openDatabase({ kind: 'postgres', url: scratch.url }, logger);
  try {
    console.log(`PostgreSQL ${scratch.version} (database ${scratch.name}, dropped after)`);
    await bench(db, 'PostgreSQL', Number(args['pg-calls']), 300);
  } finally {
    await db.close();
    await dropScratchDatabase(scratch.name);
  }
} else console.log('PostgreSQL does not answer: skipped');

if (args.only === 'postgres') console.log('PGlite: skipped (--only postgres)');
else {
  const db = await openDatabase({ kind: 'pglite-memory' }, logger);
  try {
    console.log('PGlite (in memory)');
    await bench(db, 'PGlite', Number(args['pglite-calls']), 2000);
  } finally {
    await db.close();
  }
}
console.log(`load average after: ${load()}`);
