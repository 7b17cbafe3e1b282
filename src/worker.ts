import type { Logger } from 'pino';
import type { AppConfig } from './config.js';
import type { Infrastructure } from './infra/infrastructure.js';
import { startAuditJobs } from './modules/audit/audit-jobs.js';

export interface Workers {
  /** Waits for running jobs to finish, then stops. */
  close(): Promise<void>;
}

/** Starts every module's BullMQ workers and job schedulers. */
export async function startWorkers(config: AppConfig, infra: Infrastructure, logger: Logger): Promise<Workers> {
  const started = [await startAuditJobs(infra, logger.child({ module: 'audit' }), config.settings.timezone)];
  logger.info({ queues: started.length }, 'workers started');
  return {
    close: async () => {
      await Promise.all(started.map((s) => s.close()));
    },
  };
}
