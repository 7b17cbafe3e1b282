// What the outcome form's values mean, as pure functions of them (no DOM): the live triage, and the body the server
// takes. The values are the form as read by readForm (drafts.ts): one string per field, a list per checkbox set.
import { computeTriage } from '../../../src/shared/triage.js';
import { RELATIONSHIPS, RISK_FLAGS, type RiskAnswer, type RiskFlag, type Triage } from '../../../src/shared/vocabulary.js';
import type { Draft } from '../drafts.js';

const SINGLE_FIELDS = ['callerType', 'outcome', 'motivation', 'gender', 'ageBand', 'region', 'relationship', 'stalkingDuration'] as const;
const MULTI_FIELDS = ['referrals', 'legalStatus', 'behaviours', 'escalations'] as const;

/** The name of a risk flag's radio buttons (the server's field is `riskFlags.<flag>`). */
export const flagName = (flag: RiskFlag): string => `flag.${flag}`;

export const isOneOf = <T extends string>(codes: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (codes as readonly string[]).includes(value);

/** The risk flags answered yes or no (unknown is not sent). */
export function riskFlagsOf(values: Draft): Partial<Record<RiskFlag, RiskAnswer>> {
  const flags: Partial<Record<RiskFlag, RiskAnswer>> = {};
  for (const flag of RISK_FLAGS) {
    const v = values[flagName(flag)];
    if (v === 'yes' || v === 'no') flags[flag] = v;
  }
  return flags;
}

/** The triage the server will compute for these values: the same rules, run in the page. */
export function triageOf(values: Draft): Triage {
  const relationship = values.relationship;
  return computeTriage({ riskFlags: riskFlagsOf(values), relationship: isOneOf(RELATIONSHIPS, relationship) ? relationship : undefined });
}

/** The PUT /api/calls/:id/outcome body: only what was filled in. */
export function outcomeBody(values: Draft): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const name of SINGLE_FIELDS) {
    const v = values[name];
    if (typeof v === 'string' && v !== '') body[name] = v;
  }
  for (const name of MULTI_FIELDS) {
    const v = values[name];
    if (Array.isArray(v) && v.length > 0) body[name] = v;
  }
  const flags = riskFlagsOf(values);
  if (Object.keys(flags).length > 0) body.riskFlags = flags;
  if (values.safetyPlanMade === 'yes') body.safetyPlanMade = true;
  if (values.safetyPlanMade === 'no') body.safetyPlanMade = false;
  if (values.override === 'yes') {
    body.triageOverride = { triage: values.overrideTriage ?? '', reason: String(values.overrideReason ?? '').trim() };
  }
  const notes = String(values.notes ?? '').trim();
  if (notes) body.notes = notes;
  return body;
}

/** A saved outcome (GET /api/calls/:id/outcome) as the form's values, to correct it: the inverse of outcomeBody. */
export function outcomeToValues(saved: Record<string, unknown>): Draft {
  const values: Draft = {};
  for (const name of SINGLE_FIELDS) {
    const v = saved[name];
    if (typeof v === 'string') values[name] = v;
  }
  for (const name of MULTI_FIELDS) {
    const v = saved[name];
    values[name] = Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  }
  const flags = (saved.riskFlags ?? {}) as Record<string, unknown>;
  for (const flag of RISK_FLAGS) values[flagName(flag)] = flags[flag] === 'yes' || flags[flag] === 'no' ? flags[flag] : 'unknown';
  values.safetyPlanMade = saved.safetyPlanMade === true ? 'yes' : saved.safetyPlanMade === false ? 'no' : '';
  const override = saved.triageOverride as { triage?: unknown; reason?: unknown } | undefined;
  if (override && typeof override.triage === 'string') {
    values.override = 'yes';
    values.overrideTriage = override.triage;
    values.overrideReason = typeof override.reason === 'string' ? override.reason : '';
  }
  if (typeof saved.notes === 'string') values.notes = saved.notes;
  return values;
}

/** Whether an acute outcome is about to be saved with nothing done to avert the danger (a warning, not a block). */
export function acuteWithoutEscalation(values: Draft): boolean {
  const escalations = values.escalations;
  return triageOf(values) === 'acute' && !(Array.isArray(escalations) && escalations.length > 0);
}
