// The risk flags of DESIGN §4, one fieldset per group: each flag is a yes / no / unknown segment, at unknown until
// the psychologist has asked. Only yes counts towards the triage (form-values.ts).
import { RISK_ANSWERS, RISK_FLAG_GROUPS, type RiskFlag, type RiskFlagGroup } from '../../../src/shared/vocabulary.js';
import { h, uid } from '../dom.js';
import { T } from '../i18n.js';
import { FIELD_LABELS, RISK_ANSWER_LABELS, RISK_FLAG_GROUP_LABELS, RISK_FLAG_LABELS } from '../labels.js';
import { section } from './field-builders.js';
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

export function riskFlagsSection(slots: FieldSlots): HTMLElement {
  return section(
    FIELD_LABELS.riskFlags,
    h('p', { class: 'hint', text: T('Alle står på “Ved ikke”, til du har spurgt. Kun “Ja” tæller i triagen.', 'All stay at “Unknown” until you have asked. Only “Yes” counts towards the triage.') }),
    ...Object.entries(RISK_FLAG_GROUPS).map(([group, flags]) =>
      h(
        'fieldset',
        { class: `flag-group flag-group-${group}` },
        h('legend', {}, RISK_FLAG_GROUP_LABELS[group as RiskFlagGroup]),
        ...flags.map((flag) => flagRow(slots, flag)),
      ),
    ),
  );
}
