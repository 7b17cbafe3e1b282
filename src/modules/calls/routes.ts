import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpError } from '../../infra/http-errors.js';
import { appendAudit } from '../audit/index.js';
import { requireRole } from '../auth/index.js';
import { localParts } from '../../infra/local-time.js';
import { callsAwaitingOutcome, getCallRecord, hasOutcome, readOutcome, writeNote, writeOutcome } from './calls-repository.js';
import { outcomeSchema } from './outcome-schema.js';
import { computeTriage } from '../../shared/triage.js';
import { TRIAGE_LEVELS } from '../../shared/vocabulary.js';

/** After saving an outcome its author may still correct it for this long; then the call is closed to everyone. */
export const OUTCOME_GRACE_SECONDS = 15 * 60;
const graceKey = (callId: string) => `outcome-grace:${callId}`;

const callParams = z.object({ id: z.uuid() });

// Response schemas: the serializer sends only the fields listed here, a second guard that nothing else leaves.
const callSummary = z.object({
  id: z.string(),
  status: z.string(),
  callDate: z.string(),
  hourBand: z.number(),
  language: z.string().nullable(),
  durationBand: z.string().nullable(),
});
const outcomeResult = z.object({ triage: z.enum(TRIAGE_LEVELS), computed: z.enum(TRIAGE_LEVELS), overridden: z.boolean() });

export const callsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, redis } = app.infra;
  const psychologist = requireRole('psychologist');

  /** A single call is readable only by who took it, until its outcome is saved plus the grace period. */
  async function ownOpenCall(callId: string, userId: string) {
    const call = await getCallRecord(db, callId);
    if (!call || call.answered_by !== userId) throw new HttpError(404, 'not_found', 'No such call among the calls you took');
    if ((await hasOutcome(db, callId)) && (await redis.client.exists(graceKey(callId))) === 0) {
      throw new HttpError(409, 'conflict', 'The outcome of this call was saved and can no longer be changed');
    }
    return call;
  }

  app.get(
    '/api/calls',
    { preHandler: psychologist, schema: { querystring: z.strictObject({ awaiting: z.literal('outcome') }), response: { 200: z.array(callSummary) } } },
    async (request) => callsAwaitingOutcome(db, request.user!.id),
  );

  app.get('/api/calls/:id', { preHandler: psychologist, schema: { params: callParams, response: { 200: callSummary } } }, async (request) => {
    const call = await ownOpenCall(request.params.id, request.user!.id);
    return { id: call.id, status: call.status, callDate: call.call_date, hourBand: call.hour_band, language: call.language, durationBand: call.duration_band };
  });

  // The saved outcome, for its author to correct while the grace period lasts (404 before a save, 409 after).
  app.get(
    '/api/calls/:id/outcome',
    { preHandler: psychologist, schema: { params: callParams, response: { 200: outcomeSchema.extend({ correctableForSeconds: z.number() }) } } },
    async (request) => {
      const callId = request.params.id;
      await ownOpenCall(callId, request.user!.id);
      const saved = await readOutcome(db, callId);
      if (!saved) throw new HttpError(404, 'not_found', 'This call has no saved outcome yet');
      const ttl = await redis.client.ttl(graceKey(callId));
      return { ...(saved as z.infer<typeof outcomeSchema>), correctableForSeconds: Math.max(0, ttl) };
    },
  );

  app.put('/api/calls/:id/outcome', { preHandler: psychologist, schema: { params: callParams, body: outcomeSchema, response: { 200: outcomeResult } } }, async (request) => {
    const callId = request.params.id;
    await ownOpenCall(callId, request.user!.id);
    const o = request.body;
    const computed = computeTriage(o);
    const triage = o.triageOverride?.triage ?? computed;
    // The grace period starts before the write: if Redis is away the request fails (503) having changed nothing,
    // and a retry after a failed database write still finds the call open.
    await redis.client.set(graceKey(callId), '1', 'EX', OUTCOME_GRACE_SECONDS, 'NX');
    await db.transaction(async (tx) => {
      await writeOutcome(tx, callId, {
        callerType: o.callerType,
        outcome: o.outcome,
        referrals: o.referrals ?? [],
        motivation: o.motivation ?? null,
        gender: o.gender ?? null,
        ageBand: o.ageBand ?? null,
        region: o.region ?? null,
        relationship: o.relationship ?? null,
        stalkingDuration: o.stalkingDuration ?? null,
        legalStatus: o.legalStatus ?? [],
        behaviours: o.behaviours ?? [],
        riskFlags: o.riskFlags ?? {},
        safetyPlanMade: o.safetyPlanMade ?? null,
        escalations: o.escalations ?? [],
        triageComputed: computed,
        triageOverride: o.triageOverride?.triage ?? null,
        triageOverrideReason: o.triageOverride?.reason ?? null,
      });
      await writeNote(tx, callId, o.notes, localParts(new Date(), app.appConfig.settings.timezone).date);
      // In the same transaction: an outcome is never saved without its audit row (a failed audit write undoes it).
      await appendAudit(tx, {
        actor: request.user!.username,
        action: 'outcome.written',
        subject: callId,
        details: { triage, computed, overridden: o.triageOverride !== undefined },
      });
    });
    return { triage, computed, overridden: o.triageOverride !== undefined };
  });
};
