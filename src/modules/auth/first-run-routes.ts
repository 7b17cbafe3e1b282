import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FieldError, HttpError } from '../../infra/http-errors.js';
import { appendAudit } from '../audit/index.js';
import { requireUser } from './guard.js';
import { hashPassword, isAcceptablePassword, passwordSchemaMessage } from './password.js';
import { normaliseStaffPhone } from './phone.js';
import { anyUserExists, consumeToken } from './one-time-tokens.js';
import { startEnrolment, acceptCode } from './totp.js';
import { createUser } from './users-repository.js';
import { setPasswordById } from './user-changes.js';

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,62}$/, '2 to 63 characters: letters a–z, digits, dot, dash, underscore');
const passwordSchema = z.string().refine(isAcceptablePassword, passwordSchemaMessage);
const token = z.string().min(1).max(100);
const badToken = () => new FieldError(['body.token'], 'the link is wrong, expired or already used');

/**
 * First run (the setup link creates the first admin), one-time password links, and the user's own two-factor
 * enrolment. The token is checked and used up in the transaction that creates or changes the account.
 */
export const firstRunRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.infra;

  app.get('/api/setup', { schema: { response: { 200: z.object({ needed: z.boolean() }) } } }, async () => ({ needed: !(await anyUserExists(db)) }));

  app.post(
    '/api/setup',
    {
      schema: {
        body: z.strictObject({
          token,
          username: usernameSchema,
          password: passwordSchema,
          /** Also take calls: the first admin is then a psychologist too. */
          psychologist: z.boolean().default(false),
          phone: z.string().max(40).optional(),
        }),
        response: { 201: z.object({ username: z.string(), roles: z.array(z.string()) }) },
      },
    },
    async (request, reply) => {
      const { username, password, psychologist, phone } = request.body;
      const e164 = phone === undefined || phone.trim() === '' ? undefined : normaliseStaffPhone(phone);
      if (phone !== undefined && phone.trim() !== '' && e164 === undefined) throw new FieldError(['body.phone'], 'not a valid phone number');
      const passwordHash = await hashPassword(password);
      const roles = psychologist ? (['admin', 'psychologist'] as const) : (['admin'] as const);
      const user = await db.transaction(async (tx) => {
        // Refused once anyone exists, even with a token that is still valid: the link makes the first account only.
        await tx.query('LOCK TABLE users IN EXCLUSIVE MODE');
        if (await anyUserExists(tx)) throw new HttpError(409, 'conflict', 'Setup is done: an account exists already. Log in instead.');
        if (!(await consumeToken(tx, 'setup', request.body.token))) throw badToken();
        const created = await createUser(tx, { username, passwordHash, roles: [...roles], phone: e164 });
        await appendAudit(tx, { actor: created.username, action: 'setup.first_admin', subject: created.username, details: { roles: created.roles } });
        return created;
      });
      return reply.code(201).send({ username: user.username, roles: user.roles });
    },
  );

  app.post(
    '/api/password',
    { schema: { body: z.strictObject({ token, password: passwordSchema }) } },
    async (request, reply) => {
      const passwordHash = await hashPassword(request.body.password);
      await db.transaction(async (tx) => {
        const used = await consumeToken(tx, 'password', request.body.token);
        if (!used?.userId) throw badToken();
        await setPasswordById(tx, used.userId, passwordHash);
        const name = (await tx.query<{ username: string }>('SELECT username FROM users WHERE id = $1', [used.userId])).rows[0]?.username;
        await appendAudit(tx, { actor: name ?? 'anonymous', action: 'user.password_set', subject: name });
      });
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/me/totp',
    {
      preHandler: requireUser,
      schema: { response: { 200: z.object({ secret: z.string(), otpauthUrl: z.string(), qrSvg: z.string() }) } },
    },
    async (request) => {
      if (request.user!.totpEnabled) throw new HttpError(409, 'conflict', 'Two-factor login is on already; an admin can reset it');
      // The secret is in this answer once (to put into the app); at rest it is sealed.
      return startEnrolment(db, app.appConfig.contactKey, request.user!);
    },
  );

  app.put(
    '/api/me/totp',
    { preHandler: requireUser, schema: { body: z.strictObject({ code: z.string().trim().max(10) }) } },
    async (request, reply) => {
      if (request.user!.totpEnabled) throw new HttpError(409, 'conflict', 'Two-factor login is on already');
      await db.transaction(async (tx) => {
        if (!(await acceptCode(tx, app.appConfig.contactKey, request.user!.id, request.body.code, { enable: true }))) {
          throw new FieldError(['body.code'], 'the code does not match; check the time on your phone and try the next one');
        }
        await appendAudit(tx, { actor: request.user!.username, action: 'user.totp_enabled', subject: request.user!.username });
      });
      return reply.code(204).send();
    },
  );
};
