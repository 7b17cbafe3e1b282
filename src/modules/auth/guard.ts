import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { HttpError } from '../../infra/http-errors.js';
import type { Role } from './roles.js';
import { deleteSession, readSession, refreshSession, SESSION_COOKIE } from './sessions.js';
import { findUserById, type User } from './users-repository.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The logged-in staff member, set by `requireUser`/`requireRole`. */
    user?: User;
  }
}

/** Loads the session's user. The user row is read on every request so a disabled account or a changed role takes
 * effect at once, not when the session expires; a session made before the user's password changed, or before they
 * were disabled (even if enabled again since), is over and deleted. Only a valid session's idle timer is renewed. */
export async function loadUser(request: FastifyRequest): Promise<User | undefined> {
  const sessionId = request.cookies[SESSION_COOKIE];
  if (!sessionId) return undefined;
  const user = await userOfSession(request.server, sessionId);
  if (user) await refreshSession(request.server.infra.redis.client, sessionId);
  return user;
}

/** The user a session belongs to while it is valid; an invalid one is deleted. Does not renew it. */
export async function userOfSession(server: FastifyInstance, sessionId: string): Promise<User | undefined> {
  const { redis, db } = server.infra;
  const session = await readSession(redis.client, sessionId);
  if (!session) return undefined;
  const user = await findUserById(db, session.userId);
  if (!user || user.disabled || session.stamp !== user.credentialStamp) {
    await deleteSession(redis.client, sessionId);
    return undefined;
  }
  return user;
}

/** What an admin without two-factor login may still do in production: see who they are, enrol, log out. */
const ROUTES_BEFORE_ENROLMENT = new Set(['GET /api/me', 'POST /api/me/totp', 'PUT /api/me/totp', 'DELETE /api/session']);

export const requireUser: preHandlerAsyncHookHandler = async (request: FastifyRequest, _reply: FastifyReply) => {
  const user = await loadUser(request);
  if (!user) throw new HttpError(401, 'unauthenticated', 'Log in first (no valid session)');
  if (mustEnrolTotp(request.server, user) && !ROUTES_BEFORE_ENROLMENT.has(`${request.method} ${request.routeOptions.url ?? ''}`)) {
    throw new HttpError(403, 'totp_enrolment_required', 'Set up two-factor login first (required for admins)');
  }
  request.user = user;
};

/** Admins must use two-factor login in production (docs/architecture.md, "Sessions and CSRF"). */
export function mustEnrolTotp(server: FastifyInstance, user: User): boolean {
  return server.appConfig.nodeEnv === 'production' && user.roles.includes('admin') && !user.totpEnabled;
}

/** Passes when the user has at least one of the roles. */
export function requireRole(...roles: Role[]): preHandlerAsyncHookHandler {
  return async (request, reply) => {
    await requireUser.call(request.server, request, reply);
    if (!request.user!.roles.some((r) => roles.includes(r))) {
      throw new HttpError(403, 'forbidden', `This needs the role ${roles.join(' or ')}`);
    }
  };
}
