// The outcome form of one call (docs/architecture.md, "Outcome vocabulary and triage"): required caller type and outcome first, then the optional fields, the
// risk flags with a live triage preview (the server's own rules), the emergency protocol when it turns acute, and
// notes. Every change is kept as a draft in the browser until the outcome is saved.
import {
  AGE_BANDS, BEHAVIOURS, CALLER_TYPES, ESCALATIONS, GENDERS, LEGAL_STATUSES, MOTIVATIONS, OUTCOMES, REFERRALS, REGIONS, RELATIONSHIPS,
  RISK_ANSWERS, RISK_FLAG_GROUPS, RISK_FLAGS, STALKING_DURATIONS, TRIAGE_LEVELS,
  type RiskAnswer, type RiskFlag, type Triage,
} from '../../src/modules/calls/vocabulary.js';
import { computeTriage } from '../../src/modules/calls/triage.js';
import { api, ApiError } from './api.js';
import { h, uid } from './dom.js';
import { deleteDraft, fillForm, loadDraft, readForm, saveDraft, type Draft } from './drafts.js';
import { formatClock } from './format.js';
import { T, tx, type Text } from './i18n.js';
import {
  AGE_BAND_LABELS, BEHAVIOUR_LABELS, CALLER_TYPE_LABELS, ESCALATION_LABELS, FIELD_LABELS, GENDER_LABELS, LEGAL_STATUS_LABELS, MOTIVATION_LABELS,
  OUTCOME_LABELS, REFERRAL_LABELS, REGION_LABELS, RELATIONSHIP_LABELS, RISK_ANSWER_LABELS, RISK_FLAG_GROUP_LABELS, RISK_FLAG_LABELS,
  STALKING_DURATION_LABELS, TRIAGE_LABELS,
} from './labels.js';

export interface SavedOutcome {
  triage: Triage;
  computed: Triage;
  overridden: boolean;
}

export interface OutcomeFormOptions {
  callId: string;
  /** What is known about the call (date, hour band, language, duration band). */
  summary: Text;
  onSaved: (result: SavedOutcome) => void;
  onClose: () => void;
}

const NOTES_MAX = 2000;
const SINGLE_FIELDS = ['callerType', 'outcome', 'motivation', 'gender', 'ageBand', 'region', 'relationship', 'stalkingDuration'] as const;
const MULTI_FIELDS = ['referrals', 'legalStatus', 'behaviours', 'escalations'] as const;

const flagName = (flag: RiskFlag) => `flag.${flag}`;
const isOneOf = <T extends string>(codes: readonly T[], value: unknown): value is T => typeof value === 'string' && (codes as readonly string[]).includes(value);

/** The risk flags answered yes or no (unknown is not sent). */
function riskFlagsOf(values: Draft): Partial<Record<RiskFlag, RiskAnswer>> {
  const flags: Partial<Record<RiskFlag, RiskAnswer>> = {};
  for (const flag of RISK_FLAGS) {
    const v = values[flagName(flag)];
    if (v === 'yes' || v === 'no') flags[flag] = v;
  }
  return flags;
}

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

interface FieldSlot {
  container: HTMLElement;
  error: HTMLElement;
  focus: () => void;
  describedBy: HTMLElement;
}

