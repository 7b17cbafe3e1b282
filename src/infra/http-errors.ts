import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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

const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH']);

/**
 * PostgreSQL SQLSTATEs that mean the server cannot serve us right now, by class rather than a fixed list: 08
 * connection exception, 53 insufficient resources (too many connections, disk full, out of memory), 57P0x
 * shutdown / cannot connect now / database dropped / idle timeout, 55000 (e.g. connections not allowed), 58
 * system error outside PostgreSQL (I/O).
 */
const UNAVAILABLE_SQLSTATE = /^(08[0-9A-Z]{3}|53[0-9A-Z]{3}|57P0[0-9]|55000|58[0-9A-Z]{3})$/;

/** True for errors that mean "the database or Redis is briefly away", which the client may simply retry. */
export function isBackingServiceDown(err: unknown): boolean {
  const e = err as { code?: unknown; name?: unknown; message?: unknown };
  if (typeof e.code === 'string' && (UNAVAILABLE_CODES.has(e.code) || UNAVAILABLE_SQLSTATE.test(e.code))) return true;
  if (e.name === 'MaxRetriesPerRequestError') return true;
  const message = typeof e.message === 'string' ? e.message : '';
  return /enableOfflineQueue|Connection is closed|Stream isn't writeable|Connection terminated|not queryable|PGlite is closed/i.test(message);
}

const STATUS_CODES: Record<number, string> = {
  400: 'bad_request', 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found', 405: 'method_not_allowed',
  406: 'not_acceptable', 408: 'timeout', 409: 'conflict', 413: 'payload_too_large', 415: 'unsupported_media_type',
  429: 'too_many_requests',
};

const SAFE_MESSAGES: Record<number, string> = {
  400: 'The request is malformed',
  404: 'There is nothing at this address',
  405: 'This method is not allowed here',
  406: 'This response type is not available',
  408: 'The request took too long',
  413: 'The body is too large',
  415: 'This content type is not accepted: send application/json',
  429: 'Too many requests; try again in a moment',
};

/**
 * Errors Fastify raises before routing (a malformed URL, a too-long parameter): its own answer quotes the raw URL.
 * Passed as Fastify's `frameworkErrors` option.
 */
export function frameworkErrors(err: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400;
  void reply.code(status).send({ error: STATUS_CODES[status] ?? 'bad_request', message: SAFE_MESSAGES[status] ?? 'The request is malformed' });
}

/** Every error leaves as JSON `{"error","message"}`: never a stack trace, never a submitted value. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof FieldError) return reply.code(400).send({ error: err.code, message: err.message, fields: err.fields });
    if (err instanceof HttpError) {
      return reply.code(err.statusCode).headers(err.headers).send({ error: err.code, message: err.message });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      // Paths come from the schema's own keys, except where a submitted key is at fault: an unknown field's name
      // (which zod quotes in its message) is not repeated, only where it was.
      const fields = err.validation.map((v) => `${err.validationContext ?? 'body'}${v.instancePath.replaceAll('/', '.')}`.replace(/\.$/, ''));
      const details = err.validation.map((v, i) => `${fields[i]}: ${v.keyword === 'unrecognized_keys' ? 'unknown fields are not accepted' : v.message}`);
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
      // Fastify's own 4xx messages quote the request (a malformed URL, a content type): a fixed sentence instead.
      return reply.code(status).send({ error: STATUS_CODES[status] ?? 'bad_request', message: SAFE_MESSAGES[status] ?? 'The request was refused' });
    }
    request.log.error({ err }, 'request failed');
    return reply.code(500).send({ error: 'internal', message: 'Something went wrong on our side. It has been logged.' });
  });

  // The path is not repeated: it may hold a phone number, or be 15 kB long.
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'not_found', message: 'There is nothing at this address' }));
}
