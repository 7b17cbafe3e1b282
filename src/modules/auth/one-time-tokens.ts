import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../../infra/db/database.js';

export type TokenPurpose = 'setup' | 'password';

/** The first-run link and a password link live this long (or until used). */
export const SETUP_TOKEN_SECONDS = 60 * 60;
export const PASSWORD_TOKEN_SECONDS = 72 * 60 * 60;

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * A new one-time token; only its hash is stored. For a user, any earlier token of the same purpose stops working
 * (a second "reset password" makes the first link useless); there is only ever one setup token.
 */
export async function issueToken(db: Queryable, purpose: TokenPurpose, userId: string | null, seconds: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  if (userId === null) await db.query('DELETE FROM one_time_tokens WHERE purpose = $1 AND user_id IS NULL', [purpose]);
  else await db.query('DELETE FROM one_time_tokens WHERE purpose = $1 AND user_id = $2', [purpose, userId]);
  await db.query(
    `INSERT INTO one_time_tokens (token_hash, purpose, user_id, expires_at) VALUES ($1, $2, $3, now() + make_interval(secs => $4))`,
    [hashOf(token), purpose, userId, seconds],
  );
  return token;
}

/**
 * Uses a token up: deleted in the caller's transaction (so a failed change leaves it usable) and answered only when
 * it existed, had this purpose and had not expired. Returns the user id (null for the setup token).
 */
export async function consumeToken(tx: Queryable, purpose: TokenPurpose, token: string): Promise<{ userId: string | null } | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const result = await tx.query<{ user_id: string | null; live: boolean }>(
    'DELETE FROM one_time_tokens WHERE token_hash = $1 AND purpose = $2 RETURNING user_id, expires_at > now() AS live',
    [hashOf(token), purpose],
  );
  const row = result.rows[0];
  return row && row.live ? { userId: row.user_id } : undefined;
}

/** Whether any user exists (first run: none). */
export async function anyUserExists(db: Queryable): Promise<boolean> {
  return (await db.query('SELECT 1 FROM users LIMIT 1')).rows.length > 0;
}
