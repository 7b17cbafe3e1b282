// The risk flags (docs/architecture.md, "Outcome vocabulary and triage"): each flag is one native radio group (yes /
// no / unknown: one tab stop, the arrow keys move between the answers), at unknown until the psychologist has asked.
// Only yes counts towards the triage (form-values.ts). The three acute questions come first in the form, on their
// own; the other groups fold.
import { RISK_ANSWERS, RISK_FLAG_GROUPS, type RiskFlag, type RiskFlagGroup } from '../../../src/shared/vocabulary.js';
import { h, uid } from '../dom.js';
import { T } from '../i18n.js';
import { RISK_ANSWER_LABELS, RISK_FLAG_GROUP_LABELS, RISK_FLAG_LABELS } from '../labels.js';
import type { FieldSlots } from './field-slots.js';
import { flagName } from './form-values.js';

function flagRow(slots: FieldSlots, flag: RiskFlag): HTMLElement {
  const fieldset = h('fieldset', { class: 'flag', role: 'radiogroup' }, h('legend', {}, RISK_FLAG_LABELS[flag]));
  const answers = h('div', { class: 'answers' });
  for (const answer of RISK_ANSWERS) {
    const id = uid(flag);
    answers.append(
      h(
        'span',
        { class: 'segment' },
        h('input', { type: 'radio', id, name: flagName(flag), value: answer, checked: answer === 'unknown', 'data-answer': answer }),
        h('label', { for: id, class: `answer answer-${answer}` }, RISK_ANSWER_LABELS[answer]),
      ),
    );
  }
  fieldset.append(answers);
  return slots.register(`riskFlags.${flag}`, fieldset, () => fieldset.querySelector<HTMLInputElement>('input:checked')?.focus());
}

export const FLAGS_HINT = T('Alle står på »Ved ikke«, til du har spurgt. Kun »Ja« tæller i triagen.', 'All stay at “Unknown” until you have asked. Only “Yes” counts towards the triage.');

/** The acute questions, asked first. */
export function acuteFlags(slots: FieldSlots): HTMLElement[] {
  return RISK_FLAG_GROUPS.acute.map((flag) => flagRow(slots, flag));
}

/** The other groups (stalking, severity, self-harm), one fieldset each. */
export function otherRiskFlags(slots: FieldSlots): HTMLElement[] {
  return (Object.entries(RISK_FLAG_GROUPS) as Array<[RiskFlagGroup, readonly RiskFlag[]]>)
    .filter(([group]) => group !== 'acute')
    .map(([group, flags]) =>
      h('fieldset', { class: `flag-group flag-group-${group}` }, h('legend', {}, RISK_FLAG_GROUP_LABELS[group]), ...flags.map((flag) => flagRow(slots, flag))),
    );
}
