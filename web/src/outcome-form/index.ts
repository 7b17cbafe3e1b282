// The outcome form of one call (docs/architecture.md, "Outcome vocabulary and triage"): the three acute questions
// first, with the emergency protocol right below them when the triage turns acute; then the two required fields;
// then the rest in parts that fold; the live triage preview (the server's own rules) and notes. Every change is kept
// as a draft in the browser until the outcome is saved. A saved outcome can be opened again to correct it while the
// grace period lasts. This file puts the parts together and wires their behaviour; each part is its own file beside it.
import {
  AGE_BANDS, BEHAVIOURS, CALLER_TYPES, ESCALATIONS, GENDERS, LEGAL_STATUSES, MOTIVATIONS, OUTCOMES, REFERRALS, REGIONS, RELATIONSHIPS,
  STALKING_DURATIONS,
} from '../../../src/shared/vocabulary.js';
import { h, uid } from '../dom.js';
import { fillForm, readForm, type Draft } from '../drafts.js';
import { T, tx, type Text } from '../i18n.js';
import {
  AGE_BAND_LABELS, BEHAVIOUR_LABELS, CALLER_TYPE_LABELS, ESCALATION_LABELS, FIELD_LABELS, GENDER_LABELS, LEGAL_STATUS_LABELS, MOTIVATION_LABELS,
  OUTCOME_LABELS, REFERRAL_LABELS, REGION_LABELS, RELATIONSHIP_LABELS, STALKING_DURATION_LABELS,
} from '../labels.js';
import { consentStep } from './consent-step.js';
import { emergencyProtocol, type BackupDuty } from './emergency-protocol.js';
import { checkboxGroup, fold, radioGroup, section, select, yesNoChoice } from './field-builders.js';
import { fieldSlots } from './field-slots.js';
import { keepDraft, restoreDraft, saveOutcome, type SavedOutcome } from './form-state.js';
import { acuteWithoutEscalation, triageOf } from './form-values.js';
import { notesField } from './notes-field.js';
import { acuteFlags, FLAGS_HINT, otherRiskFlags } from './risk-flags.js';
import { triagePreview } from './triage-preview.js';
import { fieldsSummary, localErrors, saveFailure, serverFieldErrors, type FieldError } from './validation.js';

export type { SavedOutcome } from './form-state.js';
export type { BackupDuty } from './emergency-protocol.js';

export interface OutcomeFormOptions {
  callId: string;
  /** What is known about the call (date, hour band, language, duration band). */
  summary: Text;
  onSaved: (result: SavedOutcome) => void;
  onClose: () => void;
  backupDuty: BackupDuty | null;
  /** A correction: the saved outcome's values (no draft is kept; the server has it). */
  correction?: Draft;
}

/** Unfolds each folded part that holds an answer (after a draft or a saved outcome is put back). */
function unfoldAnswered(form: HTMLFormElement) {
  for (const details of form.querySelectorAll('details')) {
    const answered = [...details.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('input, select, textarea')].some((el) =>
      el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox')
        ? el.checked && el.value !== 'unknown' && el.value !== ''
        : el.value !== '',
    );
    if (answered) details.open = true;
  }
}

