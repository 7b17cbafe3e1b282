import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../infra/db/database.js';
import type { Role } from './roles.js';

export interface User {
  id: string;
  username: string;
  roles: Role[];
  phone: string | null;
  disabled: boolean;
  /** Two-factor login is on (a confirmed TOTP secret). */
  totpEnabled: boolean;
  /**
   * Changes whenever the account's credentials or standing change (password, disabled/enabled): a session made
   * under another stamp is over (`updated_at`, which only those changes touch, to the microsecond).
   */
  credentialStamp: string;
}

interface UserRow extends User {
  password_hash: string;
}

const COLUMNS = `id, username, roles, phone, disabled, totp_enabled AS "totpEnabled", floor(extract(epoch FROM updated_at) * 1000000)::text AS "credentialStamp"`;

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

/** A staff member who may take calls: not disabled, with the psychologist role. Never a caller. */
export interface ActivePsychologist {
  userId: string;
  username: string;
  /** Their own phone for on-call forwarding, or null. */
  phone: string | null;
}

/**
 * The active psychologists among `userIds`, by username (the database's collation). The rota asks this for the
 * people on its shifts instead of reading the users table itself.
 */
export async function activePsychologists(db: Queryable, userIds: readonly string[]): Promise<ActivePsychologist[]> {
  if (userIds.length === 0) return [];
  const result = await db.query<{ id: string; username: string; phone: string | null }>(
    `SELECT id, username, phone FROM users
      WHERE id = ANY($1::uuid[]) AND NOT disabled AND 'psychologist' = ANY (roles)
      ORDER BY username`,
    [userIds],
  );
  return result.rows.map((u) => ({ userId: u.id, username: u.username, phone: u.phone }));
}

export async function findActivePsychologist(db: Queryable, userId: string): Promise<ActivePsychologist | undefined> {
  return (await activePsychologists(db, [userId]))[0];
}

/** Ids of the users with these names who have the psychologist role (disabled ones included: a rota may name them). */
export async function psychologistIdsByUsername(db: Queryable, usernames: readonly string[]): Promise<Map<string, string>> {
  const result = await db.query<{ id: string; username: string }>(
    `SELECT id, username FROM users WHERE username = ANY($1::text[]) AND 'psychologist' = ANY (roles)`,
    [usernames],
  );
  return new Map(result.rows.map((u) => [u.username, u.id]));
}

/** Usernames of these user ids (unknown ids are left out). */
export async function usernamesById(db: Queryable, userIds: readonly string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const result = await db.query<{ id: string; username: string }>('SELECT id, username FROM users WHERE id = ANY($1::uuid[])', [userIds]);
  return new Map(result.rows.map((u) => [u.id, u.username]));
}

/** Name, phone presence and standing of these user ids (unknown ids are left out), for the rota editor. */
export async function usersByIds(db: Queryable, userIds: readonly string[]): Promise<Map<string, { username: string; phone: string | null; disabled: boolean }>> {
  if (userIds.length === 0) return new Map();
  const result = await db.query<{ id: string; username: string; phone: string | null; disabled: boolean }>(
    'SELECT id, username, phone, disabled FROM users WHERE id = ANY($1::uuid[])', [userIds],
  );
  return new Map(result.rows.map((u) => [u.id, { username: u.username, phone: u.phone, disabled: u.disabled }]));
}
