// One follow-up, opened from the list: what the list knows (no contact details), and the work on it: reveal the
// contact details (audited by the server, on demand only, removed from the page when hidden or closed), call via the
// line, and log an attempt. A closed follow-up shows its status and result only: its contact details are gone.
import { ApiError } from '../api.js';
import { h, uid } from '../dom.js';
import { formatDate } from '../format.js';
import { T, tx, type Text } from '../i18n.js';
import { TRIAGE_LABELS } from '../labels.js';
import { WEEKDAY_LABELS } from '../weekdays.js';
import { callViaLine, logAttempt, revealFollowup, type FollowupItem, type Revealed } from './followups-api.js';
import { ATTEMPT_LABELS, ATTEMPT_RESULTS, label, RESULT_LABELS, SMS_LABELS, SOURCE_LABELS, STATUS_LABELS, type AttemptResult } from './labels.js';
import { formatMoment } from './moments.js';

export interface DetailOptions {
  /** After an attempt was logged (the list reloads). */
  changed: () => void;
  /** "Close": the detail is gone, the focus goes back to the list. */
  close: () => void;
}

const fact = (term: Text, value: Text | string, attrs: Record<string, string> = {}) =>
  [h('dt', { text: term }), h('dd', { ...attrs, text: value })];

const yesNo = (v: boolean) => (v ? T('Ja', 'Yes') : T('Nej', 'No'));

/** Why a request was refused, in the person's language (the API's own messages are English). */
function refusal(err: unknown, what: 'call' | 'attempt' | 'reveal'): Text {
  if (err instanceof ApiError) {
    if (err.status === 0) return T('Ingen forbindelse til serveren. Prøv igen.', 'No connection to the server. Try again.');
    if (err.status === 404) return T('Opfølgningen findes ikke længere.', 'This follow-up no longer exists.');
    if (err.status === 409 && /phone number to ring first/.test(err.message)) {
      return T('Din konto har intet telefonnummer at ringe op først: en administrator kan tilføje det.', 'Your account has no phone number to ring first: an admin can add one.');
    }
    if (err.status === 409) return T('Opfølgningen er afsluttet: kontaktoplysningerne er slettet.', 'This follow-up is closed: its contact details are gone.');
    if (err.status === 400 && what === 'attempt') {
      return T('Personen har ikke sagt ja til beskeder på telefonsvareren: vælg et andet resultat.', 'The person did not agree to voicemail: choose another result.');
    }
    if (err.status === 503 && what === 'call') return T('Twilio kunne ikke starte opkaldet. Prøv igen om lidt.', 'Twilio could not start the call. Try again in a moment.');
    if (err.status === 429) return T('For mange forsøg; vent et øjeblik.', 'Too many attempts; wait a moment.');
  }
  return T('Det lykkedes ikke. Prøv igen.', 'That did not work. Try again.');
}

