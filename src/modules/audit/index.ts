// The audit module's public face: the append-only, hash-chained audit log and its nightly verification.
import type { StartJobs } from '../../infra/module-jobs.js';
import { startAuditJobs } from './audit-jobs.js';

export { appendAudit, appendAuditEntries, canonicalJson, verifyAuditChain, type AuditEntry, type AuditVerification } from './audit-log.js';
export { AUDIT_QUEUE, startAuditJobs } from './audit-jobs.js';

export const startJobs: StartJobs = ({ infra, logger, config }) => startAuditJobs(infra, logger, config.settings.timezone);
export { auditActions, readAudit, type AuditFilter, type AuditRow } from './audit-reading.js';
