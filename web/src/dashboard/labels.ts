// Danish and English names of what the statistics count: the figures, the case-mix attributes and their values (by
// the codes of the API; a code without a label is shown as it is).
import { T, type Text } from '../i18n.js';
import {
  AGE_BAND_LABELS, BEHAVIOUR_LABELS, CALLER_TYPE_LABELS, DURATION_LABELS, ESCALATION_LABELS, FIELD_LABELS, GENDER_LABELS, LEGAL_STATUS_LABELS,
  MOTIVATION_LABELS, OUTCOME_LABELS, REFERRAL_LABELS, REGION_LABELS, RELATIONSHIP_LABELS, RISK_ANSWER_LABELS, RISK_FLAG_LABELS,
  STALKING_DURATION_LABELS, TRIAGE_LABELS,
} from '../labels.js';
import { RESULT_LABELS, SOURCE_LABELS } from '../followups/labels.js';

export const ATTRIBUTE_LABELS: Record<string, Text> = {
  callerType: T('Hvem ringer', 'Who is calling'),
  outcome: FIELD_LABELS.outcome,
  motivation: FIELD_LABELS.motivation,
  gender: FIELD_LABELS.gender,
  ageBand: FIELD_LABELS.ageBand,
  region: FIELD_LABELS.region,
  relationship: FIELD_LABELS.relationship,
  stalkingDuration: FIELD_LABELS.stalkingDuration,
  triage: T('Triage', 'Triage'),
  safetyPlan: FIELD_LABELS.safetyPlanMade,
  referrals: FIELD_LABELS.referrals,
  behaviours: FIELD_LABELS.behaviours,
  legalStatus: FIELD_LABELS.legalStatus,
  escalations: FIELD_LABELS.escalations,
  riskFlags: FIELD_LABELS.riskFlags,
};

const VALUE_LABELS: Record<string, Record<string, Text>> = {
  callerType: CALLER_TYPE_LABELS,
  outcome: OUTCOME_LABELS,
  motivation: MOTIVATION_LABELS,
  gender: GENDER_LABELS,
  ageBand: AGE_BAND_LABELS,
  region: REGION_LABELS,
  relationship: RELATIONSHIP_LABELS,
  stalkingDuration: STALKING_DURATION_LABELS,
  triage: TRIAGE_LABELS,
  safetyPlan: RISK_ANSWER_LABELS,
  referrals: REFERRAL_LABELS,
  behaviours: BEHAVIOUR_LABELS,
  legalStatus: LEGAL_STATUS_LABELS,
  escalations: ESCALATION_LABELS,
  riskFlags: RISK_FLAG_LABELS,
};

export const attributeLabel = (attribute: string): Text => ATTRIBUTE_LABELS[attribute] ?? T(attribute, attribute);
export const valueLabel = (attribute: string, value: string): Text => VALUE_LABELS[attribute]?.[value] ?? (value === 'unknown' ? RISK_ANSWER_LABELS.unknown : T(value, value));
export const answerLabel = (answer: 'yes' | 'no' | 'unknown'): Text => RISK_ANSWER_LABELS[answer];

export const durationLabel = (band: string): Text => DURATION_LABELS[band] ?? T(band, band);
export const QUEUE_BAND_LABELS: Record<string, Text> = {
  '<1': T('under 1 min', 'under 1 min'),
  '1-3': T('1–3 min', '1–3 min'),
  '3-5': T('3–5 min', '3–5 min'),
  '>5': T('over 5 min', 'over 5 min'),
};
export const queueBandLabel = (band: string): Text => QUEUE_BAND_LABELS[band] ?? T(band, band);
export const sourceLabel = (source: string): Text => SOURCE_LABELS[source] ?? T(source, source);
export const resultLabel = (result: string): Text => (result === 'open' ? T('Stadig åben', 'Still open') : (RESULT_LABELS[result] ?? T(result, result)));
