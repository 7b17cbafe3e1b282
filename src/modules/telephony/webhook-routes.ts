import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { HttpError } from '../../infra/http-errors.js';
import type { CallFlow } from './call-flow.js';
import type { TwimlBuilder } from './twiml.js';
import { callerTokens, isValidSignature, keepAllowed, type CallerTokens, type WebhookParams } from './webhook-params.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The allowlisted Twilio parameters; the raw body (with the caller's number) is gone by the time a handler runs. */
    twilioParams?: WebhookParams;
    callerTokens?: CallerTokens;
  }
}

const uuid = z.uuid();
const callQuery = z.object({ call: uuid, user: uuid.optional(), via: z.enum(['phone', 'browser']).optional(), lang: z.string().max(2).optional() });

/**
 * Twilio's webhooks (docs/architecture.md, "Data flow of a call"). Every request must carry a valid X-Twilio-Signature over PUBLIC_URL + path + query
 * + params, else 403 with no detail. Right after the check the caller fields are dropped. A handler never answers
 * 5xx: Twilio would store the request's parameters — the caller's number among them — in its Monitor alerts.
 */
export async function registerTwilioWebhooks(app: FastifyInstance, flow: CallFlow, twiml: TwimlBuilder, keys: { blocklist: Buffer; callback: Buffer }): Promise<void> {
  const { authToken } = app.appConfig.twilio;
  const { publicUrl } = app.appConfig;

  await app.register(async (scope) => {
    // Browser security headers mean nothing to Twilio, and cost time on the hottest routes.
    // (@fastify/helmet reads `config.helmet` per request; its own onRoute hook has run before this scope's.)
    scope.addHook('onRoute', (route) => {
      route.config = { ...route.config, helmet: { skipRoute: true } } as typeof route.config;
    });
    scope.setErrorHandler((err, request, reply) => {
      const status = (err as { statusCode?: number }).statusCode ?? 500;
      // A body that cannot even be parsed cannot be verified either: treat it as unsigned.
      if (err instanceof HttpError || (status >= 400 && status < 500)) return reply.code(403).send({ error: 'forbidden', message: 'Forbidden' });
      request.log.error({ err }, 'webhook failed; the caller hears the apology');
      return reply.code(200).type('text/xml').send(twiml.apology(undefined));
    });

    scope.addHook('preHandler', async (request: FastifyRequest) => {
      const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, string>;
      const signature = request.headers['x-twilio-signature'];
      if (!isValidSignature(authToken, typeof signature === 'string' ? signature : undefined, publicUrl + request.url, body)) {
        throw new HttpError(403, 'forbidden', 'Forbidden');
      }
      request.twilioParams = keepAllowed(body);
      if (request.routeOptions.url === '/twilio/voice') request.callerTokens = callerTokens(body, keys);
      request.body = undefined; // the caller's number ends here
    });

    const xml = <T>(handler: (request: FastifyRequest, query: z.infer<typeof callQuery>) => Promise<T>, needsCall = true) =>
      async (request: FastifyRequest, reply: import('fastify').FastifyReply) => {
        const query = callQuery.safeParse(request.query);
        if (needsCall && !query.success) return reply.type('text/xml').send(twiml.hangup()); // not a URL we ever gave out
        return reply.type('text/xml').send(await handler(request, query.success ? query.data : ({} as z.infer<typeof callQuery>)));
      };

    scope.post('/twilio/voice', xml((r) => flow.incoming(r.twilioParams!, r.callerTokens!), false));
    scope.post('/twilio/language', xml((r, q) => flow.languageChosen(q.call, r.twilioParams!)));
    scope.post('/twilio/whisper', xml((_r, q) => (q.user ? flow.whisper(q.call, q.user, q.via) : Promise.resolve(twiml.hangup()))));
    scope.post('/twilio/whisper-accept', xml((r, q) => (q.user ? flow.whisperAccepted(q.call, q.user, r.twilioParams!) : Promise.resolve(twiml.hangup()))));
    scope.post('/twilio/dial-result', xml((r, q) => (q.user ? flow.dialResult(q.call, q.user, r.twilioParams!) : Promise.resolve(twiml.hangup()))));
    scope.post('/twilio/queue-wait', xml((r, q) => flow.queueWait(q.call, q.lang, r.twilioParams!)));
    scope.post('/twilio/queue-result', xml((r, q) => flow.queueResult(q.call, r.twilioParams!)));
    scope.post('/twilio/bridge', xml((_r, q) => flow.bridge(q.call)));
    scope.post('/twilio/callback-connect', xml((_r, q) => flow.callbackConnect(q.call)));
    scope.post('/twilio/callback-accept', xml((r, q) => flow.callbackAccepted(q.call, r.twilioParams!)));
    scope.post('/twilio/callback-whisper', xml(async (_r, q) => twiml.callbackWhisper(q.call, q.lang === 'en' ? 'en' : 'da')));
    scope.post('/twilio/callback-whisper-accept', xml((r, q) => flow.callbackWhisperAccepted(q.call, r.twilioParams!)));
    scope.post('/twilio/callback-status', async (request, reply) => {
      const query = callQuery.safeParse(request.query);
      if (query.success) await flow.callbackStatus(query.data.call, request.twilioParams!);
      return reply.code(204).send();
    });
    scope.post('/twilio/status', async (request, reply) => {
      await flow.statusCallback(request.twilioParams!);
      return reply.code(204).send();
    });
  });
}
