import type { Queryable } from '../../infra/db/database.js';
import type { TimeWindow } from './time-windows.js';
import type { AttemptResult, ClosingResult, Flag, OutboxStatus, Priority, SmsState, Source } from './vocabulary.js';

// The follow-up module's tables (migrations/005_followups.sql). Every function takes the caller's Queryable, so it
// can run inside the caller's transaction.

export interface FollowupRow {
  id: string;
  source: Source;
  partnerId: string | null;
  partnerName: string | null;
  status: 'open' | 'closed';
  priority: Priority;
  language: 'da' | 'en';
  windows: TimeWindow[];
  smsAllowed: boolean;
  voicemailAllowed: boolean;
  consentVersion: string;
  consentDate: string | null;
  createdOn: string;
  dueDate: string;
  dueAt: Date;
  escalated: boolean;
  attempts: number;
  unanswered: number;
  firstContactOn: string | null;
  result: ClosingResult | null;
  closedOn: string | null;
  flag: Flag | null;
  sms: SmsState;
}

const COLUMNS = `f.id, f.source, f.partner_id, p.name AS partner_name, f.status, f.priority, f.language, f.windows,
  f.sms_allowed, f.voicemail_allowed, f.consent_version, to_char(f.consent_date, 'YYYY-MM-DD') AS consent_date,
  to_char(f.created_on, 'YYYY-MM-DD') AS created_on, to_char(f.due_date, 'YYYY-MM-DD') AS due_date, f.due_at,
  f.escalated, f.attempts, f.unanswered, to_char(f.first_contact_on, 'YYYY-MM-DD') AS first_contact_on, f.result,
  to_char(f.closed_on, 'YYYY-MM-DD') AS closed_on, f.flag, o.status AS sms_status`;
const FROM = `followups f LEFT JOIN partners p ON p.id = f.partner_id LEFT JOIN followup_outbox o ON o.followup_id = f.id`;

type Raw = Record<string, unknown>;

function toRow(r: Raw): FollowupRow {
  return {
    id: r.id as string,
    source: r.source as Source,
    partnerId: (r.partner_id as string | null) ?? null,
    partnerName: (r.partner_name as string | null) ?? null,
    status: r.status as 'open' | 'closed',
    priority: r.priority as Priority,
    language: r.language as 'da' | 'en',
    windows: (typeof r.windows === 'string' ? JSON.parse(r.windows) : r.windows) as TimeWindow[],
    smsAllowed: r.sms_allowed as boolean,
    voicemailAllowed: r.voicemail_allowed as boolean,
    consentVersion: r.consent_version as string,
    consentDate: (r.consent_date as string | null) ?? null,
    createdOn: r.created_on as string,
    dueDate: r.due_date as string,
    dueAt: new Date(r.due_at as string | Date),
    escalated: r.escalated as boolean,
    attempts: Number(r.attempts),
    unanswered: Number(r.unanswered),
    firstContactOn: (r.first_contact_on as string | null) ?? null,
    result: (r.result as ClosingResult | null) ?? null,
    closedOn: (r.closed_on as string | null) ?? null,
    flag: (r.flag as Flag | null) ?? null,
    sms: ((r.sms_status as OutboxStatus | null) ?? 'not_allowed') as SmsState,
  };
}

/** What a new follow-up's row is written with (the rest starts at its defaults: open, no attempts, not escalated). */
export type InsertFollowup = Pick<
  FollowupRow,
  'id' | 'source' | 'partnerId' | 'priority' | 'language' | 'windows' | 'smsAllowed' | 'voicemailAllowed' | 'consentVersion' | 'consentDate' | 'createdOn' | 'dueDate' | 'dueAt'
>;

/** Several follow-ups (and their SMS outbox rows) in one statement each: a batch costs two round trips, not 2 × n. */
export async function insertFollowups(db: Queryable, rows: readonly InsertFollowup[]): Promise<void> {
  if (rows.length === 0) return;
  const values: unknown[] = [];
  const tuples = rows.map((f) => {
    const n = values.length;
    values.push(f.id, f.source, f.partnerId, f.priority, f.language, JSON.stringify(f.windows), f.smsAllowed, f.voicemailAllowed,
      f.consentVersion, f.consentDate, f.createdOn, f.dueDate, f.dueAt.toISOString());
    return `(${[1, 2, 3].map((i) => `$${n + i}`).join(', ')}, 'open', ${[4, 5, 6, 7, 8, 9, 10, 11, 12, 13].map((i) => `$${n + i}`).join(', ')})`;
  });
  await db.query(
    `INSERT INTO followups (id, source, partner_id, status, priority, language, windows, sms_allowed, voicemail_allowed,
       consent_version, consent_date, created_on, due_date, due_at)
     VALUES ${tuples.join(', ')}`,
    values,
    `followup-insert-${rows.length}`,
  );
  const sms = rows.filter((f) => f.smsAllowed).map((f) => f.id);
  if (sms.length > 0) {
    await db.query(
      `INSERT INTO followup_outbox (followup_id, status) VALUES ${sms.map((_, i) => `($${i + 1}, 'pending')`).join(', ')}`,
      sms,
      `followup-outbox-insert-${sms.length}`,
    );
  }
}

