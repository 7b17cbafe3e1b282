import { z } from 'zod';
import {
  AGE_BANDS, BEHAVIOURS, CALLER_TYPES, ESCALATIONS, GENDERS, LEGAL_STATUSES, MOTIVATIONS, OUTCOMES, REFERRALS, REGIONS, RELATIONSHIPS,
  RISK_ANSWERS, RISK_FLAGS, STALKING_DURATIONS, TRIAGE_LEVELS,
} from '../../shared/vocabulary.js';

// The codes live in vocabulary.ts (zod-free, shared with the console); re-exported so existing imports keep working.
export * from '../../shared/vocabulary.js';

const set = <T extends readonly [string, ...string[]]>(codes: T) =>
  z.array(z.enum(codes)).max(codes.length).refine((a) => new Set(a).size === a.length, 'each code at most once');

export const outcomeSchema = z.strictObject({
  callerType: z.enum(CALLER_TYPES),
  outcome: z.enum(OUTCOMES),
  referrals: set(REFERRALS).optional(),
  motivation: z.enum(MOTIVATIONS).optional(),
  gender: z.enum(GENDERS).optional(),
  ageBand: z.enum(AGE_BANDS).optional(),
  region: z.enum(REGIONS).optional(),
  relationship: z.enum(RELATIONSHIPS).optional(),
  stalkingDuration: z.enum(STALKING_DURATIONS).optional(),
  legalStatus: set(LEGAL_STATUSES).optional(),
  behaviours: set(BEHAVIOURS).optional(),
  riskFlags: z.partialRecord(z.enum(RISK_FLAGS), z.enum(RISK_ANSWERS)).optional(),
  safetyPlanMade: z.boolean().optional(),
  escalations: set(ESCALATIONS).optional(),
  /** The psychologist's own judgement, kept beside the computed triage, with the reason. */
  triageOverride: z.strictObject({ triage: z.enum(TRIAGE_LEVELS), reason: z.string().trim().min(3).max(500) }).optional(),
  /** Discouraged: never in statistics, shredded after retention.notesDays. */
  notes: z.string().max(2000).optional(),
});
export type Outcome = z.infer<typeof outcomeSchema>;
