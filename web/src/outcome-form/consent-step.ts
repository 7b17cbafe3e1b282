// The consent step of the outcome form (docs/architecture.md, "Follow-up contact"): when the outcome is "consented
// to follow-up", the person's contact details are asked for here, and saving the outcome creates the follow-up.
//
// Order: the outcome is saved first (its answer carries the triage in force, which becomes the follow-up's
// priority, copied and not joined), then `POST /api/followups`. The follow-up holds no call id (docs/architecture.md,
// "Follow-up contact": no column references a call): the body has the contact fields and the priority, nothing
// about the call. Should the follow-up be refused (a number the server cannot use) or fail, the outcome stays saved
// and this step stays open with the error beside its field and its own button to try again; the form counts as
// saved only once the follow-up exists.
//
// The contact details never reach the outcome form's draft in localStorage: the fields sit inside the outcome form
// for the focus order, but belong (the `form` attribute) to a separate, empty form element, so the outcome form's
// FormData and `elements` (drafts.ts) never see them. They are not logged, and they are emptied from the page once
// sent or when the outcome changes away from consent.
import type { Triage } from '../../../src/shared/vocabulary.js';
import { api, ApiError } from '../api.js';
import { h, uid } from '../dom.js';
import { T, tx, type Text } from '../i18n.js';
import './consent-step.css';
import { fieldSlots } from './field-slots.js';
import type { FieldError } from './validation.js';
import { WEEKDAY_LABELS, WEEKDAYS } from '../weekdays.js';

/** The outcome that asks for this step. */
export const CONSENT_OUTCOME = 'consented_to_followup';

/** Raised on the document when a follow-up was created (the console's follow-up list reloads). */
export const FOLLOWUP_CREATED_EVENT = 'stopline:followup-created';

const MESSAGES = {
  phoneMissing: T('Skriv personens telefonnummer.', "Write the person's phone number."),
  phoneInvalid: T(
    'Ikke et gyldigt telefonnummer (danske numre har 8 cifre; andre skal have landekode, fx +46…).',
    'Not a valid phone number (Danish numbers have 8 digits; others need their country code, e.g. +46…).',
  ),
  phoneTollFree: T('Et gratisnummer (80…) kan ikke ringes op eller få en sms.', 'A toll-free number (80…) cannot be called back or sent an SMS.'),
  phonePremium: T('Et overtakseret nummer (90…) ringer linjen ikke til.', 'The line does not call premium-rate numbers (90…).'),
  name: T('Højst 60 tegn.', 'At most 60 characters.'),
  windows: T('Hvert tidsrum skal have en dag og slutte efter, det begynder.', 'Each time window needs a day and must end after it starts.'),
  choose: T('Vælg ja eller nej.', 'Choose yes or no.'),
  invalid: T('Ugyldig værdi: vælg igen.', 'Invalid value: choose again.'),
};

export interface ConsentStep {
  /** The contact fields: placed inside the outcome form, before its buttons. */
  element: HTMLElement;
  /** The empty form the fields belong to: placed outside the outcome form (beside it). */
  owner: HTMLFormElement;
  /** Shows the step when the outcome is consent; hides it and empties its fields otherwise. */
  update(outcome: unknown): void;
  /** Checks what the page can before anything is sent; marks the fields and returns false when something is missing. */
  check(): boolean;
  /** After the outcome is saved: creates the follow-up (when the step is open); resolves once it exists. */
  afterOutcome(triage: Triage): Promise<void>;
}

/** A window ending at 00:00 ends at midnight, which the API writes 24:00. */
const endOf = (to: string) => (to === '00:00' ? '24:00' : to);

interface WindowRow {
  row: HTMLElement;
  day: HTMLSelectElement;
  from: HTMLInputElement;
  to: HTMLInputElement;
}

