import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import { HttpError } from './http-errors.js';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Security headers, and the CSRF defence (docs/architecture.md, "Sessions and CSRF"): session cookies are
 * SameSite=Strict, and a state-changing request that says it comes from another origin (Origin, else Referer) is
 * refused. Twilio webhooks (signed) and partner referrals (Bearer key, no cookie) are not browser requests and are
 * exempt.
 */
export async function registerSecurity(app: FastifyInstance, allowedOrigins: string[]): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        // The console's browser softphone (Twilio Voice SDK, loaded only when a psychologist takes calls in the
        // browser) signals over wss://voice-js.<edge>.twilio.com, posts call-quality events to
        // https://eventgw[.<region>].twilio.com and fetches its ringtones from https://sdk.twilio.com (XHR, then
        // played with an <audio> element, or from a blob: URL of the remote stream on browsers without srcObject).
        // The console's own WebSocket is same-origin ('self' covers ws/wss to it).
        connectSrc: ["'self'", 'wss://*.twilio.com', 'https://*.twilio.com'],
        mediaSrc: ["'self'", 'https://sdk.twilio.com', 'blob:'],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // HSTS only makes sense behind TLS: sent when PUBLIC_URL is https (a year; subdomains are not ours to pin).
    hsts: app.appConfig.publicUrl.startsWith('https:') ? { maxAge: 365 * 24 * 60 * 60, includeSubDomains: false } : false,
    referrerPolicy: { policy: 'no-referrer' },
  });

  // No API answer is kept by a browser or proxy cache: the softphone token is a one-hour credential, and the rest
  // is personal (who is on call, calls awaiting an outcome). Errors included. (Callback-style hooks here and below:
  // they run on every request, the webhooks included, and an async hook costs a promise and a microtask each.)
  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    done(null, payload);
  });

  const allowed = new Set(allowedOrigins);
  app.addHook('onRequest', (request, _reply, done) => {
    if (!STATE_CHANGING.has(request.method)) return done();
    const path = request.url.split('?')[0] ?? '';
    if (path.startsWith('/twilio/')) return done();
    // The JSON API takes JSON only. Browsers send application/json cross-site only after a CORS preflight (which
    // is never granted), so a form or a text/plain fetch from another site cannot change anything even when the
    // request carries neither Origin nor Referer. A request without a body needs no type.
    if (path.startsWith('/api/')) {
      const type = request.headers['content-type'];
      const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
      if (!(type === undefined ? !hasBody : /^application\/json\s*(;|$)/i.test(type))) {
        return done(new HttpError(415, 'unsupported_media_type', 'This content type is not accepted: send application/json'));
      }
    }
    // CSRF. Partner referrals carry a Bearer key and no cookie: not a browser request.
    if (path === '/api/referrals') return done();
    const origin = request.headers.origin ?? originOf(request.headers.referer);
    // No Origin and no Referer: not a browser (curl, scripts); a browser would carry no SameSite=Strict cookie
    // on a cross-site request anyway.
    if (origin !== undefined && !allowed.has(origin)) return done(new HttpError(403, 'forbidden', 'Cross-origin request refused'));
    done();
  });
}

function originOf(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return 'null';
  }
}
