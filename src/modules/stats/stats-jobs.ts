import type { StartJobs } from '../../infra/module-jobs.js';
import { createQueue, createWorker } from '../../infra/queues.js';
import { localParts } from '../../infra/local-time.js';
import { ProtectionPool } from './protection-pool.js';
import { StatsService } from './service.js';

export const STATS_QUEUE = 'stats';

/**
 * Every night, and once when the worker starts, the months that have become readable are counted and their steps
 * protected and stored (StatsService.prepare), so the first report of a new month does not wait for that work.
 */
export const startStatsJobs: StartJobs = async ({ config, infra, logger }) => {
  const { settings } = config;
  const queue = createQueue(infra.redis, STATS_QUEUE, { removeOnComplete: 100, removeOnFail: 100 });
  await queue.upsertJobScheduler('prepare-nightly', { pattern: '0 45 3 * * *', tz: settings.timezone }, { name: 'prepare' });
  await queue.add('prepare', {});
  const worker = createWorker(infra.redis, STATS_QUEUE, async () => {
    // A worker thread of its own for the run, stopped after it, so nothing is held between nights.
    const protection = new ProtectionPool({ log: logger });
    try {
      const service = new StatsService({
        db: infra.db,
        minCell: settings.stats.minCell,
        settleDays: settings.stats.settleDays,
        today: () => localParts(new Date(), settings.timezone).date,
        closures: async () => [], // the case-mix only: closures matter to the follow-up figures, not read here
        protection,
      });
      const result = await service.prepare();
      logger.info(result, 'statistics: readable months counted and protected');
      return result;
    } finally {
      await protection.close();
    }
  }, { concurrency: 1 });
  worker.on('error', (err) => logger.warn({ err }, 'stats worker error'));
  return { close: async () => { await worker.close(); await queue.close(); } };
};
