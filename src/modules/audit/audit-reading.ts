import type { Queryable } from '../../infra/db/database.js';

export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  details: Record<string, unknown>;
}

export interface AuditFilter {
  /** An exact action (`user.created`) or a family ending in a dot (`user.`). */
  action?: string | undefined;
  /** Rows this user did or that were about them. */
  user?: string | undefined;
  /** Rows older than this sequence number (the next page). */
  before?: number | undefined;
  limit: number;
}

/** The audit log, newest first, for the admin area. */
export async function readAudit(db: Queryable, filter: AuditFilter): Promise<AuditRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.action) {
    where.push(filter.action.endsWith('.') ? `starts_with(action, $${params.push(filter.action)})` : `action = $${params.push(filter.action)}`);
  }
  if (filter.user) {
    const p = params.push(filter.user);
    where.push(`(actor = $${p} OR subject = $${p})`);
  }
  if (filter.before !== undefined) where.push(`seq < $${params.push(filter.before)}`);
  const result = await db.query<{ seq: string; at: Date | string; actor: string; action: string; subject: string | null; details: Record<string, unknown> | string }>(
    `SELECT seq, at, actor, action, subject, details FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT $${params.push(filter.limit)}`,
    params,
  );
  return result.rows.map((r) => ({
    seq: Number(r.seq),
    at: new Date(r.at).toISOString(),
    actor: r.actor,
    action: r.action,
    subject: r.subject,
    details: typeof r.details === 'string' ? (JSON.parse(r.details) as Record<string, unknown>) : r.details,
  }));
}

/** The distinct actions in the log, for the filter's choices. */
export async function auditActions(db: Queryable): Promise<string[]> {
  return (await db.query<{ action: string }>('SELECT DISTINCT action FROM audit_log ORDER BY action')).rows.map((r) => r.action);
}
