import { z } from 'zod';

// The anonymous outcome vocabulary of DESIGN §4: stable snake_case codes. Labels live in the console (da/en).

export const CALLER_TYPES = ['perpetrator_self', 'relative_or_friend', 'professional', 'victim_misdirected', 'silent_or_unclear', 'abusive_or_prank'] as const;
export const OUTCOMES = ['consented_to_followup', 'information_only', 'referred_elsewhere', 'will_call_again', 'emergency_escalated', 'dropped', 'out_of_scope'] as const;
export const REFERRALS = ['psychiatry', 'gp', 'addiction_services', 'municipality', 'police', 'victim_services', 'livslinien', 'other'] as const;
export const MOTIVATIONS = ['self_motivated', 'externally_prompted', 'ambivalent', 'not_motivated', 'unknown'] as const;
export const GENDERS = ['male', 'female', 'other', 'unknown'] as const;
export const AGE_BANDS = ['<25', '25-34', '35-44', '45-54', '55+', 'unknown'] as const;
export const REGIONS = ['capital', 'zealand', 'south', 'central', 'north', 'abroad', 'unknown'] as const;
export const RELATIONSHIPS = ['ex_intimate', 'intimate', 'acquaintance', 'work', 'online', 'family', 'stranger', 'unknown'] as const;
export const STALKING_DURATIONS = ['<2w', '2w-3m', '3m-1y', '1-2y', '>2y', 'unknown'] as const;
export const LEGAL_STATUSES = ['police_warning', 'restraining_order', 'charged', 'convicted', 'prison'] as const;
export const BEHAVIOURS = [
  'calls_sms', 'social_media', 'email', 'letters_material', 'showing_up', 'surveillance_following', 'electronic_surveillance',
  'reputation_damage', 'info_via_network', 'passing_on_info', 'unwanted_gifts', 'break_in', 'vandalism', 'forced_entry', 'physical_violence',
] as const;
export const ESCALATIONS = ['caller_advised_112', 'staff_called_112', 'supervisor_consulted', 'police_notified', 'child_protection_notified'] as const;

export const STALKING_FLAGS = [
  'prior_stalking_other_victims', 'property_damage', 'frequent_approaches', 'threats_of_violence', 'third_party_harassment',
  'violence_current_episode', 'enlisting_others', 'substance_use', 'violent_history',
] as const;
export const SEVERITY_FLAGS = ['threats_to_kill', 'strangulation', 'weapon_access', 'order_breach', 'escalation', 'children_shared_with_target', 'still_in_contact_with_target'] as const;
export const SELF_HARM_FLAGS = ['cssrs_wish_dead', 'cssrs_suicidal_thoughts', 'cssrs_method', 'cssrs_intent', 'cssrs_plan', 'cssrs_behaviour_recent', 'self_harm_history', 'threatened_self_harm'] as const;
export const ACUTE_FLAGS = ['intent_to_harm_target_now', 'at_target_location_now', 'attempt_in_progress'] as const;
export const RISK_FLAGS = [...STALKING_FLAGS, ...SEVERITY_FLAGS, ...SELF_HARM_FLAGS, ...ACUTE_FLAGS] as const;
export type RiskFlag = (typeof RISK_FLAGS)[number];

export const TRIAGE_LEVELS = ['not_assessed', 'low', 'moderate', 'high', 'acute'] as const;
export type Triage = (typeof TRIAGE_LEVELS)[number];

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
  riskFlags: z.partialRecord(z.enum(RISK_FLAGS), z.enum(['yes', 'no', 'unknown'])).optional(),
  safetyPlanMade: z.boolean().optional(),
  escalations: set(ESCALATIONS).optional(),
  /** The psychologist's own judgement, kept beside the computed triage, with the reason. */
  triageOverride: z.strictObject({ triage: z.enum(TRIAGE_LEVELS), reason: z.string().trim().min(3).max(500) }).optional(),
  /** Discouraged: never in statistics, shredded after retention.notesDays. */
  notes: z.string().max(2000).optional(),
});
export type Outcome = z.infer<typeof outcomeSchema>;
