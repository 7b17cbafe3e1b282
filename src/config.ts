import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';

/** Thrown when the environment or the config file holds a bad value; the message names it. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +4512345678');
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be HH:MM (00:00 to 24:00)');
const dayHours = z.array(z.tuple([clock, clock]).refine(([from, to]) => from < to, 'a range must end after it starts'));

const promptSet = z.object({
  closed: z.string().min(1),
  greeting: z.string().min(1),
  connecting: z.string().min(1),
  apology: z.string().min(1),
  blocked: z.string().min(1),
  whisper: z.string().min(1),
  queue: z.string().min(1),
  callback: z.string().min(1),
  /** In the queue's wait loop: press 2 to be called back instead of waiting (said only when the number is known). */
  queueCallbackOffer: z.string().min(1),
  /** After the key press: the call-back is booked, the number is kept encrypted until then and deleted after. */
  queueCallbackConfirmed: z.string().min(1),
  /** The psychologist's side of "call via the line": press 1 to connect the follow-up call. */
  followupWhisper: z.string().min(1),
});

// The confirmation SMS may be read by someone else (a partner, a victim): it must not name the line or its subject.
const discreet = (what: string) => (text: string) => !/stalk|stop\s?lin|stoplin/i.test(text) || `${what} must not name the line or its subject`;
const discreetText = (what: string) => z.string().min(1).check((ctx) => {
  const verdict = discreet(what)(ctx.value);
  if (verdict !== true) ctx.issues.push({ code: 'custom', message: verdict, input: ctx.value });
});

export const settingsSchema = z.strictObject({
  timezone: z.string().refine(isKnownTimeZone, 'must be an IANA time zone such as Europe/Copenhagen'),
  openingHours: z.strictObject({
    mon: dayHours, tue: dayHours, wed: dayHours, thu: dayHours, fri: dayHours, sat: dayHours, sun: dayHours,
  }),
  closures: z.array(z.iso.date()),
  closeOnPublicHolidays: z.boolean(),
  emergencyNumbers: z.record(z.string(), z.string().min(1)),
  prompts: z.strictObject({ da: promptSet, en: promptSet }),
  routing: z.strictObject({
    dialTimeoutSeconds: z.int().min(5).max(60),
    maxQueueSeconds: z.int().min(10).max(1800),
    /** Calm hold audio played to queued callers (an https URL Twilio can fetch); empty: silence between announcements. */
    holdMusicUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]),
  }),
  followup: z.strictObject({
    deadlineWorkingDays: z.int().min(1).max(30),
    maxAttempts: z.int().min(1).max(20),
    /** Alphanumeric sender per language (at most 11 characters; Denmark allows them, one-way). */
    smsSender: z.strictObject({ da: discreetText('the SMS sender').pipe(z.string().max(11)), en: discreetText('the SMS sender').pipe(z.string().max(11)) }),
    smsText: z.strictObject({ da: discreetText('the SMS text'), en: discreetText('the SMS text') }),
    /** The version of the consent wording read to the caller (consent step, queue prompt); stored with each follow-up. */
    consentVersion: z.string().min(1).max(64),
  }),
  retention: z.strictObject({
    contactDays: z.int().min(1).max(3650),
    notesDays: z.int().min(1).max(3650),
  }),
  stats: z.strictObject({
    minCell: z.int().min(2).max(100),
    /** Days after a period ends before its case-mix is counted (outcomes saved late); then the counts are fixed. */
    settleDays: z.int().min(0).max(60).default(3),
  }),
  callback: z.strictObject({ windowMinutes: z.int().min(1).max(120) }),
  /**
   * The back-up duty (bagvagt) the console's emergency protocol tells the psychologist to call. Until admins set it
   * in the line settings, it may come from here; absent, the console says plainly that none is set.
   */
  backupDuty: z.strictObject({ name: z.string().trim().min(1).max(100), phone: z.string().trim().min(3).max(30) }).optional(),
  twilio: z.strictObject({ deleteCallLogs: z.boolean() }),
});
export type Settings = z.infer<typeof settingsSchema>;

