import twilio from 'twilio';
import { keyedHash, seal } from '../../infra/crypto.js';

/**
 * The Twilio parameters the service may keep: an allowlist. Everything else — From, Caller, FromCity, CallerName,
 * ForwardedFrom, StirVerstat and any field Twilio adds in future — is dropped at the edge (docs/architecture.md, "Anonymity rules", rule 1).
 */
const KEPT = [
  'CallSid', 'CallStatus', 'Direction', 'Digits', 'DialCallStatus', 'DialCallDuration', 'CallDuration',
  'SequenceNumber', 'QueuePosition', 'QueueTime', 'QueueResult', 'CurrentQueueSize', 'AvgQueueTime', 'AccountSid',
] as const;
export type WebhookParams = Partial<Record<(typeof KEPT)[number], string>>;

/** Withheld caller ids: ordinary calls, but no number to block or call back. */
const WITHHELD = new Set(['+266696687', '+7378742833', '+86282452253', '+2562533', '+8656696', 'anonymous', 'restricted', 'unavailable', 'unknown', 'private', '']);

export interface CallerTokens {
  /** Keyed hash of the number, for the block list; undefined when withheld. */
  blockHash: string | undefined;
  /** The number encrypted for the anonymous call-back; undefined when withheld. */
  sealedNumber: string | undefined;
}

export function isValidSignature(authToken: string, signature: string | undefined, url: string, body: Record<string, string>): boolean {
  if (!signature) return false;
  try {
    return twilio.validateRequest(authToken, signature, url, body);
  } catch {
    return false; // odd bodies (repeated keys, non-strings) are simply not valid
  }
}

export function keepAllowed(body: Record<string, unknown>): WebhookParams {
  const out: WebhookParams = {};
  for (const key of KEPT) {
    const value = body[key];
    if (typeof value === 'string' && value.length <= 64) out[key] = value;
  }
  return out;
}

/** What may be derived from the caller's number before it is dropped: a hash and a sealed copy, nothing readable. */
export function callerTokens(body: Record<string, unknown>, keys: { blocklist: Buffer; callback: Buffer }): CallerTokens {
  const raw = typeof body.From === 'string' ? body.From : typeof body.Caller === 'string' ? body.Caller : '';
  const number = raw.trim();
  if (WITHHELD.has(number.toLowerCase()) || !/^\+?\d{3,20}$/.test(number)) return { blockHash: undefined, sealedNumber: undefined };
  return { blockHash: keyedHash(keys.blocklist, number), sealedNumber: seal(keys.callback, number) };
}
