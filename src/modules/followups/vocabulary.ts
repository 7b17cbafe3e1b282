// The stable codes of a follow-up (snake_case, as in the API and the database).

export const SOURCES = ['consent', 'partner', 'queue'] as const;
export type Source = (typeof SOURCES)[number];

export const PRIORITIES = ['acute', 'high', 'moderate', 'low', 'not_assessed'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const ATTEMPT_RESULTS = ['no_answer', 'voicemail_left', 'reached_booked', 'reached_declined', 'wrong_number', 'do_not_contact'] as const;
export type AttemptResult = (typeof ATTEMPT_RESULTS)[number];

/** Results that close a follow-up at once (and shred its contact details). */
export const FINAL_RESULTS: ReadonlySet<AttemptResult> = new Set(['reached_booked', 'reached_declined', 'wrong_number', 'do_not_contact']);
export const REACHED: ReadonlySet<AttemptResult> = new Set(['reached_booked', 'reached_declined']);

/** How a follow-up ended: a final attempt result, too many unanswered attempts, or the retention deadline. */
export type ClosingResult = 'reached_booked' | 'reached_declined' | 'wrong_number' | 'do_not_contact' | 'max_attempts' | 'expired';

export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'delivered', 'not_possible', 'failed', 'cancelled'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];
/** What the list shows of the confirmation SMS. */
export type SmsState = OutboxStatus | 'not_allowed';

/** Codes a person must look at. */
export type Flag = 'sms_unknown' | 'sms_failed' | 'sms_not_possible';
