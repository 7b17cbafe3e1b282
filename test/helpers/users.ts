import type { FastifyInstance } from 'fastify';
import type { Role } from '../../src/modules/auth/roles.js';
import { injectSender } from '../../dev/support/http-sender.js';
import { addUser as addUserTo, login as loginWith } from '../../dev/support/users.js';

export const PASSWORD = 'a long test password';

export async function addUser(app: FastifyInstance, username: string, roles: Role[] = ['psychologist'], phone?: string) {
  return addUserTo(app.infra.db, { username, password: PASSWORD, roles, phone });
}

/** Logs in (through app.inject) and returns the session cookie as a `cookie` header value. */
export async function login(app: FastifyInstance, username: string, password = PASSWORD): Promise<string> {
  return loginWith(injectSender(app), username, password);
}