export function outcomeForm(options: OutcomeFormOptions): { element: HTMLElement; focus: () => void; setBackupDuty: (d: BackupDuty | null) => void } {
  const { callId } = options;
  const correcting = options.correction !== undefined;
  const followupAlreadyMade = options.correction?.outcome === 'consented_to_followup';
  const slots = fieldSlots();
  const titleId = uid('outcome-title');

  const triage = triagePreview(slots);
  const notes = notesField(slots);
  // Follow-up contact (consent-step.ts): its fields live in the form but not in its draft; saved after the outcome.
  const consent = consentStep();
  const saveButton = h('button', { type: 'submit', class: 'button primary', text: correcting ? T('Gem rettelsen', 'Save the correction') : T('Gem udfald', 'Save outcome') });
  const closeButton = h('button', { type: 'button', class: 'button', text: correcting ? T('Luk uden at rette', 'Close without correcting') : T('Luk (kladden gemmes)', 'Close (the draft is kept)') });
  const formStatus = h('div', { class: 'form-status', role: 'status', 'aria-live': 'polite' });
  const formAlert = h('div', { class: 'form-alert', role: 'alert' });
  const draftStatus = h('p', { class: 'hint draft-status' });

  const escalations = checkboxGroup(slots, 'escalations', FIELD_LABELS.escalations, ESCALATIONS, ESCALATION_LABELS);
  const escalationsHome = h('div', { class: 'escalations-home' }, escalations);

  // The warning before an acute outcome is saved with nothing done to avert the danger: it can be saved anyway.
  const warningTitleId = uid('acute-warning');
  const warningText = h('p', {});
  const saveAnyway = h('button', { type: 'button', class: 'button danger', text: T('Gem alligevel', 'Save anyway') });
  const toProtocol = h('button', { type: 'button', class: 'button', text: T('Tilbage til nødprotokollen', 'Back to the emergency protocol') });
  const warning = h(
    'div',
    { class: 'acute-warning', role: 'alert', hidden: true, tabindex: '-1', 'aria-labelledby': warningTitleId },
    h('p', { class: 'acute-warning-title', id: warningTitleId, text: T('Akut triage uden eskalering', 'Acute triage with no escalation') }),
    warningText,
    h('div', { class: 'form-actions' }, saveAnyway, toProtocol),
  );

  const form = h(
    'form',
    { class: 'outcome-form', novalidate: true, 'aria-labelledby': titleId, 'data-call-id': callId },
    section(T('Akut fare lige nu', 'Acute danger now'), h('p', { class: 'hint', text: T('Spørg om dette først. ', 'Ask about this first. ') }, FLAGS_HINT), ...acuteFlags(slots)),
  );
  const emergency = emergencyProtocol(escalations, escalationsHome, options.backupDuty);
  form.append(
    emergency.element,
    section(
      T('Samtalen', 'The call'),
      h('div', { class: 'two-columns' },
        radioGroup(slots, 'callerType', FIELD_LABELS.callerType, CALLER_TYPES, CALLER_TYPE_LABELS, { required: true }),
        radioGroup(slots, 'outcome', FIELD_LABELS.outcome, OUTCOMES, OUTCOME_LABELS, { required: true })),
    ),
    fold(FIELD_LABELS.riskFlags, h('p', { class: 'hint', text: FLAGS_HINT }), ...otherRiskFlags(slots)),
    fold(
      T('Om opkalderen og forløbet', 'About the caller and the stalking'),
      h('div', { class: 'grid' },
        select(slots, 'gender', FIELD_LABELS.gender, GENDERS, GENDER_LABELS),
        select(slots, 'ageBand', FIELD_LABELS.ageBand, AGE_BANDS, AGE_BAND_LABELS),
        select(slots, 'region', FIELD_LABELS.region, REGIONS, REGION_LABELS),
        select(slots, 'relationship', FIELD_LABELS.relationship, RELATIONSHIPS, RELATIONSHIP_LABELS),
        select(slots, 'stalkingDuration', FIELD_LABELS.stalkingDuration, STALKING_DURATIONS, STALKING_DURATION_LABELS)),
      checkboxGroup(slots, 'legalStatus', FIELD_LABELS.legalStatus, LEGAL_STATUSES, LEGAL_STATUS_LABELS),
      checkboxGroup(slots, 'behaviours', FIELD_LABELS.behaviours, BEHAVIOURS, BEHAVIOUR_LABELS),
    ),
    fold(
      T('Henvisning og motivation', 'Referral and motivation'),
      checkboxGroup(slots, 'referrals', FIELD_LABELS.referrals, REFERRALS, REFERRAL_LABELS),
      h('div', { class: 'grid' }, select(slots, 'motivation', FIELD_LABELS.motivation, MOTIVATIONS, MOTIVATION_LABELS)),
    ),
    fold(T('Sikkerhed og eskalering', 'Safety and escalation'), yesNoChoice(slots, 'safetyPlanMade', FIELD_LABELS.safetyPlanMade), escalationsHome),
    section(T('Triage', 'Triage'), triage.element),
    section(T('Fritekst', 'Free text'), notes.element),
    consent.element,
    warning,
    h('div', { class: 'form-actions' }, saveButton, closeButton, draftStatus),
    formAlert,
    formStatus,
  );

  const element = h(
    'article',
    { class: 'panel outcome', 'aria-labelledby': titleId },
    h('header', { class: 'panel-header' },
      h('h2', { id: titleId, text: correcting ? T('Ret udfaldet', 'Correct the outcome') : T('Udfald af opkaldet', 'Outcome of the call') }),
      h('p', { class: 'call-meta', text: options.summary })),
    form,
    consent.owner,
  );

  // --- behaviour ----------------------------------------------------------------------------------------------------

  function refresh(values: Draft) {
    const level = triageOf(values);
    triage.update(level, values.override === 'yes');
    notes.update(String(values.notes ?? ''));
    emergency.update(level === 'acute');
    if (!warning.hidden && !acuteWithoutEscalation(values)) warning.hidden = true;
    // A correction of an outcome that already had consent made its follow-up then: no second one.
    consent.update(followupAlreadyMade ? undefined : values.outcome);
  }

  function showErrors(errors: FieldError[]) {
    const focusFirst = slots.mark(errors);
    tx(formAlert, fieldsSummary(errors.length));
    focusFirst?.();
  }

  function persist() {
    if (correcting) return refresh(readForm(form));
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
  function save(confirmed: boolean) {
    if (saving) return;
    slots.clear();
    tx(formAlert, '');
    tx(formStatus, '');
    const values = readForm(form);
    const local = localErrors(values);
    if (local.length) return showErrors(local);
    // The acute warning first: it is about the caller's safety; the contact details can be completed after it.
    if (!confirmed && acuteWithoutEscalation(values)) {
      tx(
        warningText,
        values.outcome === 'consented_to_followup'
          ? T('Triagen er akut, men intet er krydset af under eskalering, og udfaldet er kun »Samtykke til opfølgning«. En opfølgning afværger ikke en akut fare. Gem alligevel, hvis det er rigtigt.', 'The triage is acute, but no escalation is ticked and the outcome is only “Consented to follow-up”. A follow-up does not avert an acute danger. Save anyway if that is right.')
          : T('Triagen er akut, men intet er krydset af under eskalering. Gem alligevel, hvis det er rigtigt.', 'The triage is acute, but no escalation is ticked. Save anyway if that is right.'),
      );
      warning.hidden = false;
      warning.focus();
      return;
    }
    warning.hidden = true;
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
      else tx(formAlert, saveFailure(err, correcting));
    });
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    save(false);
  });
  saveAnyway.addEventListener('click', () => save(true));
  toProtocol.addEventListener('click', () => {
    warning.hidden = true;
    escalations.querySelector<HTMLInputElement>('input')?.focus();
  });

  if (options.correction) {
    fillForm(form, options.correction);
    tx(draftStatus, T('Du retter det gemte udfald.', 'You are correcting the saved outcome.'));
  } else {
    const restored = restoreDraft(callId, form);
    if (restored) tx(draftStatus, restored);
  }
  unfoldAnswered(form);
  refresh(readForm(form));

  return {
    element,
    focus: () => form.querySelector<HTMLInputElement>('input[name^="flag."]:checked')?.focus(),
    setBackupDuty: emergency.setBackupDuty,
  };
}
