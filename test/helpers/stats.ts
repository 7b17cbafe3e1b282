// Seeding anonymous call records (or the month snapshots the case-mix is protected from) for the statistics tests.
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../src/infra/db/database.js';
import { ATTRIBUTES, ATTRIBUTE_VALUES, CROSSINGS, FLAGS, SET_MEMBERS, SETS } from '../../src/modules/stats/catalogue.js';
import type { MonthCounts } from '../../src/modules/stats/snapshots.js';

export interface SeedCall {
  date: string;
  hour?: number;
  status?: string;
  wait?: number | null;
  duration?: string | null;
  queue?: string | null;
  callerType?: string;
  outcome?: string;
  gender?: string;
  motivation?: string;
  behaviours?: string[];
  riskFlags?: Record<string, string>;
  triage?: string;
}

/** Inserts `n` copies of each call description. */
export async function seedCalls(db: Queryable, calls: Array<SeedCall & { n?: number }>): Promise<void> {
  for (const c of calls) {
    for (let i = 0; i < (c.n ?? 1); i++) {
      await db.query(
        `INSERT INTO calls (id, call_date, hour_band, line, status, answer_wait_s, duration_band, queue_band, caller_type, outcome, gender,
                            motivation, behaviours, risk_flags, triage_computed)
         VALUES ($1, $2, $3, '+4500000000', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        [randomUUID(), c.date, c.hour ?? 12, c.status ?? 'answered', c.wait ?? null, c.duration ?? null, c.queue ?? null,
          c.callerType ?? null, c.outcome ?? null, c.gender ?? null, c.motivation ?? null, c.behaviours ?? [], JSON.stringify(c.riskFlags ?? {}),
          c.outcome ? (c.triage ?? 'low') : null],
      );
    }
  }
}

/** A deterministic pseudo-random source (the same seed, the same months). */
export function random(seed: number) {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}

/** A month of `calls` synthetic calls with skewed shares (the last values rare), counted as the SQL would. */
export function syntheticMonth(rnd: () => number, calls: number): MonthCounts {
  const pick = (values: readonly string[]) => {
    const w = values.map((_, i) => 0.5 ** i);
    let x = rnd() * w.reduce((a, b) => a + b, 0);
    for (let i = 0; i < values.length; i++) if ((x -= w[i]!) <= 0) return values[i]!;
    return values.at(-1)!;
  };
  const m: MonthCounts = { total: calls, single: {}, pairs: {}, sets: {}, flags: {} };
  for (let c = 0; c < calls; c++) {
    const call = Object.fromEntries(ATTRIBUTES.map((a) => [a, pick(ATTRIBUTE_VALUES[a])]));
    for (const a of ATTRIBUTES) ((m.single[a] ??= {})[call[a]!] = (m.single[a]![call[a]!] ?? 0) + 1);
    for (const [a, b] of CROSSINGS) {
      const key = `${call[a]}|${call[b]}`;
      const pair = (m.pairs[`${a}|${b}`] ??= {});
      pair[key] = (pair[key] ?? 0) + 1;
    }
    for (const s of SETS) for (const member of SET_MEMBERS[s]) if (rnd() < 0.3) ((m.sets[s] ??= {})[member] = (m.sets[s]![member] ?? 0) + 1);
    for (const f of FLAGS.slice(0, 6)) {
      const answer = pick(['unknown', 'no', 'yes']);
      if (answer !== 'unknown') ((m.flags[f] ??= { yes: 0, no: 0 })[answer as 'yes' | 'no'] += 1);
    }
  }
  return m;
}

/**
 * Stores month snapshots as the stats module would have taken them (the case-mix is protected from these alone),
 * so a test can have a year of many synthetic calls without inserting each call.
 */
export async function seedMonthSnapshots(db: Queryable, year: number, months: ReadonlyMap<number, MonthCounts>, takenOn: string): Promise<void> {
  for (const [m, counts] of months) {
    await db.query('INSERT INTO stats_month_snapshots (month, taken_on, counts) VALUES ($1, $2, $3)', [`${year}-${String(m).padStart(2, '0')}-01`, takenOn, JSON.stringify(counts)]);
  }
}
