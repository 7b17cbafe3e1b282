import type { Logger } from 'pino';
import type { AppConfig } from './config.js';
import type { Infrastructure } from './infra/infrastructure.js';
import type { RunningJobs, StartJobs } from './infra/module-jobs.js';
import { startJobs as auditJobs } from './modules/audit/index.js';
import { startJobs as callsJobs } from './modules/calls/index.js';
import { startJobs as followupsJobs } from './modules/followups/index.js';
import { startJobs as statsJobs } from './modules/stats/index.js';
import { startJobs as telephonyJobs } from './modules/telephony/index.js';

export interface Workers {
  /** Waits for running jobs to finish, then stops. */
  close(): Promise<void>;
}

/** The modules with background work, each with its own start function (its queues, workers and schedulers). */
const MODULE_JOBS: ReadonlyArray<[name: string, start: StartJobs]> = [
  ['audit', auditJobs],
  ['calls', callsJobs],
  ['followups', followupsJobs],
  ['stats', statsJobs],
  ['telephony', telephonyJobs],
];

/** Starts every module's BullMQ workers and job schedulers. */
export async function startWorkers(config: AppConfig, infra: Infrastructure, logger: Logger): Promise<Workers> {
  const started: RunningJobs[] = [];
  for (const [name, start] of MODULE_JOBS) started.push(await start({ config, infra, logger: logger.child({ module: name }) }));
  logger.info({ queues: started.length }, 'workers started');
  return {
    close: async () => {
      await Promise.all(started.map((s) => s.close()));
    },
  };
}
