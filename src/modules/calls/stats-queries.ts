// Aggregate queries for the stats module (docs/architecture.md, "Statistics and disclosure control"). SQL does the
// counting; nothing here returns a single call. The stats module adds disclosure control before anything leaves.
import type { Queryable } from '../../infra/db/database.js';

export type Granularity = 'day' | 'week' | 'month';

/** The bucket each call falls in: its date, the Monday of its ISO week, or the first of its month. */
const BUCKET: Record<Granularity, string> = {
  day: `to_char(call_date, 'YYYY-MM-DD')`,
  week: `to_char(date_trunc('week', call_date)::date, 'YYYY-MM-DD')`,
  month: `to_char(call_date, 'YYYY-MM')`,
};

/** Calls offered to a psychologist (the line open, the caller not blocked) that no one answered. */
const UNANSWERED = `status IN ('missed', 'queue_timeout', 'abandoned', 'abandoned_in_queue')`;

export interface OperationalRow {
  /** The bucket (YYYY-MM-DD, the week's Monday, or YYYY-MM); null for the whole period. */
  bucket: string | null;
  calls: number;
  answered: number;
  missed: number;
  queueTimeout: number;
  closed: number;
  blocked: number;
  abandoned: number;
  abandonedInQueue: number;
  inProgress: number;
  /** Answered calls with a time to answer, and its mean and 90th percentile in seconds (rounded up to 10 s at the source). */
  answerTimes: number;
  answerMeanSeconds: number | null;
  answerP90Seconds: number | null;
  durationBands: Record<'<5' | '5-15' | '15-30' | '>30', number>;
  queueBands: Record<'<1' | '1-3' | '3-5' | '>5', number>;
}

/** The bucket of a day column `d` (see BUCKET). */
const bucketOf = (granularity: Granularity) => BUCKET[granularity].replaceAll('call_date', 'd');

/**
 * Call counts by status, time to answer, duration and queue bands, per bucket and for the whole period. Counted by
 * day first (hash aggregates over the index, no sort of the period's rows), then rolled up into the buckets; the
 * 90th percentile of the time to answer comes from the per-day histogram of waits (a wait is recorded in whole
 * steps of 10 s), computed exactly as percentile_cont(0.9) would over the rows.
 */
export async function operationalCounts(db: Queryable, range: { from: string; to: string; granularity: Granularity }): Promise<OperationalRow[]> {
  const bucket = bucketOf(range.granularity);
  const counted = {
    calls: 'true', answered: `status = 'answered'`, missed: `status = 'missed'`, queue_timeout: `status = 'queue_timeout'`,
    closed: `status = 'closed'`, blocked: `status = 'blocked'`, abandoned: `status = 'abandoned'`, abandoned_in_queue: `status = 'abandoned_in_queue'`,
    in_progress: `status IN ('ringing', 'queued')`,
    d_lt5: `duration_band = '<5'`, d_5_15: `duration_band = '5-15'`, d_15_30: `duration_band = '15-30'`, d_gt30: `duration_band = '>30'`,
    q_lt1: `queue_band = '<1'`, q_1_3: `queue_band = '1-3'`, q_3_5: `queue_band = '3-5'`, q_gt5: `queue_band = '>5'`,
  };
  const names = Object.keys(counted);
  const result = await db.query<Record<string, string | number | null>>(
    `WITH days AS (
       SELECT call_date AS d, ${Object.entries(counted).map(([name, test]) => `count(*) FILTER (WHERE ${test}) AS ${name}`).join(', ')}
         FROM calls WHERE call_date BETWEEN $1::date AND $2::date GROUP BY call_date
     ), waits AS (
       SELECT call_date AS d, answer_wait_s AS w, count(*) AS n
         FROM calls WHERE call_date BETWEEN $1::date AND $2::date AND status = 'answered' AND answer_wait_s IS NOT NULL
        GROUP BY 1, 2
     ), totals AS (
       SELECT ${bucket} AS bucket, ${names.map((name) => `sum(${name}) AS ${name}`).join(', ')}
         FROM days GROUP BY GROUPING SETS ((${bucket}), ())
     ), histogram AS (
       SELECT ${bucket} AS bucket, w, sum(n) AS n FROM waits GROUP BY GROUPING SETS ((${bucket}, w), (w))
     ), cumulative AS (
       SELECT bucket, w, n, sum(n) OVER (PARTITION BY bucket ORDER BY w) AS upto, sum(n) OVER (PARTITION BY bucket) AS total,
              0.9 * (sum(n) OVER (PARTITION BY bucket) - 1) AS rank
         FROM histogram
     ), answer AS (
       -- percentile_cont: the values at the ranks either side of 0.9·(N−1) (counted from 0), interpolated.
       SELECT bucket, max(total) AS answer_times, sum(w * n) / max(total) AS answer_mean,
              min(w) FILTER (WHERE upto > floor(rank)) AS below, min(w) FILTER (WHERE upto > ceil(rank)) AS above,
              max(rank) - floor(max(rank)) AS fraction
         FROM cumulative GROUP BY bucket
     )
     SELECT t.*, COALESCE(a.answer_times, 0) AS answer_times, a.answer_mean, a.below + a.fraction * (a.above - a.below) AS answer_p90
       FROM totals t LEFT JOIN answer a ON a.bucket IS NOT DISTINCT FROM t.bucket
      ORDER BY 1 NULLS FIRST`,
    [range.from, range.to],
  );
  const n = (v: unknown) => Number(v ?? 0);
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return result.rows.map((r) => ({
    bucket: (r.bucket as string | null) ?? null,
    calls: n(r.calls), answered: n(r.answered), missed: n(r.missed), queueTimeout: n(r.queue_timeout), closed: n(r.closed),
    blocked: n(r.blocked), abandoned: n(r.abandoned), abandonedInQueue: n(r.abandoned_in_queue), inProgress: n(r.in_progress),
    answerTimes: n(r.answer_times), answerMeanSeconds: num(r.answer_mean), answerP90Seconds: num(r.answer_p90),
    durationBands: { '<5': n(r.d_lt5), '5-15': n(r.d_5_15), '15-30': n(r.d_15_30), '>30': n(r.d_gt30) },
    queueBands: { '<1': n(r.q_lt1), '1-3': n(r.q_1_3), '3-5': n(r.q_3_5), '>5': n(r.q_gt5) },
  }));
}

