// Seeding anonymous call records straight into the database for the statistics tests.
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../src/infra/db/database.js';

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
