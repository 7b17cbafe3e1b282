import type { Logger } from 'pino';
import type { AppConfig } from '../config.js';
import type { Infrastructure } from './infrastructure.js';

/** What a module's job start function gets: the worker process's configuration, stores and logger. */
export interface JobContext {
  config: AppConfig;
  infra: Infrastructure;
  /** Already a child logger named after the module. */
  logger: Logger;
}

export interface RunningJobs {
  /** Waits for running jobs to finish, then stops the module's workers and queues. */
  close(): Promise<void>;
}

/** Each module with background work exports one of these as `startJobs` from its index.ts; src/worker.ts lists them. */
export type StartJobs = (context: JobContext) => Promise<RunningJobs>;