const optionalText = z.string().trim().transform((v) => (v === '' ? undefined : v)).optional();

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  ALLOWED_ORIGINS: optionalText,
  DATABASE_URL: optionalText.pipe(
    z.string().refine(
      (v) => v === 'memory://' || v === 'embedded' || /^postgres(ql)?:\/\//.test(v),
      'must be postgres://…, memory:// or embedded',
    ).optional(),
  ),
  DATA_DIR: z.string().min(1).default('./data'),
  REDIS_URL: optionalText.pipe(z.url({ protocol: /^rediss?$/ }).optional()),
  REDIS_PREFIX: z.string().regex(/^[a-z0-9_-]+$/i, 'letters, digits, _ and - only').default('stopline'),
  TWILIO_ACCOUNT_SID: optionalText.pipe(z.string().regex(/^AC[0-9a-f]{32}$/i, 'must be AC followed by 32 hex digits').optional()),
  TWILIO_AUTH_TOKEN: optionalText.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  TWILIO_API_KEY_SID: optionalText.pipe(z.string().regex(/^SK[0-9a-f]{32}$/i, 'must be SK followed by 32 hex digits').optional()),
  TWILIO_API_KEY_SECRET: optionalText.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  TWILIO_API_BASE_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  LINE_NUMBER: optionalText.pipe(e164.optional()),
  CONTACT_KEY: optionalText.pipe(
    z.base64().refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded').optional(),
  ),
  // Earlier CONTACT_KEYs (comma-separated), still accepted to open follow-up data keys until `npm run keys:rotate`.
  CONTACT_KEY_PREVIOUS: optionalText.pipe(
    z.string().refine(
      (v) => v.split(',').every((k) => /^[A-Za-z0-9+/]+={0,2}$/.test(k.trim()) && Buffer.from(k.trim(), 'base64').length === 32),
      'must be comma-separated 32-byte keys, base64-encoded',
    ).optional(),
  ),
  TRUST_PROXY: optionalText.pipe(
    z.string().refine(isTrustProxy, 'a hop count (1) or proxy addresses/ranges (10.0.0.0/8,127.0.0.1, loopback)').optional(),
  ),
  CONFIG_FILE: optionalText,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type DatabaseChoice =
  | { kind: 'postgres'; url: string }
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'pglite-memory' };

export interface AppConfig {
  nodeEnv: 'development' | 'test' | 'production';
  port: number;
  host: string;
  publicUrl: string;
  /** Origins whose browsers may send state-changing requests: PUBLIC_URL's origin plus ALLOWED_ORIGINS. */
  allowedOrigins: string[];
  database: DatabaseChoice;
  dataDir: string;
  /** Unset: use a Redis on 127.0.0.1:6379 if one answers, else start a private one. */
  redisUrl: string | undefined;
  redisPrefix: string;
  twilio: {
    accountSid: string;
    authToken: string;
    /** API key for browser softphone access tokens (Twilio Voice SDK). */
    apiKeySid: string;
    apiKeySecret: string;
    apiBaseUrl: string | undefined;
  };
  lineNumber: string;
  contactKey: Buffer;
  /** Earlier contact keys (CONTACT_KEY_PREVIOUS): follow-up data keys wrapped by them still open until rotated. */
  previousContactKeys: Buffer[];
  logLevel: string;
  /** Which proxies' X-Forwarded-For to believe: false (none), a hop count, or their addresses. */
  trustProxy: false | number | string[];
  settings: Settings;
  /** Names of secrets that were missing and got development defaults (logged at start). */
  developmentDefaults: string[];
}

// Well-known, obviously fake values: usable on a laptop, refused in production.
export const DEV_DEFAULTS = {
  TWILIO_ACCOUNT_SID: 'AC00000000000000000000000000000000',
  TWILIO_AUTH_TOKEN: 'development-auth-token',
  TWILIO_API_KEY_SID: 'SK00000000000000000000000000000000',
  TWILIO_API_KEY_SECRET: 'development-api-key-secret',
  LINE_NUMBER: '+4500000000',
  CONTACT_KEY: Buffer.alloc(32, 7).toString('base64'),
} as const;

const DEFAULT_CONFIG_FILE = resolve(import.meta.dirname, '../config/default.json');