export function consentStep(): ConsentStep {
  const ownerId = uid('consent-form');
  const owner = h('form', { id: ownerId, class: 'consent-owner', novalidate: true, hidden: true });
  const slots = fieldSlots();
  const titleId = uid('consent-title');
  const own = { form: ownerId };
  const typed = { ...own, autocomplete: 'off' };

  // --- fields -------------------------------------------------------------------------------------------------------

  const phoneId = uid('contact-phone');
  const phone = h('input', { ...typed, id: phoneId, name: 'contact.phone', type: 'tel', inputmode: 'tel', required: true, 'aria-required': 'true', maxlength: '40', spellcheck: 'false' });
  const phoneField = h('div', { class: 'field' },
    h('label', { for: phoneId }, T('Telefonnummer', 'Phone number'), h('span', { class: 'required', 'aria-hidden': 'true' }, ' *')),
    phone);
  slots.register('phone', phoneField, () => phone.focus(), phone);

  const nameId = uid('contact-name');
  const name = h('input', { ...typed, id: nameId, name: 'contact.name', type: 'text', maxlength: '60', spellcheck: 'false' });
  const nameField = h('div', { class: 'field' },
    h('label', { for: nameId }, T('Fornavn eller alias', 'First name or alias'), h('span', { class: 'optional', text: T(' (valgfrit)', ' (optional)') })),
    name);
  slots.register('name', nameField, () => name.focus(), name);

  const rows: WindowRow[] = [];
  const rowList = h('div', { class: 'window-rows' });
  const addWindow = h('button', { ...own, type: 'button', class: 'button', text: T('Tilføj tidsrum', 'Add a time window') });
  const windowsSet = h('fieldset', { class: 'choice windows' },
    h('legend', {}, T('Foretrukne tidsrum', 'Preferred time windows'), h('span', { class: 'optional', text: T(' (valgfrit)', ' (optional)') })),
    h('p', { class: 'hint', text: T('Uden tidsrum ringer vi inden for linjens åbningstid.', "Without windows, we call within the line's opening hours.") }),
    rowList,
    addWindow);
  slots.register('windows', windowsSet, () => (rows[0]?.day ?? addWindow).focus());

  function addRow(focus: boolean) {
    const n = rows.length + 1;
    const ids = { day: uid('window-day'), from: uid('window-from'), to: uid('window-to') };
    const day = h('select', { ...own, id: ids.day, name: 'contact.windowDay' });
    for (const code of WEEKDAYS) day.append(h('option', { value: code, text: WEEKDAY_LABELS[code] }));
    const from = h('input', { ...own, id: ids.from, name: 'contact.windowFrom', type: 'time', value: '09:00' });
    const to = h('input', { ...own, id: ids.to, name: 'contact.windowTo', type: 'time', value: '17:00' });
    const remove = h('button', { ...own, type: 'button', class: 'button subtle' },
      T('Fjern', 'Remove'), h('span', { class: 'visually-hidden', text: T(` tidsrum ${n}`, ` time window ${n}`) }));
    const row = h('div', { class: 'window-row', role: 'group', 'aria-label': T(`Tidsrum ${n}`, `Time window ${n}`) },
      h('div', { class: 'field' }, h('label', { for: ids.day, text: T('Dag', 'Day') }), day),
      h('div', { class: 'field' }, h('label', { for: ids.from, text: T('Fra', 'From') }), from),
      h('div', { class: 'field' }, h('label', { for: ids.to, text: T('Til', 'To') }), to),
      remove);
    const entry = { row, day, from, to };
    remove.addEventListener('click', () => {
      rows.splice(rows.indexOf(entry), 1);
      row.remove();
      addWindow.focus();
    });
    rows.push(entry);
    rowList.append(row);
    if (focus) day.focus();
  }
  addWindow.addEventListener('click', () => addRow(true));

  function yesNo(fieldName: string, legend: Text, hint: Text | undefined, initial: 'yes' | 'no' | undefined) {
    const id = uid(fieldName);
    const inputs = (['yes', 'no'] as const).map((value) =>
      h('input', { ...own, type: 'radio', id: `${id}-${value}`, name: `contact.${fieldName}`, value, checked: value === initial }));
    const set = h('fieldset', { class: 'choice inline', role: 'radiogroup', 'aria-required': initial ? undefined : 'true' },
      h('legend', {}, legend, initial ? null : h('span', { class: 'required', 'aria-hidden': 'true' }, ' *')),
      hint ? h('p', { class: 'hint', text: hint }) : null,
      h('div', { class: 'options' }, ...inputs.map((input) =>
        h('div', { class: 'option' }, input, h('label', { for: input.id, text: input.value === 'yes' ? T('Ja', 'Yes') : T('Nej', 'No') })))));
    slots.register(fieldName, set, () => (inputs.find((i) => i.checked) ?? inputs[0]!).focus());
    return { set, value: () => inputs.find((i) => i.checked)?.value, reset: () => inputs.forEach((i) => (i.checked = i.value === initial)) };
  }
  const sms = yesNo('smsAllowed', T('Er det sikkert at sende en sms?', 'Is it safe to send an SMS?'),
    T('En diskret bekræftelse uden linjens navn.', "A discreet confirmation, without the line's name."), undefined);
  const voicemail = yesNo('voicemailAllowed', T('Må vi lægge en besked på telefonsvareren?', 'May we leave a voicemail?'), undefined, 'no');

  const langInputs = (['da', 'en'] as const).map((value) => h('input', { ...own, type: 'radio', id: uid(`contact-lang-${value}`), name: 'contact.language', value, checked: value === 'da' }));
  const languageSet = h('fieldset', { class: 'choice inline', role: 'radiogroup' },
    h('legend', {}, T('Sprog ved opringning', 'Language for the call back')),
    h('div', { class: 'options' }, ...langInputs.map((input) =>
      h('div', { class: 'option' }, input, h('label', { for: input.id, text: input.value === 'da' ? T('Dansk', 'Danish') : T('Engelsk', 'English') })))));
  slots.register('language', languageSet, () => (langInputs.find((i) => i.checked) ?? langInputs[0]!).focus());

  const alert = h('div', { class: 'form-alert', role: 'alert' });
  const status = h('div', { class: 'form-status', role: 'status', 'aria-live': 'polite' });
  const retry = h('button', { ...own, type: 'button', class: 'button primary', hidden: true, text: T('Gem opfølgningen', 'Save the follow-up') });

  const element = h('section', { class: 'form-section consent-step', 'aria-labelledby': titleId, hidden: true },
    h('h3', { id: titleId, text: T('Samtykke til opfølgning: kontaktoplysninger', 'Consent to follow-up: contact details') }),
    h('p', { class: 'hint', text: T(
      'Gemmes krypteret og adskilt fra opkaldet, vises kun for psykologer der arbejder med opfølgningen, og slettes når den er afsluttet. De gemmes ikke i kladden.',
      'Kept encrypted and apart from the call, shown only to psychologists working the follow-up, and deleted when it ends. They are not kept in the draft.',
    ) }),
    h('div', { class: 'grid' }, phoneField, nameField),
    windowsSet,
    h('div', { class: 'two-columns' }, sms.set, voicemail.set),
    languageSet,
    alert,
    status,
    retry);

  // Enter in a contact field submits the outcome form, as it would in any of its own fields.
  owner.addEventListener('submit', (event) => {
    event.preventDefault();
    element.closest('form')?.requestSubmit();
  });

  // --- behaviour ----------------------------------------------------------------------------------------------------

  let active = false;

  function emptyFields() {
    phone.value = '';
    name.value = '';
    for (const r of [...rows]) r.row.remove();
    rows.length = 0;
    sms.reset();
    voicemail.reset();
    langInputs.forEach((i) => (i.checked = i.value === 'da'));
    slots.clear();
    tx(alert, '');
    tx(status, '');
    retry.hidden = true;
  }

  function localErrors(): FieldError[] {
    const errors: FieldError[] = [];
    if (!phone.value.trim()) errors.push(['phone', MESSAGES.phoneMissing]);
    if (rows.some((r) => !r.from.value || !r.to.value || r.from.value >= endOf(r.to.value))) errors.push(['windows', MESSAGES.windows]);
    if (!sms.value()) errors.push(['smsAllowed', MESSAGES.choose]);
    return errors;
  }

  function show(errors: FieldError[], summary: Text) {
    slots.clear();
    const focusFirst = slots.mark(errors);
    tx(alert, summary);
    focusFirst?.();
  }

  function body(triage: Triage) {
    return {
      phone: phone.value.trim(),
      ...(name.value.trim() ? { name: name.value.trim() } : {}),
      windows: rows.map((r) => ({ day: r.day.value, from: r.from.value, to: endOf(r.to.value) })),
      smsAllowed: sms.value() === 'yes',
      voicemailAllowed: voicemail.value() === 'yes',
      language: langInputs.find((i) => i.checked)?.value ?? 'da',
      priority: triage,
    };
  }

  /** The API's 400 names fields (`body.phone`, `body.windows.0.to`); its message is English, so ours is shown. */
  function serverErrors(err: ApiError): FieldError[] {
    return err.fields.map((f) => {
      const field = f.replace(/^body\./, '');
      const top = field.split('.')[0] ?? field;
      if (top === 'phone') {
        const message = /toll-free/.test(err.message) ? MESSAGES.phoneTollFree : /premium-rate/.test(err.message) ? MESSAGES.phonePremium : MESSAGES.phoneInvalid;
        return ['phone', message];
      }
      if (top === 'name') return ['name', MESSAGES.name];
      if (top === 'windows') return ['windows', MESSAGES.windows];
      if (top === 'smsAllowed' || top === 'voicemailAllowed') return [top, MESSAGES.choose];
      return [top, MESSAGES.invalid];
    });
  }

  function failure(err: unknown): Text {
    const why = err instanceof ApiError && err.status === 0
      ? T('Ingen forbindelse til serveren.', 'No connection to the server.')
      : err instanceof ApiError && err.status === 429
        ? T('For mange forsøg; vent et øjeblik.', 'Too many attempts; wait a moment.')
        : T(`Serveren svarede med fejl ${err instanceof ApiError ? err.status : ''}.`, `The server answered with error ${err instanceof ApiError ? err.status : ''}.`);
    return T(`Udfaldet er gemt, men opfølgningen er ikke oprettet. ${why.da} Prøv igen.`, `The outcome is saved, but the follow-up was not created. ${why.en} Try again.`);
  }

  function createFollowup(triage: Triage): Promise<void> {
    return new Promise((resolve) => {
      const attempt = () => {
        slots.clear();
        tx(alert, '');
        tx(status, T('Opretter opfølgningen…', 'Creating the follow-up…'));
        retry.disabled = true;
        api<{ id: string }>('POST', '/api/followups', body(triage)).then(() => {
          emptyFields();
          document.dispatchEvent(new CustomEvent(FOLLOWUP_CREATED_EVENT));
          resolve();
        }, (err: unknown) => {
          tx(status, '');
          retry.hidden = false;
          retry.disabled = false;
          if (err instanceof ApiError && err.status === 400 && err.fields.length) {
            const errors = serverErrors(err);
            show(errors, T(
              `Udfaldet er gemt, men opfølgningen er ikke oprettet: ret ${errors.length === 1 ? 'feltet' : 'felterne'} og vælg “Gem opfølgningen”.`,
              `The outcome is saved, but the follow-up was not created: correct the ${errors.length === 1 ? 'field' : 'fields'} and choose “Save the follow-up”.`,
            ));
          } else {
            tx(alert, failure(err));
            retry.focus();
          }
        });
      };
      retry.onclick = attempt;
      attempt();
    });
  }

  return {
    element,
    owner,
    update(outcome) {
      const next = outcome === CONSENT_OUTCOME;
      if (next === active) return;
      active = next;
      element.hidden = !next;
      if (!next) emptyFields();
    },
    check() {
      if (!active) return true;
      const errors = localErrors();
      if (!errors.length) {
        slots.clear();
        tx(alert, '');
        return true;
      }
      show(errors, T(
        `Udfaldet er ikke gemt: ret ${errors.length === 1 ? 'kontaktfeltet' : `de ${errors.length} kontaktfelter`}, der er markeret.`,
        `The outcome was not saved: correct the ${errors.length === 1 ? 'contact field' : `${errors.length} contact fields`} marked.`,
      ));
      return false;
    },
    afterOutcome(triage) {
      return active ? createFollowup(triage) : Promise.resolve();
    },
  };
}
