import type { Logger } from 'pino';
import type { AppConfig } from './config.js';
import type { Infrastructure } from './infra/infrastructure.js';
import { createWorker } from './infra/queues.js';
import { createTwilioClient } from './infra/twilio-client.js';
import { startAuditJobs } from './modules/audit/audit-jobs.js';
import { startNotesShredding } from './modules/calls/notes-shredding.js';
import { startJobs as startFollowupJobs } from './modules/followups/index.js';
import { callLogDeletionProcessor, LOG_DELETION_QUEUE } from './modules/telephony/call-log-deletion.js';

export interface Workers {
  /** Waits for running jobs to finish, then stops. */
  close(): Promise<void>;
}

/** Starts every module's BullMQ workers and job schedulers. */
export async function startWorkers(config: AppConfig, infra: Infrastructure, logger: Logger): Promise<Workers> {
  const twilio = createTwilioClient({ accountSid: config.twilio.accountSid, authToken: config.twilio.authToken, apiBaseUrl: config.twilio.apiBaseUrl });
  const logDeletion = createWorker(infra.redis, LOG_DELETION_QUEUE, callLogDeletionProcessor(twilio, logger.child({ module: 'twilio-log-deletion' })));
  logDeletion.on('error', (err) => logger.warn({ err }, 'log deletion worker error'));
  const started = [
    await startAuditJobs(infra, logger.child({ module: 'audit' }), config.settings.timezone),
    await startNotesShredding(infra, logger.child({ module: 'notes' }), config.settings),
    { close: () => logDeletion.close() },
    await startFollowupJobs({ config, infra, logger: logger.child({ module: 'followups' }) }),
  ];
  logger.info({ queues: started.length }, 'workers started');
  return {
    close: async () => {
      await Promise.all(started.map((s) => s.close()));
    },
  };
}