export interface HeatMapCell {
  /** ISO weekday: 1 Monday … 7 Sunday. */
  weekday: number;
  hour: number;
  calls: number;
  /** Offered to the line and taken by no one (missed, queue timeout, hung up before answer or in the queue). */
  unanswered: number;
}

/** The date of the first call on record (YYYY-MM-DD), or null when there is none. */
export async function firstCallDate(db: Queryable): Promise<string | null> {
  const result = await db.query<{ first: string | null }>(`SELECT to_char(min(call_date), 'YYYY-MM-DD') AS first FROM calls`);
  return result.rows[0]?.first ?? null;
}

/** Calls by weekday and hour of day over the period (only the non-empty cells). */
export async function callHeatMap(db: Queryable, range: { from: string; to: string }): Promise<HeatMapCell[]> {
  const result = await db.query<{ weekday: number; hour: number; calls: string; unanswered: string }>(
    `SELECT extract(isodow FROM call_date)::int AS weekday, hour_band AS hour, count(*) AS calls,
            count(*) FILTER (WHERE ${UNANSWERED}) AS unanswered
       FROM calls WHERE call_date BETWEEN $1::date AND $2::date
      GROUP BY 1, 2 ORDER BY 1, 2`,
    [range.from, range.to],
  );
  return result.rows.map((r) => ({ weekday: Number(r.weekday), hour: Number(r.hour), calls: Number(r.calls), unanswered: Number(r.unanswered) }));
}

/** The single-valued outcome attributes as the statistics name them; an attribute left out counts as `unknown`. */
export const CASE_MIX_ATTRIBUTES = {
  callerType: 'caller_type',
  outcome: 'outcome',
  motivation: `COALESCE(motivation, 'unknown')`,
  gender: `COALESCE(gender, 'unknown')`,
  ageBand: `COALESCE(age_band, 'unknown')`,
  region: `COALESCE(region, 'unknown')`,
  relationship: `COALESCE(relationship, 'unknown')`,
  stalkingDuration: `COALESCE(stalking_duration, 'unknown')`,
  triage: `COALESCE(triage_override, triage_computed, 'not_assessed')`,
  safetyPlan: `CASE safety_plan_made WHEN true THEN 'yes' WHEN false THEN 'no' ELSE 'unknown' END`,
} as const;
export type CaseMixAttribute = keyof typeof CASE_MIX_ATTRIBUTES;

/** The set-valued attributes: a call counts once under every member it has. */
export const CASE_MIX_SETS = { referrals: 'referrals', behaviours: 'behaviours', legalStatus: 'legal_status', escalations: 'escalations' } as const;
export type CaseMixSet = keyof typeof CASE_MIX_SETS;

