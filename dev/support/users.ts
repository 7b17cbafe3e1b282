// Users and sessions for tests and benchmarks: created straight in the database (as `npm run user` would), logged in
// through the real POST /api/session.
import type { Queryable } from '../../src/infra/db/database.js';
import { hashPassword } from '../../src/modules/auth/password.js';
import type { Role } from '../../src/modules/auth/roles.js';
import { SESSION_COOKIE } from '../../src/modules/auth/sessions.js';
import { createUser } from '../../src/modules/auth/users-repository.js';
import type { Sender } from './http-sender.js';

export interface NewUser {
  username: string;
  password: string;
  roles: Role[];
  phone?: string | undefined;
  /** A hash of `password` made earlier: hashing is slow on purpose, and a benchmark creates many users. */
  passwordHash?: string;
}

export async function addUser(db: Queryable, user: NewUser) {
  return createUser(db, { username: user.username, passwordHash: user.passwordHash ?? (await hashPassword(user.password)), roles: user.roles, phone: user.phone });
}

/** Logs in and returns the session cookie as a `cookie` header value (`stopline_session=…`). */
export async function login(send: Sender, username: string, password: string): Promise<string> {
  const res = await send({ method: 'POST', path: '/api/session', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (res.status !== 204) throw new Error(`login of ${username} failed: HTTP ${res.status} ${res.body.slice(0, 200)}`);
  const setCookie = res.headers['set-cookie'];
  const cookie = (Array.isArray(setCookie) ? setCookie : setCookie === undefined ? [] : [setCookie]).find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!cookie) throw new Error(`login of ${username} set no ${SESSION_COOKIE} cookie`);
  return cookie.split(';')[0]!;
}