export async function getFollowup(db: Queryable, id: string): Promise<FollowupRow | undefined> {
  const result = await db.query<Raw>(`SELECT ${COLUMNS} FROM ${FROM} WHERE f.id = $1`, [id], 'followup-get');
  return result.rows[0] ? toRow(result.rows[0]) : undefined;
}

/** Open (or all) follow-ups, most urgent first: priority, then the deadline. */
export async function listFollowups(db: Queryable, filter: { status: 'open' | 'closed' | 'all'; limit: number }): Promise<FollowupRow[]> {
  const where = filter.status === 'all' ? '' : `WHERE f.status = '${filter.status === 'open' ? 'open' : 'closed'}'`;
  const result = await db.query<Raw>(
    `SELECT ${COLUMNS} FROM ${FROM} ${where}
      ORDER BY array_position(ARRAY['acute','high','moderate','low','not_assessed']::text[], f.priority), f.due_at, f.id
      LIMIT $1`,
    [filter.limit],
  );
  return result.rows.map(toRow);
}

export interface AttemptRow {
  result: AttemptResult;
  madeOn: string;
}

export async function listAttempts(db: Queryable, followupId: string): Promise<AttemptRow[]> {
  const result = await db.query<{ result: AttemptResult; made_on: string }>(
    `SELECT result, to_char(made_on, 'YYYY-MM-DD') AS made_on FROM followup_attempts WHERE followup_id = $1 ORDER BY made_on, id`,
    [followupId],
  );
  return result.rows.map((r) => ({ result: r.result, madeOn: r.made_on }));
}

/** Locks the follow-up row for the rest of the transaction (attempts from two consoles are counted one by one). */
export async function lockFollowup(tx: Queryable, id: string): Promise<{ status: 'open' | 'closed'; unanswered: number; voicemailAllowed: boolean; firstContactOn: string | null } | undefined> {
  const result = await tx.query<{ status: 'open' | 'closed'; unanswered: number; voicemail_allowed: boolean; first_contact_on: string | null }>(
    `SELECT status, unanswered, voicemail_allowed, to_char(first_contact_on, 'YYYY-MM-DD') AS first_contact_on FROM followups WHERE id = $1 FOR UPDATE`,
    [id],
  );
  const r = result.rows[0];
  return r ? { status: r.status, unanswered: Number(r.unanswered), voicemailAllowed: r.voicemail_allowed, firstContactOn: r.first_contact_on } : undefined;
}

export async function insertAttempt(tx: Queryable, a: { id: string; followupId: string; result: AttemptResult; madeOn: string; madeBy: string | null }): Promise<void> {
  await tx.query('INSERT INTO followup_attempts (id, followup_id, result, made_on, made_by) VALUES ($1, $2, $3, $4, $5)', [a.id, a.followupId, a.result, a.madeOn, a.madeBy]);
}

export async function recordAttempt(tx: Queryable, id: string, fields: { unanswered: boolean; reachedOn: string | null }): Promise<void> {
  await tx.query(
    `UPDATE followups SET attempts = attempts + 1, unanswered = unanswered + $2::int,
            first_contact_on = COALESCE(first_contact_on, $3::date)
      WHERE id = $1`,
    [id, fields.unanswered ? 1 : 0, fields.reachedOn],
  );
}

/**
 * Closes a follow-up and shreds what it held about the person: the sealed contact row (data key and ciphertexts),
 * the preferred windows, an unsent SMS. The codes stay for statistics. False when it was closed already.
 */
export async function closeFollowup(tx: Queryable, id: string, result: ClosingResult, today: string): Promise<boolean> {
  const closed = await tx.query(
    `UPDATE followups SET status = 'closed', result = $2, closed_on = $3, windows = '[]' WHERE id = $1 AND status = 'open'`,
    [id, result, today],
  );
  await tx.query('DELETE FROM followup_contacts WHERE followup_id = $1', [id]);
  await tx.query(`UPDATE followup_outbox SET status = 'cancelled' WHERE followup_id = $1 AND status = 'pending'`, [id]);
  return closed.rowCount === 1;
}

export async function setFlag(db: Queryable, id: string, flag: Flag | null): Promise<void> {
  await db.query('UPDATE followups SET flag = $2 WHERE id = $1', [id, flag]);
}

