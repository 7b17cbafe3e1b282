import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../infra/db/database.js';
import { activePsychologists, psychologistIdsByUsername, usernamesById } from '../auth/index.js';

// The rota owns rota_shifts only; who a user is (name, phone, role, disabled) is asked of the auth module.

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface Shift {
  weekday: Weekday;
  starts: string;
  ends: string;
  username: string;
  position: number;
}

export interface OnDutyPsychologist {
  userId: string;
  username: string;
  phone: string | null;
  position: number;
}

/** The active psychologists whose shift covers this local weekday and time, first position first, then by name. */
export async function psychologistsOnShift(db: Queryable, weekday: Weekday, time: string): Promise<OnDutyPsychologist[]> {
  const result = await db.query<{ user_id: string; position: number }>(
    `SELECT user_id, min(position) AS position FROM rota_shifts
      WHERE weekday = $1 AND starts <= $2 AND ends > $2
      GROUP BY user_id`,
    [weekday, time],
  );
  const positions = new Map(result.rows.map((r) => [r.user_id, Number(r.position)]));
  const people = await activePsychologists(db, [...positions.keys()]);
  // activePsychologists answers in username order; a stable sort by position keeps it within a position.
  return people
    .map((p) => ({ ...p, position: positions.get(p.userId)! }))
    .sort((a, b) => a.position - b.position);
}

/** Her rota shift covering this weekday and time (the latest end among overlapping ones), if any. */
export async function shiftNowOf(db: Queryable, userId: string, weekday: Weekday, time: string): Promise<{ starts: string; ends: string } | undefined> {
  const result = await db.query<{ starts: string; ends: string }>(
    `SELECT min(starts) AS starts, max(ends) AS ends FROM rota_shifts
      WHERE user_id = $1 AND weekday = $2 AND starts <= $3 AND ends > $3`,
    [userId, weekday, time],
  );
  const row = result.rows[0];
  return row?.starts ? { starts: row.starts, ends: row.ends } : undefined;
}

export async function listShifts(db: Queryable): Promise<Shift[]> {
  const result = await db.query<Omit<Shift, 'username'> & { user_id: string }>(
    `SELECT weekday, starts, ends, user_id, position FROM rota_shifts
      ORDER BY array_position(ARRAY['mon','tue','wed','thu','fri','sat','sun'], weekday), starts, position`,
  );
  const names = await usernamesById(db, [...new Set(result.rows.map((r) => r.user_id))]);
  return result.rows
    .filter((r) => names.has(r.user_id))
    .map((r) => ({ weekday: r.weekday, starts: r.starts, ends: r.ends, username: names.get(r.user_id)!, position: Number(r.position) }));
}

/** Names the shifts (by index) whose user is not a psychologist; never the submitted names themselves. */
export class UnknownUsersError extends Error {
  constructor(readonly shiftIndexes: number[]) {
    super(`${shiftIndexes.length} shift(s) name someone who is not a psychologist (or unknown)`);
  }
}

/** Replaces the whole weekly rota; `tx` is the caller's transaction (the audit row of the change goes with it). */
export async function replaceRota(tx: Queryable, shifts: Shift[]): Promise<void> {
  const names = [...new Set(shifts.map((s) => s.username))];
  const ids = await psychologistIdsByUsername(tx, names);
  const unknown = shifts.flatMap((s, i) => (ids.has(s.username) ? [] : [i]));
  if (unknown.length) throw new UnknownUsersError(unknown);
  await tx.query('DELETE FROM rota_shifts');
  for (const s of shifts) {
    await tx.query(
      'INSERT INTO rota_shifts (id, weekday, starts, ends, user_id, position) VALUES ($1, $2, $3, $4, $5, $6)',
      [randomUUID(), s.weekday, s.starts, s.ends, ids.get(s.username), s.position],
    );
  }
}
