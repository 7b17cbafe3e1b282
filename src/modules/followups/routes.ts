import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { deriveKey } from '../../infra/crypto.js';
import { FieldError, HttpError } from '../../infra/http-errors.js';
import { appendAudit } from '../audit/index.js';
import { requireRole } from '../auth/index.js';
import { FollowupError, type FollowupService, type LineCalendar } from './followup-service.js';
import { firstContactDates, listFollowups, summaryCounts, type FollowupRow } from './followups-repository.js';
import { claimRequest } from './idempotency.js';
import { addPartner, DuplicatePartnerError, listPartners, partnerForKey, revokePartner } from './partners.js';
import {
  attemptBody, attemptResponse, callResponse, createdResponse, createFollowupBody, idParams, listQuery, listResponse,
  partnerCreateBody, partnerCreated, partnerItem, referralBody, revealResponse, summaryResponse,
} from './schemas.js';
import { addDays, workingDaysBetween } from './working-days.js';

function errorFor(err: unknown): never {
  if (err instanceof FollowupError) {
    const status = { not_found: 404, closed: 409, no_phone: 409, voicemail_not_allowed: 400, twilio_failed: 503, withheld: 409 }[err.kind];
    const code = { not_found: 'not_found', closed: 'conflict', no_phone: 'conflict', voicemail_not_allowed: 'bad_request', twilio_failed: 'unavailable', withheld: 'conflict' }[err.kind];
    throw new HttpError(status, code, err.kind === 'voicemail_not_allowed' ? `Invalid body.result: ${err.message}` : err.message);
  }
  throw err;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The follow-up API (docs/architecture.md, "Follow-up contact"). Contact details leave only through GET /api/followups/{id}, audited. */
export function followupRoutes(service: FollowupService): FastifyPluginAsyncZod {
  return async (app) => {
    const psychologist = requireRole('psychologist');
    const figures = requireRole('supervisor', 'admin', 'psychologist');
    const admin = requireRole('admin');
    const requestHmacKey = deriveKey(app.appConfig.contactKey, 'followup-request');
    const { settings } = app.appConfig;

    const listed = (row: FollowupRow, now: Date, calendar: LineCalendar) => {
      const next = row.status === 'open' ? service.nextWindow(row, calendar, now) : undefined;
      return {
        id: row.id, status: row.status, source: row.source, priority: row.priority, language: row.language,
        createdOn: row.createdOn, dueDate: row.dueDate, dueAt: row.dueAt.toISOString(),
        overdue: row.status === 'open' && row.dueAt <= now, attempts: row.attempts, nextWindow: next ? next.toISOString() : null,
        sms: row.sms, flag: row.flag, result: row.result,
      };
    };

    // (1) The consent step of the outcome form.
    app.post('/api/followups', { preHandler: psychologist, schema: { body: createFollowupBody, response: { 201: createdResponse } } }, async (request, reply) => {
      const body = request.body;
      const claim = await claimRequest(app.infra.redis.client, requestHmacKey, `user:${request.user!.id}`, body);
      if (claim.repeat) return reply.code(201).send({ id: claim.id });
      try {
        await service.create({
          source: 'consent', priority: body.priority, language: body.language, windows: body.windows,
          smsAllowed: body.smsAllowed, voicemailAllowed: body.voicemailAllowed, consentVersion: settings.followup.consentVersion,
          contact: { phone: body.phone, name: body.name, phoneWithheld: false },
        }, claim.id, { actor: request.user!.username });
      } catch (err) {
        await claim.release();
        throw err;
      }
      return reply.code(201).send({ id: claim.id });
    });

    // (2) A partner agency's consent declaration, with its bearer key.
    app.post('/api/referrals', {
      // The key is checked before the body: an unauthenticated sender learns nothing about what would be accepted.
      onRequest: async (request) => {
        const header = request.headers.authorization ?? '';
        const match = /^Bearer\s+(\S+)$/i.exec(header);
        const partner = match?.[1] ? await partnerForKey(app.infra.db, match[1]) : undefined;
        if (!partner) throw new HttpError(401, 'unauthenticated', 'A valid partner key is required (Authorization: Bearer …)', { 'www-authenticate': 'Bearer' });
        request.partner = partner;
      },
      schema: { body: referralBody, response: { 201: createdResponse } },
    }, async (request, reply) => {
      const body = request.body;
      const partner = request.partner!;
      if (body.consentDate > service.today()) throw new HttpError(400, 'bad_request', 'Invalid body.consentDate: the date consent was given cannot be in the future');
      const claim = await claimRequest(app.infra.redis.client, requestHmacKey, `partner:${partner.id}`, body);
      if (claim.repeat) return reply.code(201).send({ id: claim.id });
      try {
        await service.create({
          source: 'partner', partnerId: partner.id, priority: 'not_assessed', language: body.language, windows: body.windows,
          smsAllowed: body.smsAllowed, voicemailAllowed: body.voicemailAllowed,
          consentVersion: body.consentVersion ?? 'partner-declaration', consentDate: body.consentDate,
          contact: { phone: body.phone, name: body.name, caseReference: body.caseReference, phoneWithheld: false },
        }, claim.id, { actor: `partner:${partner.name}` });
      } catch (err) {
        await claim.release();
        throw err;
      }
      return reply.code(201).send({ id: claim.id });
    });

    // Working the follow-ups (psychologists): the list never carries contact details.
    app.get('/api/followups', { preHandler: psychologist, schema: { querystring: listQuery, response: { 200: listResponse } } }, async (request) => {
      const now = service.now();
      const [rows, calendar] = await Promise.all([listFollowups(app.infra.db, { status: request.query.status, limit: 500 }), service.calendar()]);
      return rows.map((row) => listed(row, now, calendar));
    });

    // Supervisors' figures: counts only, never a person.
    app.get('/api/followups/summary', { preHandler: figures, schema: { response: { 200: summaryResponse } } }, async () => {
      const now = service.now();
      const today = service.today(now);
      const counts = await summaryCounts(app.infra.db, now, today);
      const [reached, { closures }] = await Promise.all([firstContactDates(app.infra.db, addDays(today, -90)), service.calendar()]);
      return {
        ...counts,
        medianWorkingDaysToFirstContact: median(reached.map((r) => workingDaysBetween(r.createdOn, r.firstContactOn, closures))),
        firstContacts: reached.length,
      };
    });

    app.get('/api/followups/:id', { preHandler: psychologist, schema: { params: idParams, response: { 200: revealResponse } } }, async (request) => {
      const revealed = await service.reveal(request.params.id, request.user!.username);
      if (!revealed) throw new HttpError(404, 'not_found', 'No such follow-up');
      const { row, contact, attempts } = revealed;
      if (row.status === 'closed' || !contact) return { id: row.id, status: 'closed' as const, result: row.result };
      const now = service.now();
      const next = service.nextWindow(row, await service.calendar(), now);
      return {
        id: row.id, status: 'open' as const, source: row.source, priority: row.priority, language: row.language,
        phone: contact.phoneWithheld ? null : contact.phone, phoneWithheld: contact.phoneWithheld,
        name: contact.name ?? null, caseReference: contact.caseReference ?? null, partner: row.partnerName,
        consentDate: row.consentDate, consentVersion: row.consentVersion, windows: row.windows,
        smsAllowed: row.smsAllowed, voicemailAllowed: row.voicemailAllowed, createdOn: row.createdOn, dueDate: row.dueDate,
        overdue: row.dueAt <= now, nextWindow: next ? next.toISOString() : null, sms: row.sms, flag: row.flag, attempts,
      };
    });

    app.post('/api/followups/:id/call', { preHandler: psychologist, schema: { params: idParams, response: { 202: callResponse } } }, async (request, reply) => {
      await service.callViaLine(request.params.id, request.user!).catch(errorFor);
      return reply.code(202).send({ status: 'dialing' as const });
    });

    app.post('/api/followups/:id/attempts', { preHandler: psychologist, schema: { params: idParams, body: attemptBody, response: { 200: attemptResponse } } }, async (request) => {
      const row = await service.recordAttempt(request.params.id, request.body.result, request.user!).catch(errorFor);
      return { id: row.id, status: row.status, attempts: row.attempts, result: row.result };
    });

    // Partner agencies and their keys (admins). The key is shown once, in the answer to its creation.
    app.get('/api/partners', { preHandler: admin, schema: { response: { 200: partnerItem.array() } } }, async () => listPartners(app.infra.db));

    app.post('/api/partners', { preHandler: admin, schema: { body: partnerCreateBody, response: { 201: partnerCreated } } }, async (request, reply) => {
      try {
        // The partner and its audit row commit together.
        const { partner, key } = await app.infra.db.transaction(async (tx) => {
          const added = await addPartner(tx, request.body.name, service.today());
          await appendAudit(tx, { actor: request.user!.username, action: 'partner.added', subject: added.partner.id, details: { name: added.partner.name } });
          return added;
        });
        return reply.code(201).send({ id: partner.id, name: partner.name, key });
      } catch (err) {
        // A 400 naming the field, as for a taken username: the admin area shows it next to the name.
        if (err instanceof DuplicatePartnerError) throw new FieldError(['body.name'], 'a partner with this name exists already');
        throw err;
      }
    });

    app.delete('/api/partners/:id', { preHandler: admin, schema: { params: idParams } }, async (request, reply) => {
      await app.infra.db.transaction(async (tx) => {
        const revoked = await revokePartner(tx, { id: request.params.id }, service.today());
        if (!revoked) throw new HttpError(404, 'not_found', 'No active partner with that id');
        await appendAudit(tx, { actor: request.user!.username, action: 'partner.revoked', subject: revoked.id, details: { name: revoked.name } });
      });
      return reply.code(204).send();
    });
  };
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The partner agency whose key authenticated a referral. */
    partner?: { id: string; name: string };
  }
}
