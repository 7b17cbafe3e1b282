import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

// Phone numbers as people write them ("20 12 34 56", "+45 20123456", "0045…"), parsed with Google's metadata
// (libphonenumber-js, the `max` set, which knows number types) and kept in E.164 only.

export type PhoneProblem = 'invalid' | 'toll_free' | 'premium_rate';

export const PHONE_PROBLEM_MESSAGES: Record<PhoneProblem, string> = {
  invalid: 'is not a valid phone number (Danish numbers have 8 digits; others need their country code, e.g. +46…)',
  toll_free: 'is a toll-free number, which cannot be called back or sent an SMS',
  premium_rate: 'is a premium-rate number, which the line does not call',
};

/** E.164 (`+4520123456`), or what is wrong with the input. Danish is assumed when there is no country code. */
export function normalisePhone(input: string): { ok: true; e164: string } | { ok: false; problem: PhoneProblem } {
  const trimmed = input.trim().replace(/^00/, '+');
  if (trimmed.length > 32 || !/^[+\d][\d\s().-]*$/.test(trimmed)) return { ok: false, problem: 'invalid' };
  const parsed = parsePhoneNumberFromString(trimmed, 'DK');
  if (!parsed?.isValid()) return { ok: false, problem: 'invalid' };
  const type = parsed.getType();
  if (type === 'TOLL_FREE') return { ok: false, problem: 'toll_free' };
  if (type === 'PREMIUM_RATE') return { ok: false, problem: 'premium_rate' };
  return { ok: true, e164: parsed.number };
}
