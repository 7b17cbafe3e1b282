import type { Queryable } from '../../infra/db/database.js';
import type { Role } from './roles.js';
import { createUser, findUserById, type User } from './users-repository.js';

// Changes an admin makes to accounts. Each takes the caller's transaction, so the change and its audit row commit
// together (docs/architecture.md, "Transactions and the audit log").

/**
 * A password hash nothing matches (verifyPassword knows only `scrypt$…`): an account made by an admin has no
 * password until its person follows the one-time link.
 */
export const NO_PASSWORD = '!unset';

export async function createInvitedUser(tx: Queryable, input: { username: string; roles: Role[]; phone?: string | undefined }): Promise<User> {
  return createUser(tx, { ...input, passwordHash: NO_PASSWORD });
}

export interface UserChange {
  roles?: Role[] | undefined;
  phone?: string | null | undefined;
  disabled?: boolean | undefined;
}

/**
 * Applies the given fields; a disable or enable also moves the credential stamp (updated_at), which ends the
 * user's sessions. Returns the user before and after, or undefined when there is no such user.
 */
export async function changeUser(tx: Queryable, id: string, change: UserChange): Promise<{ before: User; after: User } | undefined> {
  const before = await findUserById(tx, id);
  if (!before) return undefined;
  const sets: string[] = [];
  const params: unknown[] = [id];
  if (change.roles !== undefined) sets.push(`roles = $${params.push(change.roles)}`);
  if (change.phone !== undefined) sets.push(`phone = $${params.push(change.phone)}`);
  if (change.disabled !== undefined && change.disabled !== before.disabled) {
    sets.push(`disabled = $${params.push(change.disabled)}`, 'updated_at = clock_timestamp()');
  }
  if (sets.length > 0) await tx.query(`UPDATE users SET ${sets.join(', ')} WHERE id = $1`, params);
  return { before, after: (await findUserById(tx, id))! };
}

/** Sets a password by user id (the one-time link); moves the credential stamp, so older sessions end. */
export async function setPasswordById(tx: Queryable, id: string, passwordHash: string): Promise<boolean> {
  const result = await tx.query('UPDATE users SET password_hash = $2, updated_at = clock_timestamp() WHERE id = $1', [id, passwordHash]);
  return result.rowCount === 1;
}

/** How many enabled admins there are besides this user: the last one cannot be disabled or lose the role. */
export async function otherActiveAdmins(tx: Queryable, id: string): Promise<number> {
  const result = await tx.query<{ n: string }>(`SELECT count(*)::text AS n FROM users WHERE id <> $1 AND NOT disabled AND 'admin' = ANY (roles)`, [id]);
  return Number(result.rows[0]!.n);
}
