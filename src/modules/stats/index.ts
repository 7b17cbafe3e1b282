// The stats module's public face: supervisors' statistics with disclosure control (docs/architecture.md,
// "Statistics and disclosure control"). It owns the table `stats_month_snapshots`; it reads calls and follow-ups
// only through the aggregate queries their modules export.
export { statsPlugin, type StatsOptions } from './plugin.js';
export { StatsService, type StatsQuery, type StatsResult } from './service.js';
export { statsCsv } from './csv.js';
export { ProtectionPool } from './protection-pool.js';
export { clearSnapshots } from './snapshots.js';
