// The outcome form of one call (docs/architecture.md, "Outcome vocabulary and triage"): required caller type and outcome first, then the optional fields, the
// risk flags with a live triage preview (the server's own rules), the emergency protocol when it turns acute, and
// notes. Every change is kept as a draft in the browser until the outcome is saved. This file puts the parts
// together and wires their behaviour; each part is its own file beside it.
import {
  AGE_BANDS, BEHAVIOURS, CALLER_TYPES, ESCALATIONS, GENDERS, LEGAL_STATUSES, MOTIVATIONS, OUTCOMES, REFERRALS, REGIONS, RELATIONSHIPS,
  STALKING_DURATIONS,
} from '../../../src/shared/vocabulary.js';
import { h, uid } from '../dom.js';
import { readForm, type Draft } from '../drafts.js';
import { T, tx, type Text } from '../i18n.js';
import {
  AGE_BAND_LABELS, BEHAVIOUR_LABELS, CALLER_TYPE_LABELS, ESCALATION_LABELS, FIELD_LABELS, GENDER_LABELS, LEGAL_STATUS_LABELS, MOTIVATION_LABELS,
  OUTCOME_LABELS, REFERRAL_LABELS, REGION_LABELS, RELATIONSHIP_LABELS, STALKING_DURATION_LABELS,
} from '../labels.js';
import { emergencyProtocol } from './emergency-protocol.js';
import { consentStep } from './consent-step.js';
import { checkboxGroup, radioGroup, section, select, yesNoChoice } from './field-builders.js';
import { fieldSlots } from './field-slots.js';
import { keepDraft, restoreDraft, saveOutcome, type SavedOutcome } from './form-state.js';
import { triageOf } from './form-values.js';
import { notesField } from './notes-field.js';
import { riskFlagsSection } from './risk-flags.js';
import { triagePreview } from './triage-preview.js';
import { fieldsSummary, localErrors, saveFailure, serverFieldErrors, type FieldError } from './validation.js';

export type { SavedOutcome } from './form-state.js';

export interface OutcomeFormOptions {
  callId: string;
  /** What is known about the call (date, hour band, language, duration band). */
  summary: Text;
  onSaved: (result: SavedOutcome) => void;
  onClose: () => void;
}

