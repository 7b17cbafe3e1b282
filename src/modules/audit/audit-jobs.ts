import type { Logger } from 'pino';
import type { Infrastructure } from '../../infra/infrastructure.js';
import { createQueue, createWorker } from '../../infra/queues.js';
import { verifyAuditChain } from './audit-log.js';

export const AUDIT_QUEUE = 'audit';

/** Every night the audit chain is recomputed; a broken chain fails the job and logs an error an operator will see. */
export async function startAuditJobs(infra: Infrastructure, logger: Logger, timezone: string) {
  const queue = createQueue(infra.redis, AUDIT_QUEUE);
  await queue.upsertJobScheduler('verify-nightly', { pattern: '0 30 3 * * *', tz: timezone }, { name: 'verify' });
  const worker = createWorker(infra.redis, AUDIT_QUEUE, async () => {
    const result = await verifyAuditChain(infra.db);
    if (!result.ok) {
      logger.error({ firstBad: result.firstBad }, 'audit log chain is broken');
      throw new Error(`audit chain broken at row ${result.firstBad?.seq}: ${result.firstBad?.problem}`);
    }
    logger.info({ rows: result.rows }, 'audit log chain verified');
    return result;
  }, { concurrency: 1 });
  worker.on('error', (err) => logger.warn({ err }, 'audit worker error'));
  return { queue, worker, close: async () => { await worker.close(); await queue.close(); } };
}
