import type { Logger } from 'pino';
import type { Settings } from '../../config.js';
import type { Infrastructure } from '../../infra/infrastructure.js';
import { createQueue, createWorker } from '../../infra/queues.js';
import { localParts } from '../../infra/local-time.js';
import { shredOldNotes } from './calls-repository.js';

export const NOTES_QUEUE = 'notes-shredding';

/** Every night, free-text notes older than retention.notesDays are deleted (docs/architecture.md, "Anonymity rules", rule 6). */
export async function startNotesShredding(infra: Infrastructure, logger: Logger, settings: Settings) {
  const queue = createQueue(infra.redis, NOTES_QUEUE);
  await queue.upsertJobScheduler('shred-nightly', { pattern: '0 15 4 * * *', tz: settings.timezone }, { name: 'shred' });
  const worker = createWorker(infra.redis, NOTES_QUEUE, async () => {
    const shredded = await shredOldNotes(infra.db, localParts(new Date(), settings.timezone).date, settings.retention.notesDays);
    logger.info({ shredded }, 'old call notes shredded');
    return { shredded };
  }, { concurrency: 1 });
  worker.on('error', (err) => logger.warn({ err }, 'notes worker error'));
  return { close: async () => { await worker.close(); await queue.close(); } };
}
