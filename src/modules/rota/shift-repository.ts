import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../infra/db/database.js';
import { FieldError } from '../../infra/http-errors.js';
import { psychologistIdsByUsername, usersByIds } from '../auth/index.js';
import { WEEKDAYS, type Weekday } from './rota-repository.js';

// Editing the weekly rota one shift at a time (the admin area), instead of replacing the whole of it.

export interface ShiftInput {
  weekday: Weekday;
  starts: string;
  ends: string;
  username: string;
  position: number;
}

export interface EditableShift extends ShiftInput {
  id: string;
  userId: string;
  /** The psychologist has a phone for forwarding (else only the browser softphone reaches them). */
  hasPhone: boolean;
  disabled: boolean;
}

export async function listEditableShifts(db: Queryable): Promise<EditableShift[]> {
  const rows = (await db.query<{ id: string; weekday: Weekday; starts: string; ends: string; user_id: string; position: number }>(
    `SELECT id, weekday, starts, ends, user_id, position FROM rota_shifts
      ORDER BY array_position(ARRAY['mon','tue','wed','thu','fri','sat','sun'], weekday), starts, position`,
  )).rows;
  const users = await usersByIds(db, [...new Set(rows.map((r) => r.user_id))]);
  return rows.flatMap((r) => {
    const u = users.get(r.user_id);
    if (!u) return [];
    return [{ id: r.id, weekday: r.weekday, starts: r.starts, ends: r.ends, userId: r.user_id, username: u.username, position: Number(r.position), hasPhone: u.phone !== null, disabled: u.disabled }];
  });
}

/**
 * Checks a shift against the others (all but `exceptId`) and the users; throws FieldError naming the field. The
 * caller holds the table lock, so two admins cannot save clashing shifts at once.
 */
async function checkShift(tx: Queryable, shift: ShiftInput, exceptId: string | null): Promise<string> {
  if (!(shift.starts < shift.ends)) throw new FieldError(['body.ends'], 'a shift must end after it starts');
  const userId = (await psychologistIdsByUsername(tx, [shift.username])).get(shift.username);
  if (!userId) throw new FieldError(['body.username'], 'not a psychologist (or no such user)');
  const clashes = (await tx.query<{ user_id: string; position: number }>(
    `SELECT user_id, position FROM rota_shifts
      WHERE weekday = $1 AND starts < $3 AND ends > $2 AND ($4::uuid IS NULL OR id <> $4::uuid)`,
    [shift.weekday, shift.starts, shift.ends, exceptId],
  )).rows;
  if (clashes.some((c) => c.user_id === userId)) throw new FieldError(['body.starts', 'body.ends'], 'overlaps another shift of the same person on this day');
  if (clashes.some((c) => Number(c.position) === shift.position)) {
    throw new FieldError(['body.position'], 'another shift has this place in the backup order at overlapping hours');
  }
  return userId;
}

export async function lockRota(tx: Queryable): Promise<void> {
  await tx.query('LOCK TABLE rota_shifts IN SHARE ROW EXCLUSIVE MODE');
}

export async function addShift(tx: Queryable, shift: ShiftInput): Promise<string> {
  await lockRota(tx);
  const userId = await checkShift(tx, shift, null);
  const id = randomUUID();
  await tx.query('INSERT INTO rota_shifts (id, weekday, starts, ends, user_id, position) VALUES ($1, $2, $3, $4, $5, $6)', [
    id, shift.weekday, shift.starts, shift.ends, userId, shift.position,
  ]);
  return id;
}

/** Returns the shift before the change, or undefined when there is no such shift. */
export async function changeShift(tx: Queryable, id: string, change: Partial<ShiftInput>): Promise<ShiftInput | undefined> {
  await lockRota(tx);
  const current = (await listEditableShifts(tx)).find((s) => s.id === id);
  if (!current) return undefined;
  const before: ShiftInput = { weekday: current.weekday, starts: current.starts, ends: current.ends, username: current.username, position: current.position };
  const next: ShiftInput = { ...before, ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) };
  const userId = await checkShift(tx, next, id);
  await tx.query('UPDATE rota_shifts SET weekday = $2, starts = $3, ends = $4, user_id = $5, position = $6 WHERE id = $1', [
    id, next.weekday, next.starts, next.ends, userId, next.position,
  ]);
  return before;
}

export async function removeShift(tx: Queryable, id: string): Promise<ShiftInput | undefined> {
  const row = (await tx.query<{ weekday: Weekday; starts: string; ends: string; user_id: string; position: number }>(
    'DELETE FROM rota_shifts WHERE id = $1 RETURNING weekday, starts, ends, user_id, position', [id],
  )).rows[0];
  if (!row) return undefined;
  const name = (await usersByIds(tx, [row.user_id])).get(row.user_id)?.username ?? '';
  return { weekday: row.weekday, starts: row.starts, ends: row.ends, username: name, position: Number(row.position) };
}

export { WEEKDAYS };