export interface CaseMixMonth {
  /** YYYY-MM */
  month: string;
  /** Calls with a saved outcome. */
  total: number;
  single: Partial<Record<CaseMixAttribute, Record<string, number>>>;
  /** pairs["a|b"]["va|vb"] for each crossing asked for. */
  pairs: Record<string, Record<string, number>>;
  sets: Partial<Record<CaseMixSet, Record<string, number>>>;
  /** Risk flags answered yes and no; the rest of the month's calls did not assess the flag (unknown). */
  flags: Record<string, { yes: number; no: number }>;
}

/**
 * The case-mix counts of the calls with a saved outcome, month by month, for whole months from `from` to `to`:
 * every attribute alone and the crossings asked for, the set members and the risk flags. Three grouped scans.
 */
export async function caseMixCounts(db: Queryable, range: { from: string; to: string; pairs: ReadonlyArray<readonly [CaseMixAttribute, CaseMixAttribute]> }): Promise<CaseMixMonth[]> {
  const attributes = Object.keys(CASE_MIX_ATTRIBUTES) as CaseMixAttribute[];
  for (const [a, b] of range.pairs) if (!(a in CASE_MIX_ATTRIBUTES) || !(b in CASE_MIX_ATTRIBUTES) || a === b) throw new Error(`no such crossing ${a}×${b}`);
  const column = (a: CaseMixAttribute) => `a_${attributes.indexOf(a)}`;
  const where = `WHERE outcome IS NOT NULL AND call_date BETWEEN $1::date AND $2::date`;
  const sets = [`(m)`, ...attributes.map((a) => `(m, ${column(a)})`), ...range.pairs.map(([a, b]) => `(m, ${column(a)}, ${column(b)})`)];
  const grouped = await db.query<Record<string, string | null>>(
    `SELECT m, ${attributes.map(column).join(', ')}, count(*) AS n
       FROM (SELECT to_char(call_date, 'YYYY-MM') AS m, ${attributes.map((a) => `${CASE_MIX_ATTRIBUTES[a]} AS ${column(a)}`).join(', ')}
               FROM calls ${where}) c
      GROUP BY GROUPING SETS (${sets.join(', ')})`,
    [range.from, range.to],
  );
  const members = await db.query<{ m: string; grp: string; member: string; n: string }>(
    Object.entries(CASE_MIX_SETS)
      .map(([name, col]) => `SELECT to_char(call_date, 'YYYY-MM') AS m, '${name}' AS grp, x AS member, count(*) AS n FROM calls, unnest(${col}) AS x ${where} GROUP BY 1, 3`)
      .join(' UNION ALL '),
    [range.from, range.to],
  );
  const flags = await db.query<{ m: string; flag: string; answer: string; n: string }>(
    `SELECT to_char(call_date, 'YYYY-MM') AS m, f.key AS flag, f.value AS answer, count(*) AS n
       FROM calls, jsonb_each_text(risk_flags) AS f ${where} AND f.value IN ('yes', 'no')
      GROUP BY 1, 2, 3`,
    [range.from, range.to],
  );

  const months = new Map<string, CaseMixMonth>();
  const month = (m: string) => {
    let found = months.get(m);
    if (!found) months.set(m, (found = { month: m, total: 0, single: {}, pairs: {}, sets: {}, flags: {} }));
    return found;
  };
  for (const row of grouped.rows) {
    const target = month(row.m!);
    const n = Number(row.n);
    const present = attributes.filter((a) => row[column(a)] !== null);
    if (present.length === 0) target.total = n;
    else if (present.length === 1) ((target.single[present[0]!] ??= {})[row[column(present[0]!)]!] = n);
    else {
      const pair = range.pairs.find(([a, b]) => present.includes(a) && present.includes(b))!;
      (target.pairs[`${pair[0]}|${pair[1]}`] ??= {})[`${row[column(pair[0])]}|${row[column(pair[1])]}`] = n;
    }
  }
  for (const row of members.rows) ((month(row.m).sets[row.grp as CaseMixSet] ??= {})[row.member] = Number(row.n));
  for (const row of flags.rows) ((month(row.m).flags[row.flag] ??= { yes: 0, no: 0 })[row.answer as 'yes' | 'no'] = Number(row.n));
  return [...months.values()].sort((a, b) => (a.month < b.month ? -1 : 1));
}
