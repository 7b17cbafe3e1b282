import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../infra/db/database.js';
import type { Role } from './roles.js';

export interface User {
  id: string;
  username: string;
  roles: Role[];
  phone: string | null;
  disabled: boolean;
  /**
   * Changes whenever the account's credentials or standing change (password, disabled/enabled): a session made
   * under another stamp is over (`updated_at`, which only those changes touch, to the microsecond).
   */
  credentialStamp: string;
}

interface UserRow extends User {
  password_hash: string;
}

const COLUMNS = `id, username, roles, phone, disabled, floor(extract(epoch FROM updated_at) * 1000000)::text AS "credentialStamp"`;

export class DuplicateUsernameError extends Error {
  override name = 'DuplicateUsernameError';
}

export async function createUser(
  db: Queryable,
  input: { username: string; passwordHash: string; roles: Role[]; phone?: string | undefined },
): Promise<User> {
  try {
    const result = await db.query<User>(
      `INSERT INTO users (id, username, password_hash, roles, phone) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [randomUUID(), input.username, input.passwordHash, input.roles, input.phone ?? null],
    );
    return result.rows[0]!;
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw new DuplicateUsernameError(`user "${input.username}" already exists`);
    throw err;
  }
}

export async function findUserForLogin(db: Queryable, username: string): Promise<(User & { passwordHash: string }) | undefined> {
  const result = await db.query<UserRow>(`SELECT ${COLUMNS}, password_hash FROM users WHERE username = $1`, [username]);
  const row = result.rows[0];
  if (!row) return undefined;
  const { password_hash: passwordHash, ...user } = row;
  return { ...user, passwordHash };
}

export async function findUserById(db: Queryable, id: string): Promise<User | undefined> {
  return (await db.query<User>(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id])).rows[0];
}

export async function listUsers(db: Queryable): Promise<User[]> {
  return (await db.query<User>(`SELECT ${COLUMNS} FROM users ORDER BY username`)).rows;
}

/** Returns false when there is no such user. */
export async function setUserDisabled(db: Queryable, username: string, disabled: boolean): Promise<boolean> {
  const result = await db.query('UPDATE users SET disabled = $2, updated_at = now() WHERE username = $1', [username, disabled]);
  return result.rowCount === 1;
}

export async function setUserPassword(db: Queryable, username: string, passwordHash: string): Promise<boolean> {
  const result = await db.query('UPDATE users SET password_hash = $2, updated_at = now() WHERE username = $1', [username, passwordHash]);
  return result.rowCount === 1;
}
