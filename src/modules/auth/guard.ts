import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { HttpError } from '../../infra/http-errors.js';
import type { Role } from './roles.js';
import { SESSION_COOKIE, touchSession } from './sessions.js';
import { findUserById, type User } from './users-repository.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The logged-in staff member, set by `requireUser`/`requireRole`. */
    user?: User;
  }
}

/** Loads the session's user. The user row is read on every request so a disabled account or a changed role takes
 * effect at once, not when the session expires. */
export async function loadUser(request: FastifyRequest): Promise<User | undefined> {
  const sessionId = request.cookies[SESSION_COOKIE];
  if (!sessionId) return undefined;
  const userId = await touchSession(request.server.infra.redis.client, sessionId);
  if (!userId) return undefined;
  const user = await findUserById(request.server.infra.db, userId);
  return user && !user.disabled ? user : undefined;
}

export const requireUser: preHandlerAsyncHookHandler = async (request: FastifyRequest, _reply: FastifyReply) => {
  const user = await loadUser(request);
  if (!user) throw new HttpError(401, 'unauthenticated', 'Log in first (no valid session)');
  request.user = user;
};

/** Passes when the user has at least one of the roles. */
export function requireRole(...roles: Role[]): preHandlerAsyncHookHandler {
  return async (request, reply) => {
    await requireUser.call(request.server, request, reply);
    if (!request.user!.roles.some((r) => roles.includes(r))) {
      throw new HttpError(403, 'forbidden', `This needs the role ${roles.join(' or ')}`);
    }
  };
}
