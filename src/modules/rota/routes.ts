import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpError } from '../../infra/http-errors.js';
import { appendAudit } from '../audit/index.js';
import { requireRole } from '../auth/index.js';
import { availabilityToday, setAvailability } from './availability.js';
import { onCallNow } from './on-call.js';
import { localParts } from '../../infra/local-time.js';
import { listShifts, replaceRota, shiftNowOf, UnknownUsersError, WEEKDAYS } from './rota-repository.js';
import { setSoftphoneRegistered, softphonesRegistered, SOFTPHONE_HEARTBEAT_SECONDS } from './softphone-registration.js';

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
const shiftSchema = z
  .strictObject({
    weekday: z.enum(WEEKDAYS),
    starts: clock,
    ends: z.union([clock, z.literal('24:00')]),
    username: z.string().min(1).max(64),
    position: z.int().min(0).max(20),
  })
  .refine((s) => s.starts < s.ends, { message: 'a shift must end after it starts', path: ['ends'] });

function noDuplicateShifts(shifts: Array<{ weekday: string; starts: string; username: string }>, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  shifts.forEach((s, i) => {
    const key = `${s.weekday} ${s.starts} ${s.username}`;
    // The message points to the shift, not to the submitted name (error bodies never echo input).
    if (seen.has(key)) ctx.addIssue({ code: 'custom', message: 'the same person already has a shift starting at this time on this day', path: [i] });
    seen.add(key);
  });
}

// Response schemas: the serializer sends only the fields listed here.
const onCallState = z.object({ available: z.boolean(), via: z.enum(['phone', 'browser']) });
// A refused rota names the shifts at fault by index, never the submitted names.
const badShiftsResponse = z.object({ error: z.string(), message: z.string(), fields: z.array(z.string()).optional() });
/**
 * The truth about her switch, for the console: her rota shift now and its end, whether she has a phone, whether
 * her browser softphone is registered, where a call would ring now (`reachable`: the browser, her phone, or
 * nowhere), and how many colleagues are on call.
 */
const onCallDetails = onCallState.extend({
  onCallNow: z.number(),
  colleaguesOnCall: z.number(),
  hasPhone: z.boolean(),
  shift: z.object({ starts: z.string(), ends: z.string() }).nullable(),
  softphoneRegistered: z.boolean(),
  reachable: z.enum(['browser', 'phone', 'none']),
  softphoneHeartbeatSeconds: z.number(),
});
const rotaResponse = z.object({
  shifts: z.array(z.object({ weekday: z.enum(WEEKDAYS), starts: z.string(), ends: z.string(), username: z.string(), position: z.number() })),
});

export const rotaRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, redis } = app.infra;
  const timezone = app.appConfig.settings.timezone;

  // The psychologist's own switch for today: on call or not, and by phone or in the browser.
  app.put(
    '/api/oncall',
    {
      preHandler: requireRole('psychologist'),
      schema: {
        body: z.strictObject({ available: z.boolean(), via: z.enum(['phone', 'browser']).default('phone') }),
        response: { 200: onCallState },
      },
    },
    async (request) => {
      const { available, via } = request.body;
      if (available && via === 'phone' && !request.user!.phone) {
        // The code is what the console reads (and says in her language); the message is for other clients.
        throw new HttpError(400, 'no_phone', 'No phone number is registered for you: choose via "browser", or ask an admin to add your phone');
      }
      const { date } = localParts(new Date(), timezone);
      await setAvailability(redis.client, date, request.user!.id, { available, via });
      await appendAudit(db, { actor: request.user!.username, action: available ? 'oncall.on' : 'oncall.off', details: { via } });
      // Telephony listens (a caller may be waiting for someone to come on call); the rota does not know it.
      await app.rota.events.emit('availability.changed', { userId: request.user!.id, available, via });
      return { available, via };
    },
  );

  app.get('/api/oncall', { preHandler: requireRole('psychologist'), schema: { response: { 200: onCallDetails } } }, async (request) => {
    const now = new Date();
    const userId = request.user!.id;
    const { date, weekday, time } = localParts(now, timezone);
    const [onCall, overrides, shift, registered] = await Promise.all([
      onCallNow(db, redis.client, now, timezone),
      availabilityToday(redis.client, date),
      shiftNowOf(db, userId, weekday, time),
      softphonesRegistered(redis.client, [userId]),
    ]);
    const me = onCall.find((p) => p.userId === userId);
    const override = overrides.get(userId);
    const chosen = override?.via ?? 'phone';
    // Switched on (or on the rota and not off) but left out of who is on call: no phone, and no registered browser.
    const wantsCalls = override ? override.available : shift !== undefined;
    return {
      available: me !== undefined || wantsCalls,
      via: chosen,
      onCallNow: onCall.length,
      colleaguesOnCall: onCall.filter((p) => p.userId !== userId).length,
      hasPhone: request.user!.phone !== null && request.user!.phone !== undefined && request.user!.phone !== '',
      shift: shift ?? null,
      softphoneRegistered: registered.has(userId),
      reachable: me ? me.via : ('none' as const),
      softphoneHeartbeatSeconds: SOFTPHONE_HEARTBEAT_SECONDS,
    };
  });

  // The page says whether its softphone is registered with Twilio, and repeats it while it is: calls are routed
  // to the browser only while this report is fresh (softphone-registration.ts).
  app.put(
    '/api/oncall/softphone',
    { preHandler: requireRole('psychologist'), schema: { body: z.strictObject({ registered: z.boolean() }) } },
    async (request, reply) => {
      await setSoftphoneRegistered(redis.client, request.user!.id, request.body.registered);
      // A browser that just became reachable may take the caller waiting at the front of the queue.
      if (request.body.registered) await app.rota.events.emit('availability.changed', { userId: request.user!.id, available: true, via: 'browser' });
      return reply.code(204).send();
    },
  );

  app.get('/api/rota', { preHandler: requireRole('admin', 'supervisor', 'psychologist'), schema: { response: { 200: rotaResponse } } }, async () => ({ shifts: await listShifts(db) }));

  app.put('/api/rota', { preHandler: requireRole('admin'), schema: { body: z.strictObject({ shifts: z.array(shiftSchema).max(500).superRefine(noDuplicateShifts) }), response: { 200: rotaResponse, 400: badShiftsResponse } } }, async (request, reply) => {
    try {
      // The new rota and its audit row commit together, or neither does.
      await db.transaction(async (tx) => {
        await replaceRota(tx, request.body.shifts);
        await appendAudit(tx, { actor: request.user!.username, action: 'rota.replaced', details: { shifts: request.body.shifts.length } });
      });
    } catch (err) {
      if (err instanceof UnknownUsersError) {
        const fields = err.shiftIndexes.map((i) => `body.shifts.${i}.username`);
        return reply.code(400).send({ error: 'bad_request', message: `Invalid ${fields.join(', ')}: not a psychologist (or unknown)`, fields });
      }
      throw err;
    }
    return { shifts: await listShifts(db) };
  });
};