export function followupDetail(item: FollowupItem, options: DetailOptions): { element: HTMLElement; focus: () => void; dispose: () => void } {
  const titleId = uid('followup-title');
  const heading = h('h3', { id: titleId, tabindex: '-1', text: T(`Opfølgning · frist ${formatDate(item.dueDate).da}`, `Follow-up · due ${formatDate(item.dueDate).en}`) });
  const closeButton = h('button', { type: 'button', class: 'button subtle', text: T('Luk opfølgningen', 'Close the follow-up') });
  const body = h('div', { class: 'followup-body' });
  const element = h('article', { class: 'followup-detail', 'aria-labelledby': titleId, 'data-followup-id': item.id },
    h('div', { class: 'followup-detail-head' }, heading, closeButton),
    body);

  let contact: HTMLElement | undefined;

  /** Takes every contact detail off the page. */
  function hideContact() {
    contact?.replaceChildren();
    contact?.remove();
    contact = undefined;
  }

  function showClosed(result: string | null) {
    hideContact();
    body.replaceChildren(
      h('dl', { class: 'facts' },
        ...fact(T('Status', 'Status'), STATUS_LABELS.closed!, { 'data-field': 'status' }),
        ...fact(T('Resultat', 'Result'), label(RESULT_LABELS, result), { 'data-field': 'result' })),
      h('p', { class: 'hint', text: T('Kontaktoplysningerne er slettet.', 'The contact details have been deleted.') }),
    );
  }

  function showOpen(current: FollowupItem) {
    const message = h('p', { class: 'message', role: 'status', 'aria-live': 'polite' });
    const facts = h('dl', { class: 'facts' },
      ...fact(T('Status', 'Status'), label(STATUS_LABELS, current.status)),
      ...fact(T('Prioritet', 'Priority'), TRIAGE_LABELS[current.priority] ?? T(current.priority, current.priority)),
      ...fact(T('Kilde', 'Source'), label(SOURCE_LABELS, current.source)),
      ...fact(T('Frist', 'Due'), current.overdue ? T(`${formatDate(current.dueDate).da} (overskredet)`, `${formatDate(current.dueDate).en} (overdue)`) : formatDate(current.dueDate)),
      ...fact(T('Forsøg', 'Attempts'), String(current.attempts), { 'data-field': 'attempts' }),
      ...fact(T('Næste mulige tidspunkt', 'Next allowed time'), current.nextWindow ? formatMoment(current.nextWindow) : T('Intet inden for en uge', 'None within a week')),
      ...fact(T('Sms', 'SMS'), label(SMS_LABELS, current.sms)));

    // --- reveal ---
    const revealButton = h('button', { type: 'button', class: 'button', 'aria-expanded': 'false', text: T('Vis kontaktoplysninger', 'Show contact details') });
    const revealHint = h('p', { class: 'hint', text: T('Hver visning bliver logget.', 'Every view is logged.') });
    const revealSlot = h('div', { class: 'contact-slot' });
    revealButton.addEventListener('click', () => {
      if (contact) {
        hideContact();
        revealButton.setAttribute('aria-expanded', 'false');
        tx(revealButton, T('Vis kontaktoplysninger', 'Show contact details'));
        return;
      }
      revealButton.disabled = true;
      revealFollowup(current.id).then((answer) => {
        revealButton.disabled = false;
        if (answer.status === 'closed') return showClosed(answer.result);
        contact = contactView(answer);
        revealSlot.append(contact);
        revealButton.setAttribute('aria-expanded', 'true');
        tx(revealButton, T('Skjul kontaktoplysninger', 'Hide contact details'));
        contact.focus();
      }, (err: unknown) => {
        revealButton.disabled = false;
        tx(message, refusal(err, 'reveal'));
      });
    });

    // --- call via the line ---
    const callButton = h('button', { type: 'button', class: 'button primary', text: T('Ring op via linjen', 'Call via the line') });
    callButton.addEventListener('click', () => {
      callButton.disabled = true;
      tx(message, T('Starter opkaldet…', 'Starting the call…'));
      callViaLine(current.id).then(() => {
        callButton.disabled = false;
        tx(message, T(
          'Linjen ringer din telefon op nu. Tag den og tryk 1: så ringer linjen personen op med linjens nummer. Registrér bagefter forsøget herunder.',
          "The line is ringing your phone now. Answer and press 1: then the line calls the person with the line's number. Afterwards log the attempt below.",
        ));
      }, (err: unknown) => {
        callButton.disabled = false;
        tx(message, refusal(err, 'call'));
      });
    });

    // --- attempt ---
    const attemptForm = attemptFormFor(current, (result) => {
      tx(message, T('Gemmer forsøget…', 'Saving the attempt…'));
      return logAttempt(current.id, result).then((saved) => {
        options.changed();
        if (saved.status === 'closed') {
          showClosed(saved.result);
          heading.focus();
          return;
        }
        showOpen({ ...current, attempts: saved.attempts });
        tx(body.querySelector<HTMLElement>('.message')!, T(`Forsøget er registreret (${saved.attempts} i alt).`, `The attempt is logged (${saved.attempts} in all).`));
      }, (err: unknown) => {
        tx(message, refusal(err, 'attempt'));
        throw err;
      });
    });

    hideContact();
    body.replaceChildren(
      facts,
      h('div', { class: 'actions' }, revealButton, callButton),
      revealHint,
      revealSlot,
      message,
      attemptForm,
    );
  }

  closeButton.addEventListener('click', () => {
    hideContact();
    body.replaceChildren();
    options.close();
  });

  if (item.status === 'closed') showClosed(item.result);
  else showOpen(item);

  return {
    element,
    focus: () => heading.focus(),
    dispose: () => {
      hideContact();
      body.replaceChildren();
    },
  };
}

