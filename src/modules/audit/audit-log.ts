import { createHash } from 'node:crypto';
import type { Database, Queryable } from '../../infra/db/database.js';

export interface AuditEntry {
  /** Who did it: a username, `cli`, `system`, or `anonymous` for a failed login. */
  actor: string;
  /** What happened, as a dotted code: `session.login`, `user.created`, `outcome.written`, `contact.viewed`, … */
  action: string;
  /** What it happened to (a user name, a record id); never a caller number or a contact detail. */
  subject?: string | undefined;
  details?: Record<string, unknown>;
}

const GENESIS = '0'.repeat(64);
// Any constant: serialises appends so each row chains onto the one before it.
const AUDIT_LOCK_KEY = 7_415_021;

/**
 * Appends one entry to the hash-chained audit log. Given the caller's transaction, the entry commits or rolls back
 * with the change it records; given the database, it runs in a transaction of its own.
 */
export async function appendAudit(db: Database | Queryable, entry: AuditEntry): Promise<void> {
  if ('transaction' in db) return db.transaction((tx) => appendIn(tx, entry));
  return appendIn(db, entry);
}

/**
 * Appends several entries, in order, in the caller's transaction, taking the chain's lock once: one lock, one read of
 * the chain's end and one insert for all of them. The lock is held until the transaction ends, so a writer that
 * groups many changes into one transaction (follow-ups arriving together) holds it for a few round trips in all
 * rather than a few per entry.
 */
export async function appendAuditEntries(tx: Queryable, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK_KEY]);
  const last = await tx.query<{ seq: string; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  let seq = last.rows[0] ? Number(last.rows[0].seq) : 0;
  let prevHash = last.rows[0]?.hash ?? GENESIS;
  const at = new Date().toISOString();
  const values: unknown[] = [];
  const tuples: string[] = [];
  for (const entry of entries) {
    seq += 1;
    const row = { seq, at, actor: entry.actor, action: entry.action, subject: entry.subject ?? null, details: entry.details ?? {} };
    const hash = chainHash(prevHash, row);
    const n = values.length;
    tuples.push(`($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5}, $${n + 6}, $${n + 7}, $${n + 8})`);
    values.push(row.seq, row.at, row.actor, row.action, row.subject, JSON.stringify(row.details), prevHash, hash);
    prevHash = hash;
  }
  await tx.query(`INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_hash, hash) VALUES ${tuples.join(', ')}`, values);
}

async function appendIn(tx: Queryable, entry: AuditEntry): Promise<void> {
  // Held until the surrounding transaction ends: appends are serialised so each row chains onto the one before.
  await tx.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK_KEY]);
  const last = await tx.query<{ seq: string; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  const seq = last.rows[0] ? Number(last.rows[0].seq) + 1 : 1;
  const prevHash = last.rows[0]?.hash ?? GENESIS;
  const row = {
    seq,
    at: new Date().toISOString(),
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject ?? null,
    details: entry.details ?? {},
  };
  await tx.query(
    'INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
    [row.seq, row.at, row.actor, row.action, row.subject, JSON.stringify(row.details), prevHash, chainHash(prevHash, row)],
  );
}

export interface AuditVerification {
  ok: boolean;
  rows: number;
  /** The first row whose hash or link does not match, with what is wrong. */
  firstBad?: { seq: number; problem: string };
}

/** Recomputes the whole chain. Reads in pages so a long log does not have to fit in memory. */
export async function verifyAuditChain(db: Database, onProgress?: (rows: number) => void): Promise<AuditVerification> {
  let prevHash = GENESIS;
  let expectedSeq = 1;
  const pageSize = 1000;
  for (;;) {
    const page = await db.query<{
      seq: string; at: Date | string; actor: string; action: string; subject: string | null;
      details: Record<string, unknown> | string; prev_hash: string; hash: string;
    }>('SELECT seq, at, actor, action, subject, details, prev_hash, hash FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT $2', [expectedSeq, pageSize]);
    for (const r of page.rows) {
      const seq = Number(r.seq);
      if (seq !== expectedSeq) return { ok: false, rows: expectedSeq - 1, firstBad: { seq, problem: `row ${expectedSeq} is missing` } };
      if (r.prev_hash !== prevHash) return { ok: false, rows: seq - 1, firstBad: { seq, problem: 'does not link to the row before it' } };
      const row = {
        seq,
        at: new Date(r.at).toISOString(),
        actor: r.actor,
        action: r.action,
        subject: r.subject,
        details: typeof r.details === 'string' ? (JSON.parse(r.details) as Record<string, unknown>) : r.details,
      };
      if (chainHash(prevHash, row) !== r.hash) return { ok: false, rows: seq - 1, firstBad: { seq, problem: 'its content was changed' } };
      prevHash = r.hash;
      expectedSeq = seq + 1;
    }
    onProgress?.(expectedSeq - 1);
    if (page.rows.length < pageSize) return { ok: true, rows: expectedSeq - 1 };
  }
}

function chainHash(prevHash: string, row: Record<string, unknown>): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(row)).digest('hex');
}

/** JSON with object keys sorted at every depth: jsonb does not keep key order, the hash must not depend on it. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
