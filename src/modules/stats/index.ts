// The stats module's public face: supervisors' statistics with disclosure control (docs/architecture.md,
// "Statistics and disclosure control"). It owns the tables `stats_month_snapshots` and `stats_protected_steps` and
// the queue `stats` (the nightly preparation); it reads calls and follow-ups only through the aggregate queries their
// modules export.
export { statsPlugin, type StatsOptions } from './plugin.js';
export { StatsService, type StatsQuery, type StatsResult } from './service.js';
export { statsCsv } from './csv.js';
export { ProtectionPool } from './protection-pool.js';
export { clearSnapshots } from './snapshots.js';
export { startStatsJobs as startJobs, STATS_QUEUE } from './stats-jobs.js';
