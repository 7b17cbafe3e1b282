import { z } from 'zod';
import { normalisePhone, PHONE_PROBLEM_MESSAGES } from './phone.js';
import { timeWindowsSchema } from './time-windows.js';
import { ATTEMPT_RESULTS, OUTBOX_STATUSES, PRIORITIES, SOURCES } from './vocabulary.js';

// The follow-up API's request and response shapes. Requests are strict: an unknown field is a 400 naming it.
// A bad phone number is named (`phone`) but never echoed.

export const phoneSchema = z.string().max(40).transform((value, ctx) => {
  const parsed = normalisePhone(value);
  if (parsed.ok) return parsed.e164;
  ctx.issues.push({ code: 'custom', message: PHONE_PROBLEM_MESSAGES[parsed.problem], input: '' });
  return z.NEVER;
});

const name = z.string().trim().min(1).max(60);
const language = z.enum(['da', 'en']);

/** The consent step of the outcome form (psychologists). */
export const createFollowupBody = z.strictObject({
  phone: phoneSchema,
  /** A first name or an alias: how the person wants to be greeted. */
  name: name.optional(),
  windows: timeWindowsSchema.default([]),
  smsAllowed: z.boolean(),
  voicemailAllowed: z.boolean().default(false),
  language: language.default('da'),
  /** Copied from the call's triage (never a reference to the call). */
  priority: z.enum(PRIORITIES).default('not_assessed'),
});

/** A partner agency's consent declaration. */
export const referralBody = z.strictObject({
  phone: phoneSchema,
  name: name.optional(),
  language: language.default('da'),
  consentDate: z.iso.date(),
  smsAllowed: z.boolean(),
  voicemailAllowed: z.boolean().default(false),
  caseReference: z.string().trim().min(1).max(60).optional(),
  windows: timeWindowsSchema.default([]),
  /** The version of the declaration form the person signed. */
  consentVersion: z.string().trim().min(1).max(64).optional(),
});

export const attemptBody = z.strictObject({ result: z.enum(ATTEMPT_RESULTS) });
export const idParams = z.strictObject({ id: z.uuid() });
export const listQuery = z.strictObject({ status: z.enum(['open', 'closed', 'all']).default('open') });

export const createdResponse = z.object({ id: z.uuid() });

const windowOut = z.object({ day: z.string(), from: z.string(), to: z.string() });
const smsState = z.enum([...OUTBOX_STATUSES, 'not_allowed']);

export const listItem = z.object({
  id: z.uuid(),
  status: z.enum(['open', 'closed']),
  source: z.enum(SOURCES),
  priority: z.enum(PRIORITIES),
  language,
  createdOn: z.string(),
  dueDate: z.string(),
  dueAt: z.string(),
  overdue: z.boolean(),
  attempts: z.int(),
  /** The next moment the person may be called (their windows, else the line's hours); null when closed. */
  nextWindow: z.string().nullable(),
  sms: smsState,
  /** Something a person must look at: sms_unknown (a send may or may not have gone out), sms_failed, sms_not_possible. */
  flag: z.string().nullable(),
  result: z.string().nullable(),
});
export const listResponse = z.array(listItem);

export const revealResponse = z.union([
  z.object({
    id: z.uuid(),
    status: z.literal('open'),
    source: z.enum(SOURCES),
    priority: z.enum(PRIORITIES),
    language,
    /** E.164; null for a queue call-back, whose number is never shown ("call via the line"). */
    phone: z.string().nullable(),
    phoneWithheld: z.boolean(),
    name: z.string().nullable(),
    caseReference: z.string().nullable(),
    partner: z.string().nullable(),
    consentDate: z.string().nullable(),
    consentVersion: z.string(),
    windows: z.array(windowOut),
    smsAllowed: z.boolean(),
    voicemailAllowed: z.boolean(),
    createdOn: z.string(),
    dueDate: z.string(),
    overdue: z.boolean(),
    nextWindow: z.string().nullable(),
    sms: smsState,
    flag: z.string().nullable(),
    attempts: z.array(z.object({ result: z.enum(ATTEMPT_RESULTS), madeOn: z.string() })),
  }),
  z.object({ id: z.uuid(), status: z.literal('closed'), result: z.string().nullable() }),
]);

export const attemptResponse = z.object({ id: z.uuid(), status: z.enum(['open', 'closed']), attempts: z.int(), result: z.string().nullable() });
export const callResponse = z.object({ status: z.literal('dialing') });

export const summaryResponse = z.object({
  open: z.int(),
  dueToday: z.int(),
  overdue: z.int(),
  /** Over follow-ups first reached in the last 90 days; null with none. */
  medianWorkingDaysToFirstContact: z.number().nullable(),
  firstContacts: z.int(),
});

export const partnerCreateBody = z.strictObject({ name: z.string().trim().min(1).max(120) });
export const partnerItem = z.object({ id: z.uuid(), name: z.string(), createdOn: z.string(), revokedOn: z.string().nullable() });
export const partnerCreated = z.object({ id: z.uuid(), name: z.string(), key: z.string() });
