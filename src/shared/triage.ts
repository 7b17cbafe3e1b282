import { ACUTE_FLAGS, STALKING_FLAGS } from './vocabulary.js';
import type { Relationship, RiskAnswer, RiskFlag, Triage } from './vocabulary.js';

/** What the triage looks at: the risk flags and the relationship to the target (a saved outcome is one). */
export interface TriageInput {
  riskFlags?: Partial<Record<RiskFlag, RiskAnswer>> | undefined;
  relationship?: Relationship | undefined;
}

const HIGH_SELF_HARM: RiskFlag[] = ['cssrs_intent', 'cssrs_plan', 'cssrs_behaviour_recent'];
const HIGH_SEVERITY: RiskFlag[] = ['threats_to_kill', 'strangulation', 'weapon_access', 'violence_current_episode', 'order_breach', 'escalation'];

/**
 * The triage rules of DESIGN §4 (rules of thumb from C-SSRS, S-DASH, DASH and the Danger Assessment; clinical
 * sign-off pending). Only `yes` counts towards a level. Zod-free: the console runs the same rules for its live preview.
 */
export function computeTriage(outcome: TriageInput): Triage {
  const flags = outcome.riskFlags ?? {};
  const yes = (flag: RiskFlag) => flags[flag] === 'yes';
  if (ACUTE_FLAGS.some(yes)) return 'acute';
  if (HIGH_SELF_HARM.some(yes) || HIGH_SEVERITY.some(yes)) return 'high';
  if (outcome.relationship === 'ex_intimate' && yes('threats_of_violence')) return 'high';
  if (yes('cssrs_method') || STALKING_FLAGS.filter(yes).length >= 3) return 'moderate';
  // "Answered" means a yes or a no; a flag left at unknown was not assessed.
  return Object.values(flags).some((v) => v === 'yes' || v === 'no') ? 'low' : 'not_assessed';
}
