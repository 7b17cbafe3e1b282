// Danish and English labels for the follow-up codes of the API (src/modules/followups/vocabulary.ts, which the page
// cannot import: it is a module's own file). A code the server sends that is missing here is shown as it is.
import { T, type Text } from '../i18n.js';

export const SOURCE_LABELS: Record<string, Text> = {
  consent: T('Samtykke efter opkald', 'Consent after a call'),
  partner: T('Henvisning fra samarbejdspartner', 'Referral from a partner'),
  queue: T('Bad om opringning fra køen', 'Asked for a call back from the queue'),
};

export const STATUS_LABELS: Record<string, Text> = {
  open: T('Åben', 'Open'),
  closed: T('Afsluttet', 'Closed'),
};

/** The six attempt results, in the order the form offers them. */
export const ATTEMPT_RESULTS = ['no_answer', 'voicemail_left', 'reached_booked', 'reached_declined', 'wrong_number', 'do_not_contact'] as const;
export type AttemptResult = (typeof ATTEMPT_RESULTS)[number];

export const ATTEMPT_LABELS: Record<AttemptResult, Text> = {
  no_answer: T('Intet svar', 'No answer'),
  voicemail_left: T('Besked lagt på telefonsvarer', 'Voicemail left'),
  reached_booked: T('Talt med: tid aftalt', 'Reached: appointment booked'),
  reached_declined: T('Talt med: ønsker ikke forløb', 'Reached: declined'),
  wrong_number: T('Forkert nummer', 'Wrong number'),
  do_not_contact: T('Ønsker ikke at blive kontaktet', 'Do not contact'),
};

/** How a follow-up ended: an attempt result, too many unanswered attempts, or the retention deadline. */
export const RESULT_LABELS: Record<string, Text> = {
  ...ATTEMPT_LABELS,
  max_attempts: T('For mange forsøg uden svar', 'Too many attempts without an answer'),
  expired: T('Slettet ved opbevaringsfristen', 'Deleted at the retention deadline'),
};

export const SMS_LABELS: Record<string, Text> = {
  not_allowed: T('Ingen sms (ikke sikkert)', 'No SMS (not safe)'),
  pending: T('Sms venter (sendes inden for tidsrum)', 'SMS waiting (sent within the windows)'),
  sending: T('Sms sendes', 'SMS sending'),
  sent: T('Sms sendt', 'SMS sent'),
  delivered: T('Sms modtaget', 'SMS delivered'),
  not_possible: T('Sms ikke mulig', 'SMS not possible'),
  failed: T('Sms mislykkedes', 'SMS failed'),
  cancelled: T('Sms annulleret', 'SMS cancelled'),
};

export const FLAG_LABELS: Record<string, Text> = {
  sms_unknown: T('Tjek: uvist om sms’en blev sendt', 'Check: unknown whether the SMS went out'),
  sms_failed: T('Tjek: sms’en kunne ikke sendes', 'Check: the SMS could not be sent'),
  sms_not_possible: T('Sms ikke mulig til nummeret', 'SMS not possible to this number'),
};

export const label = (labels: Record<string, Text>, code: string | null | undefined): Text =>
  code ? (labels[code] ?? T(code, code)) : T('—', '—');
