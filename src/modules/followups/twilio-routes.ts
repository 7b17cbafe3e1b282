import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import twilio from 'twilio';
import { z } from 'zod';
import { HttpError } from '../../infra/http-errors.js';
import { isValidSignature } from '../telephony/index.js';
import type { FollowupService } from './followup-service.js';
import { recordDeliveryReport } from './sms.js';

const { VoiceResponse } = twilio.twiml;
const VOICE_LANGUAGE = { da: 'da-DK', en: 'en-GB' } as const;

/** What the queue call-back needs from telephony: the waiting caller's number (opened only here) and language. */
export interface QueuedCallerNumbers {
  takeNumberForFollowup(callId: string): Promise<{ number: string; language: 'da' | 'en'; restore(): Promise<void> } | undefined>;
}

/** The SMS delivery report fields kept; everything else (To, From, Body, …) is dropped right after the signature check. */
const smsStatus = z.object({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-f]{32}$/i),
  MessageStatus: z.string().max(20),
  ErrorCode: z.string().regex(/^\d{1,6}$/).optional(),
});

/**
 * The follow-ups' Twilio webhooks, signed like every /twilio/* route (else 403 with no detail): the SMS delivery
 * report, the two steps of "call via the line", and the queue's "press 2 to be called back". They never answer 5xx:
 * Twilio would keep the request's parameters (numbers among them) in its alerts.
 */
export async function registerFollowupWebhooks(app: FastifyInstance, service: FollowupService, queued: () => QueuedCallerNumbers | undefined): Promise<void> {
  const { authToken } = app.appConfig.twilio;
  const { publicUrl, lineNumber, settings } = app.appConfig;

  await app.register(async (scope) => {
    scope.addHook('onRoute', (route) => {
      route.config = { ...route.config, helmet: { skipRoute: true } } as typeof route.config;
    });
    scope.addHook('preHandler', async (request: FastifyRequest) => {
      const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, string>;
      const signature = request.headers['x-twilio-signature'];
      if (!isValidSignature(authToken, typeof signature === 'string' ? signature : undefined, publicUrl + request.url, body)) {
        throw new HttpError(403, 'forbidden', 'Forbidden');
      }
      const fields: Record<string, string> = {};
      for (const key of ['Digits', 'MessageSid', 'MessageStatus', 'ErrorCode', 'CallStatus']) {
        if (typeof body[key] === 'string' && body[key].length <= 64) fields[key] = body[key];
      }
      (request as FastifyRequest & { twilioFields?: Record<string, string> }).twilioFields = fields;
      request.body = undefined; // numbers end here
    });
    scope.setErrorHandler((err, request, reply) => {
      const status = (err as { statusCode?: number }).statusCode ?? 500;
      if (err instanceof HttpError || (status >= 400 && status < 500)) return reply.code(403).send({ error: 'forbidden', message: 'Forbidden' });
      request.log.error({ err }, 'follow-up webhook failed');
      if (request.url.startsWith('/twilio/sms-status')) return reply.code(204).send();
      return reply.code(200).type('text/xml').send(hangup());
    });

    const paramsOf = (request: FastifyRequest) => (request as FastifyRequest & { twilioFields?: Record<string, string> }).twilioFields ?? {};
    const tokenOf = (request: FastifyRequest) => {
      const t = (request.query as Record<string, unknown>).t;
      return typeof t === 'string' ? t : '';
    };
    const xml = (reply: FastifyReply, body: string) => reply.type('text/xml').send(body);
    const url = (path: string, query: Record<string, string>) => `${publicUrl}/twilio/${path}?${new URLSearchParams(query).toString()}`;

    scope.post('/twilio/sms-status', async (request, reply) => {
      const parsed = smsStatus.safeParse(paramsOf(request));
      if (parsed.success) {
        await recordDeliveryReport(service, parsed.data.MessageSid, parsed.data.MessageStatus, parsed.data.ErrorCode === undefined ? null : Number(parsed.data.ErrorCode));
      }
      return reply.code(204).send();
    });

    // The psychologist picked up: a key press (a person, not their voicemail) before the person is dialled.
    scope.post('/twilio/followup-call', async (request, reply) => {
      const token = tokenOf(request);
      const language = await service.tokenLanguage(token);
      if (!language) return xml(reply, hangup());
      const r = new VoiceResponse();
      const gather = r.gather({ numDigits: 1, timeout: 8, action: url('followup-call-accept', { t: token }), method: 'POST' });
      gather.say({ language: VOICE_LANGUAGE[language] }, settings.prompts[language].followupWhisper);
      r.hangup();
      return xml(reply, r.toString());
    });

    // Pressed 1: dial the person from the line's number. The number is read now and goes only into this TwiML.
    scope.post('/twilio/followup-call-accept', async (request, reply) => {
      if (paramsOf(request).Digits !== '1') return xml(reply, hangup());
      const target = await service.lineCallTarget(tokenOf(request));
      if (!target) return xml(reply, hangup());
      const r = new VoiceResponse();
      r.dial({ callerId: lineNumber, timeout: settings.routing.dialTimeoutSeconds * 2, answerOnBridge: true }).number(target.phone);
      return xml(reply, r.toString());
    });

    // A caller in the queue pressed a key in the wait loop. 2: their sealed number moves into a follow-up.
    scope.post('/twilio/queue-callback', async (request, reply) => {
      const callId = z.uuid().safeParse((request.query as Record<string, unknown>).call);
      const telephony = queued();
      if (!callId.success || !telephony || paramsOf(request).Digits !== '2') return xml(reply, new VoiceResponse().toString());
      const taken = await telephony.takeNumberForFollowup(callId.data);
      if (!taken) return xml(reply, new VoiceResponse().toString()); // withheld or gone: back to waiting
      try {
        await service.create({
          source: 'queue', priority: 'not_assessed', language: taken.language, windows: [], smsAllowed: false, voicemailAllowed: false,
          consentVersion: settings.followup.consentVersion, contact: { phone: taken.number, phoneWithheld: true },
        });
      } catch (err) {
        await taken.restore();
        throw err;
      }
      const r = new VoiceResponse();
      r.say({ language: VOICE_LANGUAGE[taken.language] }, settings.prompts[taken.language].queueCallbackConfirmed);
      r.hangup();
      return xml(reply, r.toString());
    });
  });
}

function hangup(): string {
  const r = new VoiceResponse();
  r.hangup();
  return r.toString();
}
