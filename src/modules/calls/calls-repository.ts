import type { Queryable } from '../../infra/db/database.js';
import type { DurationBand, QueueBand } from './bands.js';

export type CallStatus =
  | 'ringing' | 'queued' | 'answered'
  | 'closed' | 'blocked' | 'missed' | 'queue_timeout' | 'abandoned' | 'abandoned_in_queue';

/** Statuses a call can still move on from; every other status is final and never changes again. */
const OPEN_STATUSES: CallStatus[] = ['ringing', 'queued'];

export interface NewCallRecord {
  id: string;
  callDate: string;
  hourBand: number;
  line: string;
  status: CallStatus;
}

export async function insertCallRecord(db: Queryable, call: NewCallRecord): Promise<void> {
  await db.query(
    'INSERT INTO calls (id, call_date, hour_band, line, status) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING',
    [call.id, call.callDate, call.hourBand, call.line, call.status],
  );
}

/** Moves a call on from ringing/queued; a final status is never overwritten (callbacks arrive in any order). */
export async function advanceCallStatus(db: Queryable, id: string, status: CallStatus, fields: { queueBand?: QueueBand } = {}): Promise<boolean> {
  const result = await db.query(
    `UPDATE calls SET status = $2, queue_band = COALESCE($3, queue_band)
      WHERE id = $1 AND status = ANY($4::text[]) AND NOT (status = 'queued' AND $2 = 'ringing')`,
    [id, status, fields.queueBand ?? null, OPEN_STATUSES],
  );
  return result.rowCount === 1;
}

export async function setCallLanguage(db: Queryable, id: string, language: 'da' | 'en'): Promise<void> {
  await db.query('UPDATE calls SET language = $2 WHERE id = $1', [id, language]);
}

export async function markCallAnswered(
  db: Queryable,
  id: string,
  fields: { answeredBy: string; answerWaitSeconds: number; queueBand: QueueBand },
): Promise<boolean> {
  const result = await db.query(
    `UPDATE calls SET status = 'answered', answered_by = $2, answer_wait_s = $3, queue_band = $4
      WHERE id = $1 AND status = ANY($5::text[])`,
    [id, fields.answeredBy, fields.answerWaitSeconds, fields.queueBand, OPEN_STATUSES],
  );
  return result.rowCount === 1;
}

export async function setCallDuration(db: Queryable, id: string, band: DurationBand): Promise<void> {
  await db.query('UPDATE calls SET duration_band = $2 WHERE id = $1 AND duration_band IS NULL', [id, band]);
}

export interface CallRecord {
  id: string;
  call_date: string;
  hour_band: number;
  status: CallStatus;
  language: 'da' | 'en' | null;
  duration_band: DurationBand | null;
  queue_band: QueueBand | null;
  answer_wait_s: number | null;
  answered_by: string | null;
}

export async function getCallRecord(db: Queryable, id: string): Promise<CallRecord | undefined> {
  const result = await db.query<CallRecord>(
    `SELECT id, to_char(call_date, 'YYYY-MM-DD') AS call_date, hour_band, status, language, duration_band, queue_band,
            answer_wait_s, answered_by
       FROM calls WHERE id = $1`,
    [id],
  );
  return result.rows[0];
}
