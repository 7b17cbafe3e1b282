import type { FastifyInstance } from 'fastify';
import { hashPassword } from '../../src/modules/auth/password.js';
import type { Role } from '../../src/modules/auth/roles.js';
import { createUser } from '../../src/modules/auth/users-repository.js';

export const PASSWORD = 'a long test password';

export async function addUser(app: FastifyInstance, username: string, roles: Role[] = ['psychologist'], phone?: string) {
  return createUser(app.infra.db, { username, passwordHash: await hashPassword(PASSWORD), roles, phone });
}

/** Logs in and returns the session cookie as a `cookie` header value. */
export async function login(app: FastifyInstance, username: string, password = PASSWORD): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/session', payload: { username, password } });
  if (res.statusCode !== 204) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'stopline_session');
  return `stopline_session=${cookie!.value}`;
}