/** Reads and validates the environment and the config file. Throws ConfigError naming the bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(describeIssues(parsed.error, 'environment variable '));
  const e = parsed.data;

  const developmentDefaults: string[] = [];
  const secret = <K extends keyof typeof DEV_DEFAULTS>(name: K): string => {
    const value = e[name];
    if (value !== undefined) {
      if (e.NODE_ENV === 'production') refuseWeakSecret(name, value);
      return value;
    }
    if (e.NODE_ENV === 'production') throw new ConfigError(`environment variable ${name} is required in production`);
    developmentDefaults.push(name);
    return DEV_DEFAULTS[name];
  };

  const publicUrl = (e.PUBLIC_URL ?? `http://${e.HOST.includes(':') ? `[${e.HOST}]` : e.HOST}:${e.PORT}`).replace(/\/+$/, '');
  const allowedOrigins = [new URL(publicUrl).origin];
  for (const origin of (e.ALLOWED_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean)) {
    try {
      allowedOrigins.push(new URL(origin).origin);
    } catch {
      throw new ConfigError(`environment variable ALLOWED_ORIGINS: "${origin}" is not a URL`);
    }
  }

  const dataDir = resolve(e.DATA_DIR);
  let database: DatabaseChoice;
  if (e.DATABASE_URL === undefined) {
    if (e.NODE_ENV === 'production') {
      throw new ConfigError(
        'environment variable DATABASE_URL is required in production (the embedded store has no crash recovery); ' +
          'set DATABASE_URL=postgres://… or, to accept the risk, DATABASE_URL=embedded',
      );
    }
    database = { kind: 'pglite', dataDir };
  } else if (e.DATABASE_URL === 'embedded') database = { kind: 'pglite', dataDir };
  else if (e.DATABASE_URL === 'memory://') database = { kind: 'pglite-memory' };
  else database = { kind: 'postgres', url: e.DATABASE_URL };

  const twilio = {
    accountSid: secret('TWILIO_ACCOUNT_SID'),
    authToken: secret('TWILIO_AUTH_TOKEN'),
    apiKeySid: secret('TWILIO_API_KEY_SID'),
    apiKeySecret: secret('TWILIO_API_KEY_SECRET'),
    apiBaseUrl: e.TWILIO_API_BASE_URL,
  };
  const lineNumber = secret('LINE_NUMBER');
  const contactKey = Buffer.from(secret('CONTACT_KEY'), 'base64');
  // Twilio signs webhooks for the URL it was given, and session cookies must be Secure: production runs behind TLS.
  if (e.NODE_ENV === 'production') {
    if (e.PUBLIC_URL === undefined) throw new ConfigError('environment variable PUBLIC_URL is required in production (the https URL Twilio and browsers use)');
    if (!e.PUBLIC_URL.startsWith('https://')) throw new ConfigError('environment variable PUBLIC_URL must be an https:// URL in production');
  }

  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    allowedOrigins,
    database,
    dataDir,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    twilio,
    lineNumber,
    contactKey,
    previousContactKeys: (e.CONTACT_KEY_PREVIOUS ?? '').split(',').map((k) => k.trim()).filter(Boolean).map((k) => Buffer.from(k, 'base64')),
    logLevel: e.LOG_LEVEL,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    settings: loadSettings(e.CONFIG_FILE),
    developmentDefaults,
  };
}

/** config/default.json, with CONFIG_FILE (if set) merged over it: an operator writes only what differs. */
function loadSettings(configFile: string | undefined): Settings {
  let merged = readJson(DEFAULT_CONFIG_FILE, 'config/default.json');
  if (configFile !== undefined) merged = deepMerge(merged, readJson(resolve(configFile), `CONFIG_FILE (${configFile})`));
  const parsed = settingsSchema.safeParse(merged);
  if (!parsed.success) {
    const source = configFile === undefined ? 'config/default.json' : `CONFIG_FILE (${configFile}) merged over config/default.json`;
    throw new ConfigError(`${source}: ${describeIssues(parsed.error, 'key ')}`);
  }
  return parsed.data;
}

function readJson(path: string, label: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`${label} cannot be read: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${label} is not valid JSON: ${(err as Error).message}`);
  }
}

/**
 * In production a secret must not be the published development default (anyone could forge webhooks or open
 * sealed numbers with it) nor obviously weak: a token of a few repeated characters, a key of a few repeated bytes.
 */
function refuseWeakSecret(name: keyof typeof DEV_DEFAULTS, value: string): void {
  if (value === DEV_DEFAULTS[name]) {
    throw new ConfigError(`environment variable ${name} is the published development default: set a real value in production`);
  }
  // Random 32-byte keys have about 30 distinct bytes and random tokens well over 8 distinct characters.
  if (name === 'CONTACT_KEY' && new Set(Buffer.from(value, 'base64')).size < 16) {
    throw new ConfigError(`environment variable ${name} is weak (too few distinct bytes): use 32 random bytes (openssl rand -base64 32)`);
  }
  if ((name === 'TWILIO_AUTH_TOKEN' || name === 'TWILIO_API_KEY_SECRET') && new Set(value).size < 8) {
    throw new ConfigError(`environment variable ${name} is weak (too few distinct characters): use the value Twilio issued`);
  }
}

const TRUST_PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** What Fastify's trustProxy (proxy-addr) accepts: a hop count, or addresses, ranges and proxy-addr's names. */
function isTrustProxy(value: string): boolean {
  if (/^\d{1,2}$/.test(value)) return true;
  return value.split(',').every((raw) => {
    const entry = raw.trim();
    if (TRUST_PROXY_NAMES.has(entry)) return true;
    const [address, prefix, ...rest] = entry.split('/');
    if (rest.length > 0 || address === undefined) return false;
    const version = isIP(address);
    if (version === 0) return false;
    if (prefix === undefined) return true;
    if (/^\d{1,3}$/.test(prefix)) return Number(prefix) <= (version === 4 ? 32 : 128);
    return version === 4 && isIP(prefix) === 4; // a netmask, 255.255.0.0
  });
}

function parseTrustProxy(value: string | undefined): false | number | string[] {
  if (value === undefined) return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',').map((v) => v.trim());
}

function deepMerge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = key in base ? deepMerge(base[key], value) : value;
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describeIssues(error: z.ZodError, prefix: string): string {
  return error.issues
    .map((issue) => `${prefix}${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

function isKnownTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
