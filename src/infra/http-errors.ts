import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

/** An error whose message may be shown to the client as it is. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** A 400 naming the fields at fault (`body.phone`), for the page to show the message next to each. */
export class FieldError extends HttpError {
  constructor(
    readonly fields: string[],
    message: string,
  ) {
    super(400, 'bad_request', `Invalid ${fields.join(', ')}: ${message}`);
  }
}

const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006']);

/** True for errors that mean "the database or Redis is briefly away", which the client may simply retry. */
export function isBackingServiceDown(err: unknown): boolean {
  const e = err as { code?: unknown; name?: unknown; message?: unknown };
  if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
  if (e.name === 'MaxRetriesPerRequestError') return true;
  const message = typeof e.message === 'string' ? e.message : '';
  return /enableOfflineQueue|Connection is closed|Stream isn't writeable|Connection terminated|not queryable|PGlite is closed/i.test(message);
}

const STATUS_CODES: Record<number, string> = {
  400: 'bad_request', 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found', 405: 'method_not_allowed',
  406: 'not_acceptable', 408: 'timeout', 409: 'conflict', 413: 'payload_too_large', 415: 'unsupported_media_type',
  429: 'too_many_requests',
};

/** Every error leaves as JSON `{"error","message"}`: never a stack trace, never a submitted value. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof FieldError) return reply.code(400).send({ error: err.code, message: err.message, fields: err.fields });
    if (err instanceof HttpError) {
      return reply.code(err.statusCode).headers(err.headers).send({ error: err.code, message: err.message });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const fields = err.validation.map((v) => `${err.validationContext ?? 'body'}${v.instancePath.replaceAll('/', '.')}`.replace(/\.$/, ''));
      const details = err.validation.map((v, i) => `${fields[i]}: ${v.message}`);
      return reply.code(400).send({ error: 'bad_request', message: `Invalid ${details.join('; ')}`, fields });
    }
    if (isBackingServiceDown(err)) {
      request.log.warn({ err }, 'backing service unavailable');
      return reply.code(503).header('retry-after', '5').send({
        error: 'unavailable',
        message: 'A backing service is briefly unavailable. Nothing was saved; please try again in a moment.',
      });
    }
    // PostgreSQL "data exception" (class 22): a value it cannot store, such as a NUL character in a text.
    if (typeof err.code === 'string' && /^22[0-9A-Z]{3}$/.test(err.code)) {
      return reply.code(400).send({ error: 'bad_request', message: 'A submitted value cannot be stored (it contains a character or number out of range)' });
    }
    // The JSON parser's message quotes part of the body: never echo what was submitted.
    if (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError) {
      return reply.code(400).send({ error: 'bad_request', message: 'The body is not valid JSON' });
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // Fastify's own 4xx (bad JSON, body too large, wrong content type) have safe, helpful messages.
      return reply.code(status).send({ error: STATUS_CODES[status] ?? 'bad_request', message: err.message });
    }
    request.log.error({ err }, 'request failed');
    return reply.code(500).send({ error: 'internal', message: 'Something went wrong on our side. It has been logged.' });
  });

  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` }),
  );
}