// ---------------------------------------------------------------------------
// The SMS outbox

export async function outboxStatus(db: Queryable, followupId: string): Promise<OutboxStatus | undefined> {
  const result = await db.query<{ status: OutboxStatus }>('SELECT status FROM followup_outbox WHERE followup_id = $1', [followupId], 'outbox-status');
  return result.rows[0]?.status;
}

/** pending → sending, by exactly one claimant: the send that follows happens at most once. */
export async function claimOutbox(db: Queryable, followupId: string): Promise<boolean> {
  const result = await db.query(`UPDATE followup_outbox SET status = 'sending' WHERE followup_id = $1 AND status = 'pending'`, [followupId], 'outbox-claim');
  return result.rowCount === 1;
}

/** sending → another status (sent with its SID, pending again for a retry, or a failure with Twilio's code). */
export async function settleOutbox(db: Queryable, followupId: string, status: OutboxStatus, fields: { messageSid?: string; errorCode?: number | null } = {}): Promise<void> {
  await db.query(
    `UPDATE followup_outbox SET status = $2, message_sid = COALESCE($3, message_sid), error_code = $4
      WHERE followup_id = $1 AND status = 'sending'`,
    [followupId, status, fields.messageSid ?? null, fields.errorCode ?? null],
    'outbox-settle',
  );
}

/** A late delivery report (status callback). A delivered message is never moved back. Returns the follow-up id. */
export async function reportDelivery(db: Queryable, messageSid: string, status: 'delivered' | 'failed' | 'not_possible', errorCode: number | null): Promise<string | undefined> {
  const result = await db.query<{ followup_id: string }>(
    `UPDATE followup_outbox SET status = $2, error_code = COALESCE($3, error_code)
      WHERE message_sid = $1 AND status IN ('sent', 'sending', 'delivered') AND NOT (status = 'delivered' AND $2 <> 'delivered')
      RETURNING followup_id`,
    [messageSid, status, errorCode],
  );
  return result.rows[0]?.followup_id;
}

export async function pendingOutbox(db: Queryable, limit: number): Promise<string[]> {
  const result = await db.query<{ followup_id: string }>(`SELECT followup_id FROM followup_outbox WHERE status = 'pending' LIMIT $1`, [limit]);
  return result.rows.map((r) => r.followup_id);
}

// ---------------------------------------------------------------------------
// Deadlines, retention, supervisors' figures

/** Marks open follow-ups past their deadline as escalated, once each; returns those newly marked. */
export async function escalateOverdue(db: Queryable, now: Date, onlyId?: string): Promise<Array<{ id: string; priority: Priority }>> {
  const result = await db.query<{ id: string; priority: Priority }>(
    `UPDATE followups SET escalated = true
      WHERE status = 'open' AND NOT escalated AND due_at <= $1 AND ($2::uuid IS NULL OR id = $2::uuid)
      RETURNING id, priority`,
    [now.toISOString(), onlyId ?? null],
  );
  return result.rows;
}

/** Open follow-ups created on or before `cutoff` (past retention): their ids. */
export async function pastRetention(db: Queryable, cutoff: string): Promise<string[]> {
  const result = await db.query<{ id: string }>(
    `SELECT f.id FROM followups f WHERE f.created_on <= $1 AND (f.status = 'open' OR EXISTS (SELECT 1 FROM followup_contacts c WHERE c.followup_id = f.id))`,
    [cutoff],
  );
  return result.rows.map((r) => r.id);
}

export async function summaryCounts(db: Queryable, now: Date, today: string): Promise<{ open: number; dueToday: number; overdue: number }> {
  const result = await db.query<{ open: string; due_today: string; overdue: string }>(
    `SELECT count(*) AS open,
            count(*) FILTER (WHERE due_date = $2 AND due_at > $1) AS due_today,
            count(*) FILTER (WHERE due_at <= $1) AS overdue
       FROM followups WHERE status = 'open'`,
    [now.toISOString(), today],
  );
  const r = result.rows[0]!;
  return { open: Number(r.open), dueToday: Number(r.due_today), overdue: Number(r.overdue) };
}

export async function firstContactDates(db: Queryable, since: string): Promise<Array<{ createdOn: string; firstContactOn: string }>> {
  const result = await db.query<{ created_on: string; first_contact_on: string }>(
    `SELECT to_char(created_on, 'YYYY-MM-DD') AS created_on, to_char(first_contact_on, 'YYYY-MM-DD') AS first_contact_on
       FROM followups WHERE first_contact_on IS NOT NULL AND created_on >= $1`,
    [since],
  );
  return result.rows.map((r) => ({ createdOn: r.created_on, firstContactOn: r.first_contact_on }));
}