export function outcomeForm(options: OutcomeFormOptions): { element: HTMLElement; focus: () => void } {
  const { callId } = options;
  const slots = fieldSlots();
  const titleId = uid('outcome-title');

  const triage = triagePreview(slots);
  const notes = notesField(slots);
  // Follow-up contact (consent-step.ts): its fields live in the form but not in its draft; saved after the outcome.
  const consent = consentStep();
  const saveButton = h('button', { type: 'submit', class: 'button primary', text: T('Gem udfald', 'Save outcome') });
  const closeButton = h('button', { type: 'button', class: 'button', text: T('Luk (kladden gemmes)', 'Close (the draft is kept)') });
  const formStatus = h('div', { class: 'form-status', role: 'status', 'aria-live': 'polite' });
  const formAlert = h('div', { class: 'form-alert', role: 'alert' });
  const draftStatus = h('p', { class: 'hint draft-status' });

  const form = h(
    'form',
    { class: 'outcome-form', novalidate: true, 'aria-labelledby': titleId, 'data-call-id': callId },
    section(
      T('Samtalen', 'The call'),
      h('div', { class: 'two-columns' },
        radioGroup(slots, 'callerType', FIELD_LABELS.callerType, CALLER_TYPES, CALLER_TYPE_LABELS, { required: true }),
        radioGroup(slots, 'outcome', FIELD_LABELS.outcome, OUTCOMES, OUTCOME_LABELS, { required: true })),
      checkboxGroup(slots, 'referrals', FIELD_LABELS.referrals, REFERRALS, REFERRAL_LABELS),
      h('div', { class: 'grid' }, select(slots, 'motivation', FIELD_LABELS.motivation, MOTIVATIONS, MOTIVATION_LABELS)),
    ),
    section(
      T('Om opkalder og forløbet', 'About the caller and the stalking'),
      h('div', { class: 'grid' },
        select(slots, 'gender', FIELD_LABELS.gender, GENDERS, GENDER_LABELS),
        select(slots, 'ageBand', FIELD_LABELS.ageBand, AGE_BANDS, AGE_BAND_LABELS),
        select(slots, 'region', FIELD_LABELS.region, REGIONS, REGION_LABELS),
        select(slots, 'relationship', FIELD_LABELS.relationship, RELATIONSHIPS, RELATIONSHIP_LABELS),
        select(slots, 'stalkingDuration', FIELD_LABELS.stalkingDuration, STALKING_DURATIONS, STALKING_DURATION_LABELS)),
      checkboxGroup(slots, 'legalStatus', FIELD_LABELS.legalStatus, LEGAL_STATUSES, LEGAL_STATUS_LABELS),
      checkboxGroup(slots, 'behaviours', FIELD_LABELS.behaviours, BEHAVIOURS, BEHAVIOUR_LABELS),
    ),
    riskFlagsSection(slots),
    section(
      T('Sikkerhed og eskalering', 'Safety and escalation'),
      yesNoChoice(slots, 'safetyPlanMade', FIELD_LABELS.safetyPlanMade),
      checkboxGroup(slots, 'escalations', FIELD_LABELS.escalations, ESCALATIONS, ESCALATION_LABELS),
    ),
    section(T('Triage', 'Triage'), triage.element),
    section(T('Fritekst', 'Free text'), notes.element),
    consent.element,
    h('div', { class: 'form-actions' }, saveButton, closeButton, draftStatus),
    formAlert,
    formStatus,
  );

  // Acknowledged, the protocol hands the focus back to the flag that made the triage acute.
  const emergency = emergencyProtocol(() => form.querySelector<HTMLInputElement>('input[name^="flag."][value="yes"]:checked')?.focus());

  const element = h(
    'article',
    { class: 'panel outcome', 'aria-labelledby': titleId },
    h('header', { class: 'panel-header' },
      h('h2', { id: titleId, text: T('Udfald af opkaldet', 'Outcome of the call') }),
      h('p', { class: 'call-meta', text: options.summary })),
    emergency.element,
    form,
    consent.owner,
  );

  // --- behaviour ----------------------------------------------------------------------------------------------------

  function refresh(values: Draft) {
    const level = triageOf(values);
    triage.update(level, values.override === 'yes');
    notes.update(String(values.notes ?? ''));
    emergency.update(level === 'acute');
    consent.update(values.outcome);
  }

  function showErrors(errors: FieldError[]) {
    const focusFirst = slots.mark(errors);
    tx(formAlert, fieldsSummary(errors.length));
    focusFirst?.();
  }

  function persist() {
    const { values, status } = keepDraft(callId, form);
    refresh(values);
    tx(draftStatus, status);
  }

  form.addEventListener('input', persist);
  form.addEventListener('change', persist);
  closeButton.addEventListener('click', () => {
    persist();
    options.onClose();
  });

  let saving = false;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (saving) return;
    slots.clear();
    tx(formAlert, '');
    tx(formStatus, '');
    const values = readForm(form);
    const local = localErrors(values);
    if (local.length) return showErrors(local);
    if (!consent.check()) return;
    saving = true;
    saveButton.disabled = true;
    tx(formStatus, T('Gemmer…', 'Saving…'));
    saveOutcome(callId, values).then((result) => consent.afterOutcome(result.triage).then(() => options.onSaved(result)), (err: unknown) => {
      saving = false;
      saveButton.disabled = false;
      tx(formStatus, '');
      const fields = serverFieldErrors(err);
      if (fields) showErrors(fields);
      else tx(formAlert, saveFailure(err));
    });
  });

  const restored = restoreDraft(callId, form);
  if (restored) tx(draftStatus, restored);
  refresh(readForm(form));

  return {
    element,
    focus: () => {
      if (emergency.shown()) emergency.element.focus();
      else form.querySelector<HTMLInputElement>('input[name="callerType"]:checked, input[name="callerType"]')?.focus();
    },
  };
}
