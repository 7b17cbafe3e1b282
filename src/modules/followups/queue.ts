import type { JobsOptions, Queue } from 'bullmq';

/**
 * The follow-up queue. Jobs carry the follow-up's id and nothing else; completed jobs are removed at once, failed
 * ones kept briefly (count-limited) with an error code as their reason (never Twilio's message, which quotes the
 * number). Job ids are derived from the follow-up, so a job added twice (an API retry, the sweep) exists once.
 */
export const FOLLOWUPS_QUEUE = 'followups';

export interface FollowupJob {
  followupId: string;
}

export type FollowupJobName = 'confirm' | 'due' | 'sweep' | 'purge';

const BASE: JobsOptions = { removeOnComplete: true, removeOnFail: { count: 200 }, stackTraceLimit: 0 };

/** The SMS: transient Twilio failures retried with exponential back-off (2 s, 4 s, … about 8 minutes in all). */
export const CONFIRM_JOB_OPTIONS: JobsOptions = { ...BASE, attempts: 8, backoff: { type: 'exponential', delay: 2000 } };
export const DUE_JOB_OPTIONS: JobsOptions = { ...BASE, attempts: 5, backoff: { type: 'exponential', delay: 5000 } };

export const confirmJobId = (followupId: string) => `confirm-${followupId}`;
export const dueJobId = (followupId: string) => `due-${followupId}`;

export async function addConfirmJob(queue: Queue, followupId: string): Promise<void> {
  await queue.add('confirm', { followupId } satisfies FollowupJob, { ...CONFIRM_JOB_OPTIONS, jobId: confirmJobId(followupId) });
}

export async function addDueJob(queue: Queue, followupId: string, dueAt: Date, now: Date): Promise<void> {
  await queue.add('due', { followupId } satisfies FollowupJob, { ...DUE_JOB_OPTIONS, jobId: dueJobId(followupId), delay: Math.max(0, dueAt.getTime() - now.getTime()) });
}
