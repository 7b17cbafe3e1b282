import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpError } from '../../infra/http-errors.js';
import { appendAudit } from '../audit/index.js';
import { mustEnrolTotp, requireUser } from './guard.js';
import { claimAttempt, loginSubjects, recordSuccess } from './login-throttle.js';
import { DUMMY_HASH_PROMISE, verifyPassword } from './password.js';
import { createSession, deleteSession, publishSessionEnded, SESSION_COOKIE, sessionHash } from './sessions.js';
import { acceptCode } from './totp.js';
import { findUserForLogin } from './users-repository.js';

const credentials = z.strictObject({
  username: z.string().trim().toLowerCase().min(1).max(64),
  password: z.string().min(1).max(200),
  /** The two-factor code, for an account that has it on. */
  code: z.string().trim().max(10).optional(),
});

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, redis } = app.infra;
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: app.appConfig.nodeEnv === 'production' || app.appConfig.publicUrl.startsWith('https:'),
  };

  app.post('/api/session', { schema: { body: credentials } }, async (request, reply) => {
    const { username, password, code } = request.body;
    // Counted before the password is checked, so a burst of concurrent attempts cannot all get past the lock.
    const { waitMs, counted } = await claimAttempt(redis.client, username, loginSubjects(username, request.ip));
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      throw new HttpError(429, 'too_many_requests', `Too many failed logins; try again in ${seconds} s`, { 'retry-after': String(seconds) });
    }

    const user = await findUserForLogin(db, username);
    // Verify against a dummy hash for unknown users so the answer takes as long either way.
    const passwordOk = await verifyPassword(password, user?.passwordHash ?? (await DUMMY_HASH_PROMISE));
    if (!user || !passwordOk || user.disabled) {
      // An unknown "user name" may be a password typed in the wrong field: only known accounts are named.
      await appendAudit(db, {
        actor: 'anonymous',
        action: 'session.login_failed',
        subject: user?.username,
        details: { reason: !user ? 'unknown_user' : user.disabled && passwordOk ? 'disabled' : 'bad_password' },
      });
      throw new HttpError(401, 'unauthenticated', 'Wrong username or password, or the account is disabled');
    }

    if (user.totpEnabled) {
      // The password was right; the second factor decides. Without a code the page asks for one (the attempt
      // stays counted, so guessing codes is throttled like guessing passwords).
      if (code === undefined || code === '') throw new HttpError(401, 'totp_required', 'Enter the code from your authenticator app');
      if (!(await acceptCode(db, app.appConfig.contactKey, user.id, code))) {
        await appendAudit(db, { actor: 'anonymous', action: 'session.login_failed', subject: user.username, details: { reason: 'bad_totp' } });
        throw new HttpError(401, 'totp_invalid', 'The code is wrong or was already used; wait for the next one');
      }
    }

    await recordSuccess(redis.client, username, request.ip, counted);
    // A new id on every login (no session fixation); the one the browser had, if any, ends.
    const previous = request.cookies[SESSION_COOKIE];
    if (previous) await deleteSession(redis.client, previous);
    const sessionId = await createSession(redis.client, user.id, user.credentialStamp);
    await appendAudit(db, { actor: user.username, action: 'session.login', subject: user.username });
    // A browser-session cookie: the server's idle timeout (renewed by every request) decides when it ends, so an
    // active psychologist is never logged out in the middle of a shift.
    return reply.setCookie(SESSION_COOKIE, sessionId, cookieOptions).code(204).send();
  });

  app.delete('/api/session', { preHandler: requireUser }, async (request, reply) => {
    const sessionId = request.cookies[SESSION_COOKIE]!;
    await deleteSession(redis.client, sessionId);
    // Its console sockets, on whichever instance they are, close too.
    await publishSessionEnded(redis.client, redis.prefix, { userId: request.user!.id, session: sessionHash(sessionId) });
    await appendAudit(db, { actor: request.user!.username, action: 'session.logout', subject: request.user!.username });
    return reply.clearCookie(SESSION_COOKIE, cookieOptions).code(204).send();
  });

  app.get(
    '/api/me',
    {
      preHandler: requireUser,
      schema: {
        response: {
          200: z.object({ username: z.string(), roles: z.array(z.string()), totpEnabled: z.boolean(), totpRequired: z.boolean(), timezone: z.string() }),
        },
      },
    },
    async (request) => ({
      username: request.user!.username,
      roles: request.user!.roles,
      totpEnabled: request.user!.totpEnabled,
      // An admin in production must enrol before anything else (the page takes them there).
      totpRequired: mustEnrolTotp(app, request.user!),
      // The line's time zone: the page shows times of day (a follow-up's next window) on the line's clock.
      timezone: app.appConfig.settings.timezone,
    }),
  );
};
