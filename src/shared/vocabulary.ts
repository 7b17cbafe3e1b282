// The anonymous outcome vocabulary of DESIGN §4: stable snake_case codes, shared by the server (validation, triage)
// and the psychologist's console (form, live triage preview). Pure, like all of src/shared: no Node APIs, no server
// imports, no dependencies, so the browser bundle can import it.
// Labels live in the console (da/en).

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

/** The flag groups in the order of DESIGN §4 (the console shows one fieldset per group). */
export const RISK_FLAG_GROUPS = {
  stalking: STALKING_FLAGS,
  severity: SEVERITY_FLAGS,
  self_harm: SELF_HARM_FLAGS,
  acute: ACUTE_FLAGS,
} as const;
export type RiskFlagGroup = keyof typeof RISK_FLAG_GROUPS;

/** A risk flag is answered yes or no; `unknown` means it was not assessed. */
export const RISK_ANSWERS = ['yes', 'no', 'unknown'] as const;
export type RiskAnswer = (typeof RISK_ANSWERS)[number];

export const TRIAGE_LEVELS = ['not_assessed', 'low', 'moderate', 'high', 'acute'] as const;
export type Triage = (typeof TRIAGE_LEVELS)[number];

export type CallerType = (typeof CALLER_TYPES)[number];
export type OutcomeCode = (typeof OUTCOMES)[number];
export type Referral = (typeof REFERRALS)[number];
export type Motivation = (typeof MOTIVATIONS)[number];
export type Gender = (typeof GENDERS)[number];
export type AgeBand = (typeof AGE_BANDS)[number];
export type Region = (typeof REGIONS)[number];
export type Relationship = (typeof RELATIONSHIPS)[number];
export type StalkingDuration = (typeof STALKING_DURATIONS)[number];
export type LegalStatus = (typeof LEGAL_STATUSES)[number];
export type Behaviour = (typeof BEHAVIOURS)[number];
export type Escalation = (typeof ESCALATIONS)[number];
