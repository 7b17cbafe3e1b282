// The followups module's public face: follow-up contact (docs/architecture.md, "Follow-up contact"). It owns the tables `followups`,
// `followup_contacts`, `followup_outbox`, `followup_attempts` and `partners`, the Redis keys `followup-request:*`
// and `followup-call:*`, and the BullMQ queue `followups` (jobs confirm, due, sweep, purge).
import { startFollowupJobs } from './jobs.js';

export { followupsPlugin, type FollowupsOptions } from './plugin.js';
export { FOLLOWUPS_QUEUE } from './queue.js';
export { ContactKeys } from './contact-keys.js';
export { rewrapDataKeys } from './contact-store.js';
export { addPartner, DuplicatePartnerError, listPartners, revokePartner, type Partner } from './partners.js';
export { startFollowupJobs, type FollowupJobsOptions } from './jobs.js';
// For the stats module: aggregates only, counted in SQL.
export { FOLLOWUP_RESULTS, followupFigures, type FollowupFigures } from './stats-queries.js';
export { SOURCES as FOLLOWUP_SOURCES } from './vocabulary.js';

export const startJobs = (context: Parameters<typeof startFollowupJobs>[0]) => startFollowupJobs(context);
