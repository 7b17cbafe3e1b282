import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import twilio from 'twilio';
import { z } from 'zod';
import { HttpError } from '../../infra/http-errors.js';
import { appendAudit } from '../audit/index.js';
import { requireRole } from '../auth/index.js';
import { BLOCK_REASONS } from '../../shared/block-reasons.js';
import { blockHash } from './block-list.js';
import { getLiveCall } from './live-state.js';
import { clientIdentity } from './twiml.js';

const callParams = z.object({ id: z.uuid() });

/** What a psychologist can do with a call they took, without ever seeing the caller's number. */
export const telephonyApiRoutes: FastifyPluginAsyncZod = async (app) => {
  const psychologist = requireRole('psychologist');

  async function ownLiveCall(callId: string, userId: string) {
    const live = await getLiveCall(app.infra.redis.client, callId);
    // Someone else's call gets the same answer as none at all: whether a call id exists is not for others to learn.
    if (!live || live.answeredBy !== userId) throw new HttpError(404, 'not_found', 'No such call of yours (or its caller data has expired)');
    return live;
  }

  app.post(
    '/api/calls/:id/block',
    {
      preHandler: psychologist,
      schema: { params: callParams, body: z.strictObject({ days: z.int().min(1).max(365), reason: z.enum(BLOCK_REASONS) }) },
    },
    async (request, reply) => {
      const live = await ownLiveCall(request.params.id, request.user!.id);
      if (!live.blockHash) throw new HttpError(409, 'conflict', 'The caller withheld their number: it cannot be blocked');
      await blockHash(app.infra.redis.client, live.blockHash, { ...request.body, by: request.user!.username });
      await appendAudit(app.infra.db, { actor: request.user!.username, action: 'caller.blocked', subject: live.callId, details: request.body });
      return reply.code(204).send();
    },
  );

  app.post('/api/calls/:id/callback', { preHandler: psychologist, schema: { params: callParams, response: { 202: z.object({ status: z.literal('dialing') }) } } }, async (request, reply) => {
    const result = await app.telephony.requestCallback(request.params.id, request.user!.id);
    if (result === 'expired' || result === 'not_yours') {
      throw new HttpError(404, 'not_found', 'No call of yours to call back: the window has passed, or the caller withheld their number');
    }
    if (result === 'still_live') throw new HttpError(409, 'conflict', 'The call is still going: call back after it has dropped');
    if (result === 'failed') throw new HttpError(503, 'unavailable', 'Twilio could not start the call-back; try again in a moment');
    await appendAudit(app.infra.db, { actor: request.user!.username, action: 'caller.called_back', subject: request.params.id });
    return reply.code(202).send({ status: 'dialing' });
  });

  // "This call is over": for a call the console still shows although it has ended (its end webhooks were lost while
  // Redis was away). Twilio is asked first; a call that is still going on there is not ended from here.
  app.post('/api/calls/:id/end', { preHandler: psychologist, schema: { params: callParams } }, async (request, reply) => {
    const result = await app.telephony.endStaleCall(request.params.id, request.user!.id);
    if (result === 'not_found') throw new HttpError(404, 'not_found', 'No such live call of yours');
    if (result === 'live') throw new HttpError(409, 'conflict', 'Twilio says the call is still going on: hang up to end it');
    await appendAudit(app.infra.db, { actor: request.user!.username, action: 'call.ended_by_psychologist', subject: request.params.id });
    return reply.code(204).send();
  });

  // An access token for the browser softphone (Twilio Voice SDK): it may receive calls for this user only.
  const voiceToken = z.object({ identity: z.string(), token: z.string(), expiresInSeconds: z.number() });
  app.get('/api/voice/token', { preHandler: psychologist, schema: { response: { 200: voiceToken } } }, async (request) => {
    const { accountSid, apiKeySid, apiKeySecret } = app.appConfig.twilio;
    const identity = clientIdentity(request.user!.id);
    const token = new twilio.jwt.AccessToken(accountSid, apiKeySid, apiKeySecret, { identity, ttl: 3600 });
    token.addGrant(new twilio.jwt.AccessToken.VoiceGrant({ incomingAllow: true }));
    return { identity, token: token.toJwt(), expiresInSeconds: 3600 };
  });
};
