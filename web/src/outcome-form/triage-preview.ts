// The triage panel: the level the server's rules give for what is filled in so far, and the psychologist's own
// assessment instead, with a required reason (the server keeps both).
import { TRIAGE_LEVELS, type Triage } from '../../../src/shared/vocabulary.js';
import { h, uid } from '../dom.js';
import { T, tx } from '../i18n.js';
import { TRIAGE_LABELS } from '../labels.js';
import type { FieldSlots } from './field-slots.js';

export interface TriagePreview {
  element: HTMLElement;
  /** Shows the computed level, and the override's fields while the override is ticked. */
  update: (level: Triage, overriding: boolean) => void;
}

export function triagePreview(slots: FieldSlots): TriagePreview {
  const triageBadge = h('output', { class: 'triage-badge', 'aria-live': 'polite', 'data-level': 'not_assessed' });
  const overrideToggleId = uid('override');
  const overrideSelectId = uid('override-triage');
  const overrideReasonId = uid('override-reason');
  const overrideSelect = h('select', { id: overrideSelectId, name: 'overrideTriage' });
  for (const level of TRIAGE_LEVELS) overrideSelect.append(h('option', { value: level, text: TRIAGE_LABELS[level] }));
  const overrideReason = h('textarea', { id: overrideReasonId, name: 'overrideReason', rows: '2', maxlength: '500' });
  const overrideFields = h(
    'div',
    { class: 'override-fields', hidden: true },
    h('div', { class: 'field' }, h('label', { for: overrideSelectId, text: T('Din vurdering', 'Your assessment') }), overrideSelect),
    slots.register(
      'triageOverride.reason',
      h('div', { class: 'field' }, h('label', { for: overrideReasonId, text: T('Begrundelse (påkrævet)', 'Reason (required)') }), overrideReason),
      () => overrideReason.focus(),
      overrideReason,
    ),
  );
  const overrideToggle = h('input', { type: 'checkbox', id: overrideToggleId, name: 'override', value: 'yes' });
  const element = slots.register(
    'triageOverride',
    h(
      'div',
      { class: 'triage' },
      h('p', { class: 'triage-line' }, h('span', { text: T('Beregnet triage: ', 'Computed triage: ') }), triageBadge),
      h('p', { class: 'hint', text: T('Beregnes ud fra dine svar, mens du udfylder skemaet.', 'Worked out from your answers as you fill in the form.') }),
      h('div', { class: 'option' }, overrideToggle, h('label', { for: overrideToggleId, text: T('Jeg vurderer triagen anderledes', 'I assess the triage differently') })),
      overrideFields,
    ),
    () => overrideToggle.focus(),
  );
  return {
    element,
    update(level, overriding) {
      tx(triageBadge, TRIAGE_LABELS[level]);
      triageBadge.dataset.level = level;
      overrideFields.hidden = !overriding;
    },
  };
}
