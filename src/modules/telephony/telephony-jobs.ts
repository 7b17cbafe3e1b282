import { createWorker } from '../../infra/queues.js';
import type { StartJobs } from '../../infra/module-jobs.js';
import { createTwilioClient } from '../../infra/twilio-client.js';
import { callLogDeletionProcessor, LOG_DELETION_QUEUE } from './call-log-deletion.js';

/** Telephony's background work: deleting Twilio's call logs after a call (jobs queued by the call flow). */
export const startTelephonyJobs: StartJobs = async ({ config, infra, logger }) => {
  const twilio = createTwilioClient({ accountSid: config.twilio.accountSid, authToken: config.twilio.authToken, apiBaseUrl: config.twilio.apiBaseUrl });
  const worker = createWorker(infra.redis, LOG_DELETION_QUEUE, callLogDeletionProcessor(twilio, logger));
  worker.on('error', (err) => logger.warn({ err }, 'log deletion worker error'));
  return { close: () => worker.close() };
};
