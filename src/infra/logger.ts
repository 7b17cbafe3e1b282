import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * Keys whose values never reach a log line, wherever they appear (at any depth, any letter case).
 * The caller fields come from Twilio's webhook parameters (docs/architecture.md, "Anonymity rules", rule 1); the
 * rest are secrets and contact details.
 */
const SENSITIVE_KEYS = new Set(
  [
    'from', 'caller', 'fromcity', 'fromstate', 'fromzip', 'fromcountry', 'callercity', 'callerstate', 'callerzip',
    'callercountry', 'callername', 'forwardedfrom', 'stirverstat', 'to', 'called', 'tocity', 'tostate', 'tozip',
    'tocountry', 'calledcity', 'calledstate', 'calledzip', 'calledcountry',
    'phone', 'phonenumber', 'number', 'name', 'contact', 'contactdetails',
    // Follow-up contact details (docs/architecture.md, "Follow-up contact") and the sealed values and keys that hold them.
    'alias', 'firstname', 'casereference', 'case_reference', 'sealed', 'wrappedkey', 'wrapped_key', 'datakey', 'partnerkey',
    'password', 'passwordhash', 'password_hash', 'token', 'authtoken', 'accesstoken', 'secret', 'apikey', 'authorization',
    'cookie', 'set-cookie', 'x-twilio-signature', 'body',
  ],
);

// A phone number written anywhere in a string: +4512345678, %2B4512345678 (form-encoded), or with spaces.
const PHONE_IN_TEXT = /(?:\+|%2B)\d[\d ()-]{5,18}\d/gi;

export const REDACTED = '[redacted]';

/** Returns a copy of a log argument with sensitive keys replaced and phone numbers masked in every string. */
export function scrubForLog(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(PHONE_IN_TEXT, '[number]');
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (value instanceof Error) {
    const out: Record<string, unknown> = {
      type: value.name,
      message: scrubForLog(value.message, depth + 1),
      stack: scrubForLog(value.stack, depth + 1),
    };
    const code = (value as { code?: unknown }).code;
    if (code !== undefined) out.code = code;
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => scrubForLog(v, depth + 1));
  if (Buffer.isBuffer(value)) return '[bytes]';
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = SENSITIVE_KEYS.has(key.toLowerCase()) ? REDACTED : scrubForLog(v, depth + 1);
  }
  return out;
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'stopline' },
      // Serializers run before hooks see the object; keep Fastify's request/response summaries small and clean.
      serializers: {
        req: (req: { method?: string; url?: string; id?: string }) => ({ method: req.method, url: scrubForLog(stripQuery(req.url)), id: req.id }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
        err: (err: unknown) => scrubForLog(err),
      },
      hooks: {
        // Every argument of every log call passes the scrubber: keys anywhere, numbers in any text.
        logMethod(args, method) {
          const cleaned = args.map(scrubLogArgument) as Parameters<typeof method>;
          method.apply(this, cleaned);
        },
      },
    },
    maskNumbersInLines(destination ?? pino.destination(1)),
  );
}

/**
 * The last line of defence: every finished log line has phone numbers masked before it is written, which also
 * covers what the hook above cannot see (bindings given to child loggers).
 */
function maskNumbersInLines(target: DestinationStream): DestinationStream {
  return { write: (line: string) => target.write(line.replace(PHONE_IN_TEXT, '[number]')) };
}

// Fastify's request and reply objects are left to the serializers above, which keep only safe fields.
function scrubLogArgument(arg: unknown): unknown {
  if (arg === null || typeof arg !== 'object' || arg instanceof Error || Array.isArray(arg)) return scrubForLog(arg);
  const { req, res, ...rest } = arg as Record<string, unknown>;
  const out = scrubForLog(rest) as Record<string, unknown>;
  if (req !== undefined) out.req = req;
  if (res !== undefined) out.res = res;
  return out;
}

// Query strings may carry tokens or numbers; the path is enough to find a request in the logs.
function stripQuery(url: string | undefined): string | undefined {
  return url?.split('?')[0];
}