export function outcomeForm(options: OutcomeFormOptions): { element: HTMLElement; focus: () => void } {
  const { callId } = options;
  const slots = new Map<string, FieldSlot>();
  const titleId = uid('outcome-title');

  // --- builders ---------------------------------------------------------------------------------------------------

  const errorEl = () => h('p', { class: 'field-error', id: uid('err'), hidden: true });

  function register(name: string, container: HTMLElement, focus: () => void, describedBy: HTMLElement = container): HTMLElement {
    const error = errorEl();
    container.append(error);
    slots.set(name, { container, error, focus, describedBy });
    return container;
  }

  function radioGroup<C extends string>(name: string, legend: Text, codes: readonly C[], labels: Record<C, Text>, opts: { required?: boolean; columns?: boolean } = {}) {
    const fieldset = h('fieldset', { class: `choice${opts.columns ? ' columns' : ''}`, role: 'radiogroup', 'aria-required': opts.required ? 'true' : undefined });
    const legendEl = h('legend', {}, legend);
    if (opts.required) legendEl.append(h('span', { class: 'required', 'aria-hidden': 'true' }, ' *'));
    fieldset.append(legendEl);
    const list = h('div', { class: 'options' });
    for (const code of codes) {
      const id = uid(name);
      list.append(h('div', { class: 'option' }, h('input', { type: 'radio', id, name, value: code }), h('label', { for: id }, labels[code])));
    }
    fieldset.append(list);
    return register(name, fieldset, () => (fieldset.querySelector<HTMLInputElement>('input:checked') ?? fieldset.querySelector<HTMLInputElement>('input'))?.focus());
  }

  function checkboxGroup<C extends string>(name: string, legend: Text, codes: readonly C[], labels: Record<C, Text>) {
    const fieldset = h('fieldset', { class: 'choice columns' }, h('legend', {}, legend));
    const list = h('div', { class: 'options' });
    for (const code of codes) {
      const id = uid(name);
      list.append(h('div', { class: 'option' }, h('input', { type: 'checkbox', id, name, value: code, 'data-multi': true }), h('label', { for: id }, labels[code])));
    }
    fieldset.append(list);
    return register(name, fieldset, () => fieldset.querySelector<HTMLInputElement>('input')?.focus());
  }

  function select<C extends string>(name: string, label: Text, codes: readonly C[], labels: Record<C, Text>) {
    const id = uid(name);
    const el = h('select', { id, name }, h('option', { value: '', text: T('— ikke angivet —', '— not stated —') }));
    for (const code of codes) el.append(h('option', { value: code, text: labels[code] }));
    const wrapper = h('div', { class: 'field' }, h('label', { for: id }, label), el);
    return register(name, wrapper, () => el.focus(), el);
  }

  function flagRow(flag: RiskFlag) {
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
    return register(`riskFlags.${flag}`, fieldset, () => fieldset.querySelector<HTMLInputElement>('input:checked')?.focus());
  }

  const section = (title: Text, ...children: HTMLElement[]) => {
    const id = uid('section');
    return h('section', { class: 'form-section', 'aria-labelledby': id }, h('h3', { id }, title), ...children);
  };

  // --- the emergency protocol ---------------------------------------------------------------------------------------

  const emergencyTitle = uid('emergency-title');
  const emergencyText = uid('emergency-text');
  const dismiss = h('button', { type: 'button', class: 'button emergency-dismiss', text: T('Forstået', 'Understood') });
  const emergency = h(
    'section',
    { class: 'emergency', hidden: true, tabindex: '-1', 'aria-labelledby': emergencyTitle, 'aria-describedby': emergencyText },
    h('h3', { id: emergencyTitle, text: T('Nødprotokol', 'Emergency protocol') }),
    h('p', {
      id: emergencyText,
      class: 'emergency-steps',
      text: T(
        'Akut: hold personen i røret · ring 112 · kontakt supervisor · afværgepligt (straffelovens § 141)',
        'Acute: keep the person on the line · call 112 · contact your supervisor · duty to prevent a crime (Danish Criminal Code § 141)',
      ),
    }),
    dismiss,
  );
  emergency.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !dismiss.hidden) dismiss.click();
  });
  dismiss.addEventListener('click', () => {
    // Dismissed, it stays in the form as a calm reminder while the triage is acute.
    emergency.classList.add('acknowledged');
    emergency.setAttribute('role', 'region');
    dismiss.hidden = true;
    form.querySelector<HTMLInputElement>('input[name^="flag."][value="yes"]:checked')?.focus();
  });
  let wasAcute = false;

  function showEmergency(acute: boolean) {
    if (acute && !wasAcute) {
      emergency.hidden = false;
      emergency.classList.remove('acknowledged');
      emergency.setAttribute('role', 'alertdialog');
      emergency.setAttribute('aria-modal', 'false');
      dismiss.hidden = false;
      emergency.focus();
    } else if (!acute) {
      emergency.hidden = true;
    }
    wasAcute = acute;
  }

  // --- triage preview and override ----------------------------------------------------------------------------------

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
    register(
      'triageOverride.reason',
      h('div', { class: 'field' }, h('label', { for: overrideReasonId, text: T('Begrundelse (påkrævet)', 'Reason (required)') }), overrideReason),
      () => overrideReason.focus(),
      overrideReason,
    ),
  );
  const overrideToggle = h('input', { type: 'checkbox', id: overrideToggleId, name: 'override', value: 'yes' });
  const triagePanel = register(
    'triageOverride',
    h(
      'div',
      { class: 'triage' },
      h('p', { class: 'triage-line' }, h('span', { text: T('Beregnet triage: ', 'Computed triage: ') }), triageBadge),
      h('p', { class: 'hint', text: T('Beregnes med de samme regler som på serveren, mens du udfylder.', 'Computed with the same rules as on the server, as you fill in the form.') }),
      h('div', { class: 'option' }, overrideToggle, h('label', { for: overrideToggleId, text: T('Jeg vurderer triagen anderledes', 'I assess the triage differently') })),
      overrideFields,
    ),
    () => overrideToggle.focus(),
  );

  // --- notes --------------------------------------------------------------------------------------------------------

  const notesId = uid('notes');
  const notesWarningId = uid('notes-warning');
  const notesCountId = uid('notes-count');
  const notes = h('textarea', { id: notesId, name: 'notes', rows: '4', maxlength: String(NOTES_MAX), 'aria-describedby': `${notesWarningId} ${notesCountId}` });
  const notesCount = h('p', { id: notesCountId, class: 'hint counter' });
  const notesField = register(
    'notes',
    h(
      'div',
      { class: 'field notes' },
      h('label', { for: notesId }, FIELD_LABELS.notes, h('span', { class: 'optional', text: T(' (frivilligt, slettes automatisk)', ' (optional, deleted automatically)') })),
      h('p', {
        id: notesWarningId,
        class: 'warning',
        text: T(
          'Skriv ikke navne, adresser, telefonnumre eller andet, der kan identificere nogen.',
          'Do not write names, addresses, phone numbers or anything that could identify anyone.',
        ),
      }),
      notes,
      notesCount,
    ),
    () => notes.focus(),
    notes,
  );

  // --- the form -----------------------------------------------------------------------------------------------------

  const riskSection = section(
    FIELD_LABELS.riskFlags,
    h('p', { class: 'hint', text: T('Alle står på “Ved ikke”, til du har spurgt. Kun “Ja” tæller i triagen.', 'All stay at “Unknown” until you have asked. Only “Yes” counts towards the triage.') }),
    ...Object.entries(RISK_FLAG_GROUPS).map(([group, flags]) =>
      h(
        'fieldset',
        { class: `flag-group flag-group-${group}` },
        h('legend', {}, RISK_FLAG_GROUP_LABELS[group as keyof typeof RISK_FLAG_GROUPS]),
        ...flags.map((flag) => flagRow(flag)),
      ),
    ),
  );

  const safetyId = uid('safety');
  const safety = register(
    'safetyPlanMade',
    h(
      'fieldset',
      { class: 'choice inline', role: 'radiogroup' },
      h('legend', {}, FIELD_LABELS.safetyPlanMade),
      h(
        'div',
        { class: 'options' },
        ...(['yes', 'no', ''] as const).map((value, i) =>
          h(
            'div',
            { class: 'option' },
            h('input', { type: 'radio', id: `${safetyId}-${i}`, name: 'safetyPlanMade', value, checked: value === '' }),
            h('label', { for: `${safetyId}-${i}`, text: value === 'yes' ? T('Ja', 'Yes') : value === 'no' ? T('Nej', 'No') : T('Ikke angivet', 'Not stated') }),
          ),
        ),
      ),
    ),
    () => document.getElementById(`${safetyId}-0`)?.focus(),
  );

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
        radioGroup('callerType', FIELD_LABELS.callerType, CALLER_TYPES, CALLER_TYPE_LABELS, { required: true }),
        radioGroup('outcome', FIELD_LABELS.outcome, OUTCOMES, OUTCOME_LABELS, { required: true })),
      checkboxGroup('referrals', FIELD_LABELS.referrals, REFERRALS, REFERRAL_LABELS),
      h('div', { class: 'grid' }, select('motivation', FIELD_LABELS.motivation, MOTIVATIONS, MOTIVATION_LABELS)),
    ),
    section(
      T('Om opkalder og forløbet', 'About the caller and the stalking'),
      h('div', { class: 'grid' },
        select('gender', FIELD_LABELS.gender, GENDERS, GENDER_LABELS),
        select('ageBand', FIELD_LABELS.ageBand, AGE_BANDS, AGE_BAND_LABELS),
        select('region', FIELD_LABELS.region, REGIONS, REGION_LABELS),
        select('relationship', FIELD_LABELS.relationship, RELATIONSHIPS, RELATIONSHIP_LABELS),
        select('stalkingDuration', FIELD_LABELS.stalkingDuration, STALKING_DURATIONS, STALKING_DURATION_LABELS)),
      checkboxGroup('legalStatus', FIELD_LABELS.legalStatus, LEGAL_STATUSES, LEGAL_STATUS_LABELS),
      checkboxGroup('behaviours', FIELD_LABELS.behaviours, BEHAVIOURS, BEHAVIOUR_LABELS),
    ),
    riskSection,
    section(T('Sikkerhed og eskalering', 'Safety and escalation'), safety, checkboxGroup('escalations', FIELD_LABELS.escalations, ESCALATIONS, ESCALATION_LABELS)),
    section(T('Triage', 'Triage'), triagePanel),
    section(T('Fritekst', 'Free text'), notesField),
    h('div', { class: 'form-actions' }, saveButton, closeButton, draftStatus),
    formAlert,
    formStatus,
  );

  const element = h(
    'article',
    { class: 'panel outcome', 'aria-labelledby': titleId },
    h('header', { class: 'panel-header' },
      h('h2', { id: titleId, text: T('Udfald af opkaldet', 'Outcome of the call') }),
      h('p', { class: 'call-meta', text: options.summary })),
    emergency,
    form,
  );

  // --- behaviour ----------------------------------------------------------------------------------------------------

  function refresh(values: Draft) {
    const level = triageOf(values);
    tx(triageBadge, TRIAGE_LABELS[level]);
    triageBadge.dataset.level = level;
    overrideFields.hidden = values.override !== 'yes';
    const length = String(values.notes ?? '').length;
    tx(notesCount, T(`${length} af ${NOTES_MAX} tegn`, `${length} of ${NOTES_MAX} characters`));
    showEmergency(level === 'acute');
  }

  function clearErrors() {
    for (const slot of slots.values()) {
      slot.error.hidden = true;
      slot.error.textContent = '';
      slot.container.classList.remove('invalid');
      slot.describedBy.removeAttribute('aria-invalid');
      const ids = (slot.describedBy.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id && id !== slot.error.id);
      if (ids.length) slot.describedBy.setAttribute('aria-describedby', ids.join(' '));
      else slot.describedBy.removeAttribute('aria-describedby');
    }
    tx(formAlert, '');
  }

  function showErrors(errors: Array<[string, Text]>) {
    let first: FieldSlot | undefined;
    const unplaced: Text[] = [];
    for (const [field, message] of errors) {
      const slot = slots.get(field) ?? slots.get(field.split('.')[0] ?? '');
      if (!slot) {
        unplaced.push(message);
        continue;
      }
      first ??= slot;
      tx(slot.error, message);
      slot.error.hidden = false;
      slot.container.classList.add('invalid');
      slot.describedBy.setAttribute('aria-invalid', 'true');
      const ids = (slot.describedBy.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
      slot.describedBy.setAttribute('aria-describedby', [...ids, slot.error.id].join(' '));
    }
    tx(
      formAlert,
      T(
        `Udfaldet er ikke gemt: ret ${errors.length === 1 ? 'feltet' : `de ${errors.length} felter`}, der er markeret.`,
        `The outcome was not saved: correct the ${errors.length === 1 ? 'field' : `${errors.length} fields`} marked.`,
      ),
    );
    first?.focus();
  }

  const REQUIRED = T('Vælg en af mulighederne.', 'Choose one of the options.');
  const INVALID = T('Ugyldig værdi: vælg igen.', 'Invalid value: choose again.');
  const REASON = T('Skriv en begrundelse på mindst 3 tegn.', 'Write a reason of at least 3 characters.');

  function localErrors(values: Draft): Array<[string, Text]> {
    const errors: Array<[string, Text]> = [];
    if (!isOneOf(CALLER_TYPES, values.callerType)) errors.push(['callerType', REQUIRED]);
    if (!isOneOf(OUTCOMES, values.outcome)) errors.push(['outcome', REQUIRED]);
    if (values.override === 'yes' && String(values.overrideReason ?? '').trim().length < 3) errors.push(['triageOverride.reason', REASON]);
    return errors;
  }

  let saving = false;
  function persist() {
    const values = readForm(form);
    refresh(values);
    const ok = saveDraft(callId, values);
    tx(
      draftStatus,
      ok
        ? T(`Kladde gemt i browseren kl. ${formatClock(new Date())}`, `Draft kept in this browser at ${formatClock(new Date())}`)
        : T('Kladden kunne ikke gemmes i browseren.', 'The draft could not be kept in this browser.'),
    );
  }

  form.addEventListener('input', persist);
  form.addEventListener('change', persist);
  closeButton.addEventListener('click', () => {
    persist();
    options.onClose();
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (saving) return;
    clearErrors();
    tx(formStatus, '');
    const values = readForm(form);
    const local = localErrors(values);
    if (local.length) return showErrors(local);
    saving = true;
    saveButton.disabled = true;
    tx(formStatus, T('Gemmer…', 'Saving…'));
    api<SavedOutcome>('PUT', `/api/calls/${encodeURIComponent(callId)}/outcome`, outcomeBody(values)).then(
      (result) => {
        deleteDraft(callId);
        options.onSaved(result);
      },
      (err: unknown) => {
        saving = false;
        saveButton.disabled = false;
        tx(formStatus, '');
        if (err instanceof ApiError && err.status === 400 && err.fields.length) {
          showErrors(err.fields.map((f) => {
            const field = f.replace(/^body\./, '');
            return [field, field === 'triageOverride.reason' ? REASON : field === 'callerType' || field === 'outcome' ? REQUIRED : INVALID];
          }));
          return;
        }
        const why =
          err instanceof ApiError && err.status === 0
            ? T('Ingen forbindelse til serveren.', 'No connection to the server.')
            : err instanceof ApiError && (err.status === 404 || err.status === 409)
              ? T(`Opkaldet kan ikke længere få et udfald (${err.message}).`, `This call can no longer take an outcome (${err.message}).`)
              : T(`Serveren svarede: ${err instanceof Error ? err.message : 'fejl'}.`, `The server answered: ${err instanceof Error ? err.message : 'error'}.`);
        tx(formAlert, T(`Udfaldet er ikke gemt. ${why.da} Kladden er gemt i browseren; prøv igen.`, `The outcome was not saved. ${why.en} The draft is kept in this browser; try again.`));
      },
    );
  });

  // Restore a draft (after a reload, a dropped connection, or closing the form), then show the preview.
  const draft = loadDraft(callId);
  if (draft) {
    fillForm(form, draft);
    tx(draftStatus, T('Kladden er hentet frem igen.', 'Your draft was restored.'));
  }
  refresh(readForm(form));

  return {
    element,
    focus: () => {
      if (!emergency.hidden) emergency.focus();
      else form.querySelector<HTMLInputElement>('input[name="callerType"]:checked, input[name="callerType"]')?.focus();
    },
  };
}
