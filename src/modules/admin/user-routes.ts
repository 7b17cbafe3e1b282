import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FieldError, HttpError } from '../../infra/http-errors.js';
import { appendAudit } from '../audit/index.js';
import {
  changeUser, createInvitedUser, DuplicateUsernameError, issueToken, listUsers, normaliseStaffPhone, otherActiveAdmins,
  PASSWORD_TOKEN_SECONDS, publishSessionEnded, requireRole, resetTotp, roleSchema, usernameSchema, type User,
} from '../auth/index.js';

const roles = z.array(roleSchema).min(1).max(3).transform((r) => [...new Set(r)]);
const phone = z.string().trim().max(40);
const idParams = z.object({ id: z.uuid() });
const userView = z.object({
  id: z.string(),
  username: z.string(),
  roles: z.array(z.string()),
  phone: z.string().nullable(),
  disabled: z.boolean(),
  totpEnabled: z.boolean(),
});
const linkView = z.object({ id: z.string(), passwordLink: z.string() });

const view = (u: User) => ({ id: u.id, username: u.username, roles: u.roles, phone: u.phone, disabled: u.disabled, totpEnabled: u.totpEnabled });

function parsePhone(value: string | undefined | null): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null || value.trim() === '') return null;
  const e164 = normaliseStaffPhone(value);
  if (!e164) throw new FieldError(['body.phone'], 'not a valid phone number (write it with the country code, e.g. +45 12 34 56 78)');
  return e164;
}

/**
 * Accounts in the admin area: create (with a one-time link to set the password, shown once), roles, phone,
 * disable/enable, a new password link, reset two-factor. Each change commits with its audit row.
 */
export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, redis } = app.infra;
  const admin = requireRole('admin');
  const passwordLink = async (tx: Parameters<typeof issueToken>[0], userId: string) =>
    `${app.appConfig.publicUrl}/password?token=${await issueToken(tx, 'password', userId, PASSWORD_TOKEN_SECONDS)}`;
  // A disabled user's or a changed role's console sockets close on every instance.
  const endSessions = (userId: string) => publishSessionEnded(redis.client, redis.prefix, { userId });

  app.get('/api/users', { preHandler: admin, schema: { response: { 200: z.array(userView) } } }, async () => (await listUsers(db)).map(view));

  app.post(
    '/api/users',
    { preHandler: admin, schema: { body: z.strictObject({ username: usernameSchema, roles, phone: phone.optional() }), response: { 201: linkView } } },
    async (request, reply) => {
      const e164 = parsePhone(request.body.phone) ?? undefined;
      try {
        const result = await db.transaction(async (tx) => {
          const user = await createInvitedUser(tx, { username: request.body.username, roles: request.body.roles, phone: e164 });
          const link = await passwordLink(tx, user.id);
          await appendAudit(tx, { actor: request.user!.username, action: 'user.created', subject: user.username, details: { roles: user.roles, phone: e164 !== undefined } });
          return { id: user.id, passwordLink: link };
        });
        return reply.code(201).send(result);
      } catch (err) {
        if (err instanceof DuplicateUsernameError) throw new FieldError(['body.username'], 'this username is taken');
        throw err;
      }
    },
  );

  app.patch(
    '/api/users/:id',
    {
      preHandler: admin,
      schema: {
        params: idParams,
        body: z.strictObject({ roles: roles.optional(), phone: phone.nullable().optional(), disabled: z.boolean().optional() }),
        response: { 200: userView },
      },
    },
    async (request) => {
      const { id } = request.params;
      const change = { roles: request.body.roles, phone: parsePhone(request.body.phone), disabled: request.body.disabled };
      const result = await db.transaction(async (tx) => {
        const done = await changeUser(tx, id, change);
        if (!done) throw new HttpError(404, 'not_found', 'No such user');
        const losesAdmin = done.before.roles.includes('admin') && (!done.after.roles.includes('admin') || done.after.disabled);
        if (losesAdmin && (await otherActiveAdmins(tx, id)) === 0) {
          throw new FieldError([change.disabled ? 'body.disabled' : 'body.roles'], 'the last active admin cannot be disabled or lose the admin role');
        }
        await appendAudit(tx, {
          actor: request.user!.username,
          action: 'user.changed',
          subject: done.after.username,
          details: {
            ...(change.roles ? { roles: done.after.roles, rolesBefore: done.before.roles } : {}),
            ...(change.phone !== undefined ? { phone: change.phone === null ? 'removed' : 'set' } : {}),
            ...(change.disabled !== undefined ? { disabled: done.after.disabled } : {}),
          },
        });
        return done;
      });
      const rolesChanged = JSON.stringify(result.before.roles) !== JSON.stringify(result.after.roles);
      if (result.after.disabled || rolesChanged) await endSessions(id);
      return view(result.after);
    },
  );

  app.post('/api/users/:id/password-link', { preHandler: admin, schema: { params: idParams, response: { 200: linkView } } }, async (request) =>
    db.transaction(async (tx) => {
      const user = (await listUsers(tx)).find((u) => u.id === request.params.id);
      if (!user) throw new HttpError(404, 'not_found', 'No such user');
      // The old password keeps working until the link is used (the person may be on shift right now).
      const link = await passwordLink(tx, user.id);
      await appendAudit(tx, { actor: request.user!.username, action: 'user.password_link', subject: user.username });
      return { id: user.id, passwordLink: link };
    }),
  );

  app.delete('/api/users/:id/totp', { preHandler: admin, schema: { params: idParams } }, async (request, reply) => {
    await db.transaction(async (tx) => {
      const user = (await listUsers(tx)).find((u) => u.id === request.params.id);
      if (!user || !(await resetTotp(tx, user.id))) throw new HttpError(404, 'not_found', 'No such user');
      await appendAudit(tx, { actor: request.user!.username, action: 'user.totp_reset', subject: user.username });
    });
    return reply.code(204).send();
  });
};
