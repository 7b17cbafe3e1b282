// The calls module's public face: the durable, anonymous call record. It owns the tables `calls` and `call_notes`
// and the Redis keys `outcome-grace:*`. Telephony creates and moves records through these functions; the console
// reads the calls awaiting an outcome.
import type { StartJobs } from '../../infra/module-jobs.js';
import { startNotesShredding } from './notes-shredding.js';

export { callsPlugin } from './plugin.js';
export {
  advanceCallStatus,
  callsAwaitingOutcome,
  insertCallRecord,
  markCallAnswered,
  setCallDuration,
  setCallLanguage,
  type AwaitingOutcome,
  type CallStatus,
  type NewCallRecord,
} from './calls-repository.js';
export { NOTES_QUEUE, startNotesShredding } from './notes-shredding.js';
// For the stats module: aggregates only, counted in SQL.
export {
  CASE_MIX_ATTRIBUTES, CASE_MIX_SETS, callHeatMap, caseMixCounts, firstCallDate, operationalCounts,
  type CaseMixAttribute, type CaseMixMonth, type CaseMixSet, type Granularity, type HeatMapCell, type OperationalRow,
} from './stats-queries.js';

export const startJobs: StartJobs = ({ infra, logger, config }) => startNotesShredding(infra, logger, config.settings);
