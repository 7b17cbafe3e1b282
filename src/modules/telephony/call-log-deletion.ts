import { UnrecoverableError, type Job } from 'bullmq';
import type { Logger } from 'pino';
import type { Twilio } from 'twilio';
import { twilioErrorCode } from '../../infra/twilio-client.js';

export const LOG_DELETION_QUEUE = 'twilio-log-deletion';

/** Attempts and back-off for deleting a call's log at Twilio: 20009 (not final yet) is retried for about a day. */
export const LOG_DELETION_JOB_OPTIONS = { attempts: 12, backoff: { type: 'exponential', delay: 60_000 }, removeOnComplete: true, removeOnFail: 1000 } as const;

/**
 * Deletes Twilio's own record of a finished call, so the caller's number leaves the account's call logs
 * (Twilio itself still keeps it for its minimum retention). The job holds the CallSid and nothing else.
 */
export function callLogDeletionProcessor(twilio: Twilio, logger: Logger) {
  return async (job: Job<{ callSid: string }>) => {
    const { callSid } = job.data;
    if (!/^CA[0-9a-f]{32}$/i.test(callSid)) throw new UnrecoverableError('not a CallSid');
    try {
      await twilio.calls(callSid).remove();
      return 'deleted';
    } catch (err) {
      const code = twilioErrorCode(err);
      if (code === 20404) return 'already gone';
      if (code === 20009) logger.info({ attempt: job.attemptsMade + 1 }, 'Twilio says the call is not final yet; retrying later');
      throw err; // retried with back-off
    }
  };
}
