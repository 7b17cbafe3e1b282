// Follow-up figures for the stats module (docs/architecture.md, "Statistics and disclosure control"): counts of
// follow-ups created in a period, counted in SQL. Nothing here returns a single follow-up.
import type { Queryable } from '../../infra/db/database.js';
import { SOURCES, type Source } from './vocabulary.js';

export const FOLLOWUP_RESULTS = ['reached_booked', 'reached_declined', 'wrong_number', 'do_not_contact', 'max_attempts', 'expired'] as const;

export interface FollowupFigures {
  created: number;
  bySource: Record<Source, number>;
  /** How the follow-ups created in the period ended; `open` are still being worked. */
  results: Record<(typeof FOLLOWUP_RESULTS)[number] | 'open', number>;
  /**
   * The deadline for a first contact: met (reached, or closed, on or before the last working day), missed (the
   * deadline passed without), or not yet due.
   */
  deadline: { met: number; missed: number; notYetDue: number };
  /** Follow-ups that reached the person, and the median working days from creation to that first contact. */
  firstContacts: number;
  medianWorkingDaysToFirstContact: number | null;
}

/**
 * The figures of the follow-ups created from `from` to `to`. `nonWorkingDays` lists the public holidays and the
 * line's closure dates (weekends are known to SQL) from `from` on, for counting working days.
 */
export async function followupFigures(db: Queryable, range: { from: string; to: string; today: string; nonWorkingDays: readonly string[] }): Promise<FollowupFigures> {
  const result = await db.query<Record<string, string | null>>(
    `WITH f AS (SELECT * FROM followups WHERE created_on BETWEEN $1::date AND $2::date),
          reached AS (
            SELECT (SELECT count(*) FROM generate_series(f.created_on + 1, f.first_contact_on, interval '1 day') AS d
                     WHERE extract(isodow FROM d) < 6 AND d::date <> ALL ($4::date[])) AS days
              FROM f WHERE f.first_contact_on IS NOT NULL)
     SELECT (SELECT count(*) FROM f) AS created,
            ${SOURCES.map((s) => `(SELECT count(*) FROM f WHERE source = '${s}') AS source_${s}`).join(', ')},
            ${FOLLOWUP_RESULTS.map((r) => `(SELECT count(*) FROM f WHERE result = '${r}') AS result_${r}`).join(', ')},
            (SELECT count(*) FROM f WHERE status = 'open') AS open,
            (SELECT count(*) FROM f WHERE first_contact_on <= due_date OR closed_on <= due_date) AS met,
            (SELECT count(*) FROM f WHERE NOT (COALESCE(first_contact_on <= due_date, false) OR COALESCE(closed_on <= due_date, false))
                                    AND due_date < $3::date) AS missed,
            (SELECT count(*) FROM reached) AS first_contacts,
            (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY days) FROM reached) AS median_days`,
    [range.from, range.to, range.today, range.nonWorkingDays],
  );
  const r = result.rows[0]!;
  const n = (v: unknown) => Number(v ?? 0);
  const created = n(r.created);
  const met = n(r.met);
  const missed = n(r.missed);
  return {
    created,
    bySource: Object.fromEntries(SOURCES.map((s) => [s, n(r[`source_${s}`])])) as Record<Source, number>,
    results: { ...(Object.fromEntries(FOLLOWUP_RESULTS.map((x) => [x, n(r[`result_${x}`])])) as Record<(typeof FOLLOWUP_RESULTS)[number], number>), open: n(r.open) },
    deadline: { met, missed, notYetDue: created - met - missed },
    firstContacts: n(r.first_contacts),
    medianWorkingDaysToFirstContact: r.median_days === null || r.median_days === undefined ? null : Number(r.median_days),
  };
}
