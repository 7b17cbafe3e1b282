import type { Queryable } from '../../infra/db/database.js';
import type { DurationBand, QueueBand } from '../../shared/bands.js';

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
    'insert-call', // every incoming call: parsed and planned once per connection
  );
}

/** Moves a call on from ringing/queued; a final status is never overwritten (callbacks arrive in any order). */
export async function advanceCallStatus(db: Queryable, id: string, status: CallStatus, fields: { queueBand?: QueueBand } = {}): Promise<boolean> {
  const result = await db.query(
    `UPDATE calls SET status = $2, queue_band = COALESCE($3, queue_band)
      WHERE id = $1 AND status = ANY($4::text[])`,
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

export interface AwaitingOutcome {
  id: string;
  callDate: string;
  hourBand: number;
  language: 'da' | 'en' | null;
  durationBand: DurationBand | null;
  status: CallStatus;
}

/** The calls this psychologist took that have no outcome yet, newest first. */
export async function callsAwaitingOutcome(db: Queryable, userId: string): Promise<AwaitingOutcome[]> {
  const result = await db.query<{ id: string; call_date: string; hour_band: number; language: 'da' | 'en' | null; duration_band: DurationBand | null; status: CallStatus }>(
    `SELECT id, to_char(call_date, 'YYYY-MM-DD') AS call_date, hour_band, language, duration_band, status
       FROM calls WHERE answered_by = $1 AND outcome IS NULL
      ORDER BY call_date DESC, hour_band DESC LIMIT 100`,
    [userId],
  );
  return result.rows.map((r) => ({ id: r.id, callDate: r.call_date, hourBand: r.hour_band, language: r.language, durationBand: r.duration_band, status: r.status }));
}

export interface OutcomeRow {
  callerType: string;
  outcome: string;
  referrals: string[];
  motivation: string | null;
  gender: string | null;
  ageBand: string | null;
  region: string | null;
  relationship: string | null;
  stalkingDuration: string | null;
  legalStatus: string[];
  behaviours: string[];
  riskFlags: Record<string, string>;
  safetyPlanMade: boolean | null;
  escalations: string[];
  triageComputed: string;
  triageOverride: string | null;
  triageOverrideReason: string | null;
}

export async function writeOutcome(db: Queryable, callId: string, o: OutcomeRow): Promise<void> {
  await db.query(
    `UPDATE calls SET caller_type = $2, outcome = $3, referrals = $4, motivation = $5, gender = $6, age_band = $7,
            region = $8, relationship = $9, stalking_duration = $10, legal_status = $11, behaviours = $12, risk_flags = $13,
            safety_plan_made = $14, escalations = $15, triage_computed = $16, triage_override = $17, triage_override_reason = $18
      WHERE id = $1`,
    [callId, o.callerType, o.outcome, o.referrals, o.motivation, o.gender, o.ageBand, o.region, o.relationship, o.stalkingDuration,
      o.legalStatus, o.behaviours, JSON.stringify(o.riskFlags), o.safetyPlanMade, o.escalations, o.triageComputed, o.triageOverride, o.triageOverrideReason],
  );
}

/** The saved outcome of a call in the shape it was sent (PUT /api/calls/:id/outcome), with its note; for a correction. */
export async function readOutcome(db: Queryable, callId: string): Promise<Record<string, unknown> | undefined> {
  const result = await db.query<Record<string, unknown>>(
    `SELECT c.caller_type, c.outcome, c.referrals, c.motivation, c.gender, c.age_band, c.region, c.relationship,
            c.stalking_duration, c.legal_status, c.behaviours, c.risk_flags, c.safety_plan_made, c.escalations,
            c.triage_override, c.triage_override_reason, n.body AS notes
       FROM calls c LEFT JOIN call_notes n ON n.call_id = c.id
      WHERE c.id = $1 AND c.outcome IS NOT NULL`,
    [callId],
  );
  const r = result.rows[0];
  if (!r) return undefined;
  const out: Record<string, unknown> = { callerType: r.caller_type, outcome: r.outcome };
  const optional: Array<[string, unknown]> = [
    ['referrals', r.referrals], ['motivation', r.motivation], ['gender', r.gender], ['ageBand', r.age_band], ['region', r.region],
    ['relationship', r.relationship], ['stalkingDuration', r.stalking_duration], ['legalStatus', r.legal_status],
    ['behaviours', r.behaviours], ['safetyPlanMade', r.safety_plan_made], ['escalations', r.escalations], ['notes', r.notes],
  ];
  for (const [name, value] of optional) {
    if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    out[name] = value;
  }
  const flags = (typeof r.risk_flags === 'string' ? JSON.parse(r.risk_flags) : r.risk_flags) as Record<string, string> | null;
  if (flags && Object.keys(flags).length) out.riskFlags = flags;
  if (r.triage_override) out.triageOverride = { triage: r.triage_override, reason: r.triage_override_reason ?? '' };
  return out;
}

export async function hasOutcome(db: Queryable, callId: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM calls WHERE id = $1 AND outcome IS NOT NULL', [callId])).rowCount === 1;
}

/** Replaces the call's note (or removes it when empty). */
export async function writeNote(db: Queryable, callId: string, body: string | undefined, today: string): Promise<void> {
  if (!body?.trim()) {
    await db.query('DELETE FROM call_notes WHERE call_id = $1', [callId]);
    return;
  }
  await db.query(
    `INSERT INTO call_notes (call_id, body, written_on) VALUES ($1, $2, $3)
     ON CONFLICT (call_id) DO UPDATE SET body = EXCLUDED.body, written_on = EXCLUDED.written_on`,
    [callId, body.trim(), today],
  );
}

/** Deletes notes written more than `days` days before `today`; returns how many. */
export async function shredOldNotes(db: Queryable, today: string, days: number): Promise<number> {
  const result = await db.query(`DELETE FROM call_notes WHERE written_on < ($1::date - $2::int)`, [today, days]);
  return result.rowCount;
}
