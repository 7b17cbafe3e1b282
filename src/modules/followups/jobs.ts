import { DelayedError, type Job, type Queue, type WorkerOptions } from 'bullmq';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config.js';
import type { Infrastructure } from '../../infra/infrastructure.js';
import { createQueue, createWorker } from '../../infra/queues.js';
import { createTwilioClient } from '../../infra/twilio-client.js';
import { eventsChannel } from '../telephony/index.js';
import { ContactKeys } from './contact-keys.js';
import { FollowupService } from './followup-service.js';
import { closeFollowup, escalateOverdue, getFollowup, pastRetention, pendingOutbox } from './followups-repository.js';
import { addConfirmJob, FOLLOWUPS_QUEUE, type FollowupJob } from './queue.js';
import { CodedError, sendConfirmation } from './sms.js';
import { addDays } from './working-days.js';
import { LineSettingsStore } from '../rota/index.js';

/** How often the sweep looks for what a lost job would miss: deadlines passed, SMS never sent. */
export const SWEEP_EVERY_MS = 5 * 60_000;

/** `followup.due` on the console channel: the follow-up's id and priority, never a person. */
export async function publishDue(service: FollowupService, prefix: string, followup: { id: string; priority: string }): Promise<void> {
  await service.deps.redis.publish(eventsChannel(prefix), JSON.stringify({ type: 'followup.due', followupId: followup.id, priority: followup.priority, at: new Date().toISOString() }));
}

/** The deadline passed: consoles are told, and supervisors see it as overdue. Exactly once per follow-up. */
export async function raiseDue(service: FollowupService, prefix: string, followupId?: string): Promise<number> {
  const raised = await escalateOverdue(service.deps.db, service.now(), followupId);
  for (const f of raised) await publishDue(service, prefix, f);
  return raised.length;
}

/**
 * What a lost job would miss, found from the database (the record): deadlines passed but not raised, and SMS still
 * pending without a job (a Redis that lost its data, a job added while Redis was away). Job ids make re-adding safe.
 */
export async function sweep(service: FollowupService, prefix: string): Promise<{ raised: number; requeued: number }> {
  const raised = await raiseDue(service, prefix);
  const pending = await pendingOutbox(service.deps.db, 5000);
  for (const id of pending) await addConfirmJob(service.deps.queue, id);
  return { raised, requeued: pending.length };
}

/**
 * Shreds every follow-up whose contact details are past `retention.contactDays` (created that many days ago or
 * earlier), whether or not yesterday's run happened: open ones close as `expired`.
 */
export async function purge(service: FollowupService): Promise<number> {
  const today = service.today();
  const cutoff = addDays(today, -service.deps.settings.retention.contactDays);
  let shredded = 0;
  for (const id of await pastRetention(service.deps.db, cutoff)) {
    await service.deps.db.transaction(async (tx) => {
      await closeFollowup(tx, id, 'expired', today);
    });
    shredded += 1;
  }
  return shredded;
}

export function followupProcessor(service: FollowupService, prefix: string, logger: Logger) {
  return async (job: Job<FollowupJob>, token?: string) => {
    try {
      switch (job.name) {
        case 'confirm':
          return await sendConfirmation(service, job, token);
        case 'due': {
          const row = await getFollowup(service.deps.db, job.data.followupId);
          if (row && row.status === 'open' && !row.escalated && row.dueAt > service.now() && token) {
            // Fired early (a moved deadline, a clock): wait for the deadline itself.
            await job.moveToDelayed(row.dueAt.getTime(), token);
            throw new DelayedError();
          }
          return { raised: await raiseDue(service, prefix, job.data.followupId) };
        }
        case 'sweep':
          return await sweep(service, prefix);
        case 'purge': {
          const shredded = await purge(service);
          logger.info({ shredded }, 'follow-ups past retention shredded');
          return { shredded };
        }
        default:
          throw new CodedError('unknown_job');
      }
    } catch (err) {
      const name = (err as { name?: string }).name;
      if (name === 'DelayedError' || name === 'UnrecoverableError' || err instanceof CodedError) throw err;
      // Whatever else failed (the database, Redis), BullMQ keeps only a code as the reason: no message, no stack.
      const code = (err as { code?: unknown }).code;
      throw new CodedError(typeof code === 'string' || typeof code === 'number' ? `error_${code}` : 'error');
    }
  };
}

export interface FollowupJobsOptions {
  /** Tests shorten the stall check so a killed worker's job is picked up in a second or two. */
  worker?: Partial<WorkerOptions>;
  now?: () => Date;
  /** How often the schedulers' presence in Redis is checked (tests shorten it). */
  schedulerCheckMs?: number;
}

/** The follow-ups' workers and schedulers: the SMS, deadlines, the sweep, and the daily purge (line's time zone). */
export async function startFollowupJobs(context: { config: AppConfig; infra: Infrastructure; logger: Logger }, options: FollowupJobsOptions = {}) {
  const { config, infra, logger } = context;
  const queue = createQueue(infra.redis, FOLLOWUPS_QUEUE);
  const service = new FollowupService({
    db: infra.db, redis: infra.redis.client, queue, keys: new ContactKeys(config.contactKey, config.previousContactKeys),
    settings: config.settings, publicUrl: config.publicUrl, lineNumber: config.lineNumber,
    twilio: createTwilioClient({ accountSid: config.twilio.accountSid, authToken: config.twilio.authToken, apiBaseUrl: config.twilio.apiBaseUrl }),
    logger, lineSettings: new LineSettingsStore(infra.db, infra.redis.client, config.settings),
    ...(options.now ? { now: options.now } : {}),
  });
  const schedule = async (q: Queue) => {
    await q.upsertJobScheduler('followups-sweep', { every: SWEEP_EVERY_MS }, { name: 'sweep', opts: { removeOnComplete: true, removeOnFail: { count: 20 } } });
    await q.upsertJobScheduler('followups-purge', { pattern: '0 45 3 * * *', tz: config.settings.timezone }, { name: 'purge', opts: { removeOnComplete: true, removeOnFail: { count: 20 } } });
  };
  await schedule(queue);
  // A Redis that restarted without its data has lost the schedulers too: each minute, put back what is missing.
  const watch = setInterval(() => {
    void (async () => {
      if (!(await queue.getJobScheduler('followups-sweep')) || !(await queue.getJobScheduler('followups-purge'))) {
        await schedule(queue);
        await queue.add('sweep', {}, { jobId: `sweep-restored-${Date.now()}`, removeOnComplete: true, removeOnFail: { count: 20 } });
        logger.warn('the follow-up schedulers were missing in Redis (lost data?): restored, and a sweep started');
      }
    })().catch(() => undefined); // Redis away: the next minute tries again
  }, options.schedulerCheckMs ?? 60_000);
  watch.unref();

  const worker = createWorker(infra.redis, FOLLOWUPS_QUEUE, followupProcessor(service, infra.redis.prefix, logger), { concurrency: 16, ...options.worker });
  worker.on('error', (err) => logger.warn({ err }, 'follow-up worker error'));
  worker.on('failed', (job, err) => logger.warn({ job: job?.name, reason: err.message }, 'follow-up job failed'));
  // The sweep also runs once at start: a worker that was down finds what it missed at once.
  await queue.add('sweep', {}, { jobId: `sweep-start-${Date.now()}`, removeOnComplete: true, removeOnFail: { count: 20 } });
  return {
    queue,
    service,
    close: async () => {
      clearInterval(watch);
      await worker.close();
      await queue.close();
    },
  };
}
