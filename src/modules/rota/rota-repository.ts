import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../../infra/db/database.js';

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

/** The psychologists whose shift covers this local weekday and time, first position first. */
export async function psychologistsOnShift(db: Queryable, weekday: Weekday, time: string): Promise<OnDutyPsychologist[]> {
  const result = await db.query<{ user_id: string; username: string; phone: string | null; position: number }>(
    `SELECT s.user_id, u.username, u.phone, min(s.position) AS position
       FROM rota_shifts s JOIN users u ON u.id = s.user_id
      WHERE s.weekday = $1 AND s.starts <= $2 AND s.ends > $2
        AND NOT u.disabled AND 'psychologist' = ANY (u.roles)
      GROUP BY s.user_id, u.username, u.phone
      ORDER BY min(s.position), u.username`,
    [weekday, time],
  );
  return result.rows.map((r) => ({ userId: r.user_id, username: r.username, phone: r.phone, position: Number(r.position) }));
}

export async function listShifts(db: Queryable): Promise<Shift[]> {
  const result = await db.query<Shift>(
    `SELECT s.weekday, s.starts, s.ends, u.username, s.position
       FROM rota_shifts s JOIN users u ON u.id = s.user_id
      ORDER BY array_position(ARRAY['mon','tue','wed','thu','fri','sat','sun'], s.weekday), s.starts, s.position`,
  );
  return result.rows.map((r) => ({ ...r, position: Number(r.position) }));
}

/** Names the shifts (by index) whose user is not a psychologist; never the submitted names themselves. */
export class UnknownUsersError extends Error {
  constructor(readonly shiftIndexes: number[]) {
    super(`${shiftIndexes.length} shift(s) name someone who is not a psychologist (or unknown)`);
  }
}

/** Replaces the whole weekly rota in one transaction. */
export async function replaceRota(db: Database, shifts: Shift[]): Promise<void> {
  await db.transaction(async (tx) => {
    const names = [...new Set(shifts.map((s) => s.username))];
    const users = await tx.query<{ id: string; username: string }>(
      `SELECT id, username FROM users WHERE username = ANY($1::text[]) AND 'psychologist' = ANY (roles)`,
      [names],
    );
    const ids = new Map(users.rows.map((u) => [u.username, u.id]));
    const unknown = shifts.flatMap((s, i) => (ids.has(s.username) ? [] : [i]));
    if (unknown.length) throw new UnknownUsersError(unknown);
    await tx.query('DELETE FROM rota_shifts');
    for (const s of shifts) {
      await tx.query(
        'INSERT INTO rota_shifts (id, weekday, starts, ends, user_id, position) VALUES ($1, $2, $3, $4, $5, $6)',
        [randomUUID(), s.weekday, s.starts, s.ends, ids.get(s.username), s.position],
      );
    }
  });
}

export async function findPsychologist(db: Queryable, userId: string): Promise<OnDutyPsychologist | undefined> {
  const result = await db.query<{ id: string; username: string; phone: string | null }>(
    `SELECT id, username, phone FROM users WHERE id = $1 AND NOT disabled AND 'psychologist' = ANY (roles)`,
    [userId],
  );
  const u = result.rows[0];
  return u && { userId: u.id, username: u.username, phone: u.phone, position: 0 };
}
