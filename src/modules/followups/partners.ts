import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Queryable } from '../../infra/db/database.js';

/**
 * Partner agencies and their API keys. A key is 32 random bytes shown once; only its SHA-256 is stored (a key that
 * random needs no slow hash), so a copy of the database cannot be used to send referrals.
 */
export interface Partner {
  id: string;
  name: string;
  createdOn: string;
  revokedOn: string | null;
}

const KEY_PREFIX = 'slp_';
export const hashPartnerKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

export class DuplicatePartnerError extends Error {
  constructor(name: string) {
    super(`A partner named "${name}" exists already`);
  }
}

export async function addPartner(db: Queryable, name: string, today: string): Promise<{ partner: Partner; key: string }> {
  const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const id = randomUUID();
  try {
    await db.query('INSERT INTO partners (id, name, key_hash, created_on) VALUES ($1, $2, $3, $4)', [id, name, hashPartnerKey(key), today]);
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw new DuplicatePartnerError(name);
    throw err;
  }
  return { partner: { id, name, createdOn: today, revokedOn: null }, key };
}

export async function listPartners(db: Queryable): Promise<Partner[]> {
  const result = await db.query<{ id: string; name: string; created_on: string; revoked_on: string | null }>(
    `SELECT id, name, to_char(created_on, 'YYYY-MM-DD') AS created_on, to_char(revoked_on, 'YYYY-MM-DD') AS revoked_on FROM partners ORDER BY name`,
  );
  return result.rows.map((r) => ({ id: r.id, name: r.name, createdOn: r.created_on, revokedOn: r.revoked_on }));
}

/** Revokes by id or by name; false when there is no such partner, or it was revoked already. */
export async function revokePartner(db: Queryable, idOrName: { id?: string; name?: string }, today: string): Promise<Partner | undefined> {
  const result = await db.query<{ id: string; name: string; created_on: string }>(
    `UPDATE partners SET revoked_on = $3 WHERE (id = $1::uuid OR name = $2) AND revoked_on IS NULL
     RETURNING id, name, to_char(created_on, 'YYYY-MM-DD') AS created_on`,
    [idOrName.id ?? null, idOrName.name ?? null, today],
  );
  const r = result.rows[0];
  return r ? { id: r.id, name: r.name, createdOn: r.created_on, revokedOn: today } : undefined;
}

/** The active partner a bearer key belongs to. */
export async function partnerForKey(db: Queryable, key: string): Promise<{ id: string; name: string } | undefined> {
  if (!key.startsWith(KEY_PREFIX) || key.length > 100) return undefined;
  const result = await db.query<{ id: string; name: string }>(
    'SELECT id, name FROM partners WHERE key_hash = $1 AND revoked_on IS NULL',
    [hashPartnerKey(key)],
    'partner-for-key',
  );
  return result.rows[0];
}
