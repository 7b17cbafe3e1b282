// What the case-mix publishes (docs/architecture.md, "Statistics and disclosure control"): every outcome attribute
// alone, the set-valued ones member by member, each risk flag, and a fixed list of crossings. The list is fixed
// because disclosure control must see everything the API can serve for a period at once: were any pair servable on
// request, two requests for different pairs would together publish more than either was audited for.
import {
  AGE_BANDS, BEHAVIOURS, CALLER_TYPES, ESCALATIONS, GENDERS, LEGAL_STATUSES, MOTIVATIONS, OUTCOMES, REFERRALS, REGIONS, RELATIONSHIPS,
  RISK_FLAGS, STALKING_DURATIONS, TRIAGE_LEVELS,
} from '../../shared/vocabulary.js';
import type { CaseMixAttribute, CaseMixSet } from '../calls/index.js';

export const ATTRIBUTE_VALUES: Record<CaseMixAttribute, readonly string[]> = {
  callerType: CALLER_TYPES,
  outcome: OUTCOMES,
  motivation: MOTIVATIONS,
  gender: GENDERS,
  ageBand: AGE_BANDS,
  region: REGIONS,
  relationship: RELATIONSHIPS,
  stalkingDuration: STALKING_DURATIONS,
  triage: TRIAGE_LEVELS,
  safetyPlan: ['yes', 'no', 'unknown'],
};
export const ATTRIBUTES = Object.keys(ATTRIBUTE_VALUES) as CaseMixAttribute[];

export const SET_MEMBERS: Record<CaseMixSet, readonly string[]> = {
  referrals: REFERRALS,
  behaviours: BEHAVIOURS,
  legalStatus: LEGAL_STATUSES,
  escalations: ESCALATIONS,
};
export const SETS = Object.keys(SET_MEMBERS) as CaseMixSet[];

export const FLAGS: readonly string[] = RISK_FLAGS;
export const FLAG_ANSWERS = ['yes', 'no', 'unknown'] as const;

/** The crossings, for quarters and years (a month is too small to cross: nearly every cell would be hidden). */
export const CROSSINGS: ReadonlyArray<readonly [CaseMixAttribute, CaseMixAttribute]> = [
  ['callerType', 'outcome'],
  ['callerType', 'motivation'],
  ['triage', 'outcome'],
  ['gender', 'ageBand'],
  ['gender', 'relationship'],
];
export const crossingName = ([a, b]: readonly [string, string]) => `${a}×${b}`;
export const CROSSING_NAMES = CROSSINGS.map(crossingName);