/** The revealed contact details: created on demand, removed whole when hidden. */
function contactView(c: Revealed): HTMLElement {
  const titleId = uid('contact-title');
  const phone: Text | string = c.phoneWithheld || !c.phone
    ? T('Nummer tilbageholdt: ring via linjen', 'Number withheld: call via the line')
    : c.phone;
  const windows = c.windows.length
    ? c.windows.map((w) => `${(WEEKDAY_LABELS as Record<string, Text>)[w.day]?.da ?? w.day} ${w.from}–${w.to}`).join(', ')
    : undefined;
  const windowsEn = c.windows.map((w) => `${(WEEKDAY_LABELS as Record<string, Text>)[w.day]?.en ?? w.day} ${w.from}–${w.to}`).join(', ');
  return h('section', { class: 'contact', 'aria-labelledby': titleId, tabindex: '-1' },
    h('h4', { id: titleId, text: T('Kontaktoplysninger', 'Contact details') }),
    h('dl', { class: 'facts' },
      ...fact(T('Telefon', 'Phone'), phone, { 'data-field': 'phone' }),
      ...fact(T('Navn eller alias', 'Name or alias'), c.name ?? T('—', '—')),
      ...fact(T('Tidsrum', 'Time windows'), windows ? T(windows, windowsEn) : T('Linjens åbningstid', "The line's opening hours")),
      ...fact(T('Sms sikker', 'SMS safe'), yesNo(c.smsAllowed)),
      ...fact(T('Telefonsvarer sikker', 'Voicemail safe'), yesNo(c.voicemailAllowed)),
      ...fact(T('Sprog', 'Language'), c.language === 'da' ? T('Dansk', 'Danish') : T('Engelsk', 'English')),
      ...(c.partner ? fact(T('Henvist af', 'Referred by'), c.partner) : []),
      ...(c.caseReference ? fact(T('Deres sagsnummer', 'Their case reference'), c.caseReference) : []),
      ...(c.consentDate ? fact(T('Samtykke givet', 'Consent given'), formatDate(c.consentDate)) : []),
      ...fact(T('Samtykketekstens version', 'Consent wording version'), c.consentVersion)),
    c.attempts.length
      ? h('ol', { class: 'attempt-history', 'aria-label': T('Tidligere forsøg', 'Earlier attempts') },
        ...c.attempts.map((a) => h('li', { text: T(`${formatDate(a.madeOn).da}: ${ATTEMPT_LABELS[a.result].da}`, `${formatDate(a.madeOn).en}: ${ATTEMPT_LABELS[a.result].en}`) })))
      : null);
}

/** The six results as radio buttons, and a button to log the chosen one. */
function attemptFormFor(item: FollowupItem, submit: (result: AttemptResult) => Promise<void>): HTMLFormElement {
  const legendId = uid('attempt-legend');
  const error = h('p', { class: 'field-error', id: uid('attempt-error'), hidden: true });
  const options = ATTEMPT_RESULTS.map((result) => {
    const id = uid(`attempt-${result}`);
    return h('div', { class: 'option' }, h('input', { type: 'radio', id, name: 'result', value: result }), h('label', { for: id, text: ATTEMPT_LABELS[result] }));
  });
  const button = h('button', { type: 'submit', class: 'button', text: T('Registrér forsøg', 'Log the attempt') });
  const form = h('form', { class: 'attempt-form', novalidate: true, 'data-followup-id': item.id },
    h('fieldset', { class: 'choice', role: 'radiogroup', 'aria-labelledby': legendId, 'aria-describedby': error.id },
      h('legend', { id: legendId, text: T('Resultat af forsøget', 'Result of the attempt') }),
      h('div', { class: 'options' }, ...options),
      error),
    h('p', { class: 'hint', text: T('Et endeligt resultat afslutter opfølgningen og sletter kontaktoplysningerne med det samme.', 'A final result closes the follow-up and deletes the contact details at once.') }),
    button);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = form.querySelector<HTMLInputElement>('input[name="result"]:checked')?.value as AttemptResult | undefined;
    if (!chosen) {
      tx(error, T('Vælg et resultat.', 'Choose a result.'));
      error.hidden = false;
      form.querySelector<HTMLInputElement>('input[name="result"]')?.focus();
      return;
    }
    error.hidden = true;
    button.disabled = true;
    submit(chosen).catch(() => {
      button.disabled = false;
    });
  });
  return form;
}
