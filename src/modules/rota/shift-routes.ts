import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpError } from '../../infra/http-errors.js';
import { appendAudit } from '../audit/index.js';
import { requireRole } from '../auth/index.js';
import { addShift, changeShift, listEditableShifts, removeShift, WEEKDAYS } from './shift-repository.js';

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
const end = z.union([clock, z.literal('24:00')]);
const fields = {
  weekday: z.enum(WEEKDAYS),
  starts: clock,
  ends: end,
  username: z.string().trim().toLowerCase().min(1).max(64),
  position: z.int().min(0).max(20),
};
const shiftBody = z.strictObject(fields).refine((s) => s.starts < s.ends, { message: 'a shift must end after it starts', path: ['ends'] });
const shiftChange = z.strictObject({
  weekday: fields.weekday.optional(),
  starts: fields.starts.optional(),
  ends: fields.ends.optional(),
  username: fields.username.optional(),
  position: fields.position.optional(),
});
const idParams = z.object({ id: z.uuid() });

const shiftsResponse = z.object({
  shifts: z.array(
    z.object({
      id: z.string(),
      weekday: z.enum(WEEKDAYS),
      starts: z.string(),
      ends: z.string(),
      userId: z.string(),
      username: z.string(),
      position: z.number(),
      hasPhone: z.boolean(),
      disabled: z.boolean(),
    }),
  ),
  /** People on the rota whom a call cannot reach by phone (no phone) or at all (disabled). */
  warnings: z.array(z.object({ username: z.string(), problem: z.enum(['no_phone', 'disabled']) })),
});

/**
 * The rota, shift by shift, for the admin area: add, move (change any field), remove. Each change and its audit
 * row commit together; nothing replaces the whole rota (PUT /api/rota stays for scripts).
 */
export const shiftRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.infra;

  const current = async () => {
    const shifts = await listEditableShifts(db);
    const warnings = new Map<string, 'no_phone' | 'disabled'>();
    for (const s of shifts) {
      if (s.disabled) warnings.set(s.username, 'disabled');
      else if (!s.hasPhone && !warnings.has(s.username)) warnings.set(s.username, 'no_phone');
    }
    return { shifts, warnings: [...warnings].map(([username, problem]) => ({ username, problem })) };
  };

  app.get('/api/rota/shifts', { preHandler: requireRole('admin'), schema: { response: { 200: shiftsResponse } } }, current);

  app.post('/api/rota/shifts', { preHandler: requireRole('admin'), schema: { body: shiftBody, response: { 201: shiftsResponse.extend({ id: z.string() }) } } }, async (request, reply) => {
    const id = await db.transaction(async (tx) => {
      const created = await addShift(tx, request.body);
      await appendAudit(tx, { actor: request.user!.username, action: 'rota.shift_added', subject: request.body.username, details: { ...request.body, id: created } });
      return created;
    });
    return reply.code(201).send({ id, ...(await current()) });
  });

  app.patch('/api/rota/shifts/:id', { preHandler: requireRole('admin'), schema: { params: idParams, body: shiftChange, response: { 200: shiftsResponse } } }, async (request) => {
    await db.transaction(async (tx) => {
      const before = await changeShift(tx, request.params.id, request.body);
      if (!before) throw new HttpError(404, 'not_found', 'No such shift (removed meanwhile?)');
      await appendAudit(tx, { actor: request.user!.username, action: 'rota.shift_changed', subject: request.body.username ?? before.username, details: { id: request.params.id, before, change: request.body } });
    });
    return current();
  });

  app.delete('/api/rota/shifts/:id', { preHandler: requireRole('admin'), schema: { params: idParams, response: { 200: shiftsResponse } } }, async (request) => {
    await db.transaction(async (tx) => {
      const removed = await removeShift(tx, request.params.id);
      if (!removed) throw new HttpError(404, 'not_found', 'No such shift (removed meanwhile?)');
      await appendAudit(tx, { actor: request.user!.username, action: 'rota.shift_removed', subject: removed.username, details: { id: request.params.id, ...removed } });
    });
    return current();
  });
};
