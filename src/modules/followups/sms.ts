import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { twilioErrorCode } from '../../infra/twilio-client.js';
import { readContact } from './contact-store.js';
import type { FollowupService } from './followup-service.js';
import { claimOutbox, getFollowup, reportDelivery, setFlag, settleOutbox } from './followups-repository.js';

/** Twilio errors at send that mean this number cannot take an SMS: not retried, the follow-up says "SMS not possible". */
export const PERMANENT_SMS_ERRORS = new Set([21211, 21408, 21610, 21612, 21614, 21635]);
/** Later, in the delivery report: the number cannot take SMS (unknown, landline). Other 300xx: failed. */
export const NOT_POSSIBLE_DELIVERY_ERRORS = new Set([30005, 30006]);

// Errors raised before the request reached Twilio: nothing was sent, a retry cannot send twice.
const NOT_SENT_NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** An error whose message is a code only: what BullMQ stores as a failed job's reason. */
export class CodedError extends Error {
  constructor(code: string) {
    super(code);
    this.name = 'CodedError';
    this.stack = `CodedError: ${code}`;
  }
}

export type ConfirmOutcome = 'sent' | 'not_allowed' | 'closed' | 'already_settled' | 'unknown_after_crash' | 'not_possible' | 'failed';

/**
 * The `confirm` job: one discreet SMS, at most once. The outbox row is claimed (pending → sending) before the send
 * and settled after; a row found in `sending` (a worker died mid-send, or the send timed out after it left) is
 * flagged for a person and never sent again automatically. Outside the person's windows the job waits.
 */
export async function sendConfirmation(service: FollowupService, job: Job<{ followupId: string }>, token: string | undefined): Promise<ConfirmOutcome> {
  const { db, settings, twilio, publicUrl, keys } = service.deps;
  const id = job.data.followupId;
  const row = await getFollowup(db, id);
  if (!row || row.sms === 'not_allowed') return 'not_allowed';
  if (row.sms === 'sending') {
    await setFlag(db, id, 'sms_unknown');
    return 'unknown_after_crash';
  }
  if (row.sms !== 'pending') return 'already_settled';
  if (row.status === 'closed') return 'closed';

  const now = service.now();
  const next = service.nextWindow(row, await service.calendar(), now);
  if (next && next.getTime() > now.getTime() + 1000 && token) {
    await job.moveToDelayed(next.getTime(), token);
    throw new DelayedError();
  }

  if (!(await claimOutbox(db, id))) return 'already_settled';
  const contact = await readContact(db, keys, id);
  if (!contact) {
    await settleOutbox(db, id, 'cancelled');
    return 'closed';
  }
  try {
    const message = await twilio.messages.create({
      to: contact.phone,
      from: settings.followup.smsSender[row.language],
      body: settings.followup.smsText[row.language],
      statusCallback: `${publicUrl}/twilio/sms-status`,
      // Message Redaction (when enabled on the account): Twilio keeps neither the number in full nor the text.
      addressRetention: 'obfuscate',
      contentRetention: 'discard',
    });
    await settleOutbox(db, id, 'sent', { messageSid: message.sid });
    return 'sent';
  } catch (err) {
    const code = twilioErrorCode(err);
    const status = (err as { status?: unknown }).status;
    const network = (err as { code?: unknown }).code;
    if (code !== undefined && PERMANENT_SMS_ERRORS.has(code)) {
      await settleOutbox(db, id, 'not_possible', { errorCode: code });
      await setFlag(db, id, 'sms_not_possible');
      return 'not_possible';
    }
    const transient = code === 20429 || (typeof status === 'number' && (status === 429 || status >= 500)) ||
      (typeof network === 'string' && NOT_SENT_NETWORK_CODES.has(network));
    if (transient) {
      const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (last) {
        await settleOutbox(db, id, 'failed', { errorCode: code ?? null });
        await setFlag(db, id, 'sms_failed');
        throw new UnrecoverableError(`twilio_${code ?? network ?? status}`);
      }
      await settleOutbox(db, id, 'pending');
      throw new CodedError(`twilio_${code ?? network ?? status}`);
    }
    if (code !== undefined) {
      // Any other Twilio refusal (a bad sender, the account): a person must look; retrying would not help.
      await settleOutbox(db, id, 'failed', { errorCode: code });
      await setFlag(db, id, 'sms_failed');
      return 'failed';
    }
    // No answer from Twilio (a timeout, a dropped connection): the message may have gone out. Leave the row in
    // `sending`, for a person to check; never send again on a guess.
    await setFlag(db, id, 'sms_unknown');
    return 'unknown_after_crash';
  }
}

/** A delivery report (the status callback of a sent SMS). */
export async function recordDeliveryReport(service: FollowupService, messageSid: string, status: string, errorCode: number | null): Promise<void> {
  const { db } = service.deps;
  if (status === 'delivered') {
    await reportDelivery(db, messageSid, 'delivered', null);
    return;
  }
  if (status !== 'failed' && status !== 'undelivered') return;
  const notPossible = errorCode !== null && NOT_POSSIBLE_DELIVERY_ERRORS.has(errorCode);
  const followupId = await reportDelivery(db, messageSid, notPossible ? 'not_possible' : 'failed', errorCode);
  if (followupId) await setFlag(db, followupId, notPossible ? 'sms_not_possible' : 'sms_failed');
}
