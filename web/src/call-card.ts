// The live call card: the call I am on (with a running timer and the caller's language), or the call that just
// ended; block the caller or call them back, never seeing their number.
import { api, ApiError } from './api.js';
import type { BlockReason } from '../../src/shared/block-reasons.js';
import { h, uid } from './dom.js';
import { formatElapsed } from './format.js';
import { T, tx, type Text } from './i18n.js';
import { BLOCK_REASON_LABELS, CALLER_LANGUAGE_LABELS } from './labels.js';

export interface CardCall {
  callId: string;
  answeredAt: number;
  language: 'da' | 'en';
  /** Set once the call has ended. */
  endedAt?: number;
}

export interface CallCardOptions {
  openOutcome: (callId: string) => void;
  dismissEnded: () => void;
}

export function callCard(options: CallCardOptions) {
  const titleId = uid('call-title');
  const title = h('h2', { id: titleId });
  const body = h('div', { class: 'call-body' });
  const idle = h('p', { class: 'idle', text: T('Intet opkald lige nu.', 'No call right now.') });
  const element = h('section', { class: 'panel call-card', 'aria-labelledby': titleId }, title, idle, body);
  let call: CardCall | undefined;
  let timer: number | undefined;
  let shownId: string | undefined;
  let shownEnded = false;

  tx(title, T('Igangværende opkald', 'Current call'));

  function apiMessage(err: unknown): Text {
    if (err instanceof ApiError && err.status === 0) return T('Ingen forbindelse til serveren.', 'No connection to the server.');
    if (err instanceof ApiError && [403, 404, 409].includes(err.status)) return T(`Ikke muligt: ${err.message}.`, `Not possible: ${err.message}.`);
    return T('Det lykkedes ikke. Prøv igen.', 'That did not work. Try again.');
  }

  function render() {
    window.clearInterval(timer);
    body.replaceChildren();
    element.classList.toggle('is-live', !!call && !call.endedAt);
    element.classList.toggle('is-ended', !!call?.endedAt);
    if (!call) {
      idle.hidden = false;
      tx(title, T('Igangværende opkald', 'Current call'));
      return;
    }
    idle.hidden = true;
    const c = call;
    tx(title, c.endedAt ? T('Opkaldet er afsluttet', 'The call has ended') : T('Igangværende opkald', 'Current call'));
    const clock = h('span', { class: 'timer', role: 'timer', 'aria-live': 'off' });
    const tick = () => (clock.textContent = formatElapsed((c.endedAt ?? Date.now()) - c.answeredAt));
    tick();
    if (!c.endedAt) timer = window.setInterval(tick, 1000);

    const message = h('p', { class: 'message', role: 'status', 'aria-live': 'polite' });
    const details = h(
      'dl',
      { class: 'call-details' },
      h('div', {}, h('dt', { text: c.endedAt ? T('Varighed', 'Duration') : T('Tid', 'Time') }), h('dd', {}, clock)),
      h('div', {}, h('dt', { text: T('Opkalderens sprog', "Caller's language") }), h('dd', { class: 'caller-language', text: CALLER_LANGUAGE_LABELS[c.language] })),
    );

    const outcomeButton = h('button', { type: 'button', class: 'button primary', text: T('Udfyld udfald', 'Fill in outcome'), onclick: () => options.openOutcome(c.callId) });
    const blockButton = h('button', { type: 'button', class: 'button', 'aria-expanded': 'false', text: T('Bloker opkalder…', 'Block caller…') });
    const callbackButton = c.endedAt ? h('button', { type: 'button', class: 'button', text: T('Ring opkalderen op', 'Call the caller back') }) : undefined;
    // For a call that ended while the server could not hear it (the card would stay "live"): the server asks Twilio
    // and ends it only if it is over there.
    const overButton = c.endedAt ? undefined : h('button', { type: 'button', class: 'button subtle', text: T('Opkaldet er slut', 'The call is over') });
    const dismissButton = c.endedAt ? h('button', { type: 'button', class: 'button subtle', text: T('Skjul', 'Hide'), onclick: () => options.dismissEnded() }) : undefined;

    // Block: for how many days, and why (a code, never free text).
    const daysId = uid('block-days');
    const reasonId = uid('block-reason');
    const days = h('input', { id: daysId, name: 'days', type: 'number', min: '1', max: '365', value: '30', required: true, inputmode: 'numeric' });
    const reason = h('select', { id: reasonId, name: 'reason', required: true }, h('option', { value: '', text: T('— vælg —', '— choose —') }));
    for (const [code, label] of Object.entries(BLOCK_REASON_LABELS)) reason.append(h('option', { value: code, text: label }));
    const cancel = h('button', { type: 'button', class: 'button subtle', text: T('Annuller', 'Cancel') });
    const blockForm = h(
      'form',
      { class: 'block-form', hidden: true, novalidate: true },
      h('div', { class: 'field' }, h('label', { for: daysId, text: T('Antal dage (1–365)', 'Number of days (1–365)') }), days),
      h('div', { class: 'field' }, h('label', { for: reasonId, text: T('Årsag', 'Reason') }), reason),
      h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button danger', text: T('Bloker', 'Block') }), cancel),
    );
    blockButton.addEventListener('click', () => {
      blockForm.hidden = !blockForm.hidden;
      blockButton.setAttribute('aria-expanded', String(!blockForm.hidden));
      if (!blockForm.hidden) days.focus();
    });
    cancel.addEventListener('click', () => {
      blockForm.hidden = true;
      blockButton.setAttribute('aria-expanded', 'false');
      blockButton.focus();
    });
    blockForm.addEventListener('submit', (event) => {
      event.preventDefault();
      const n = Number(days.value);
      if (!Number.isInteger(n) || n < 1 || n > 365) {
        tx(message, T('Antal dage skal være et helt tal fra 1 til 365.', 'The number of days must be a whole number from 1 to 365.'));
        return days.focus();
      }
      if (!reason.value) {
        tx(message, T('Vælg en årsag.', 'Choose a reason.'));
        return reason.focus();
      }
      api('POST', `/api/calls/${encodeURIComponent(c.callId)}/block`, { days: n, reason: reason.value as BlockReason }).then(
        () => {
          blockForm.hidden = true;
          blockButton.setAttribute('aria-expanded', 'false');
          tx(message, T(`Opkalderen er blokeret i ${n} dage.`, `The caller is blocked for ${n} days.`));
        },
        (err: unknown) => tx(message, apiMessage(err)),
      );
    });
    callbackButton?.addEventListener('click', () => {
      callbackButton.disabled = true;
      api('POST', `/api/calls/${encodeURIComponent(c.callId)}/callback`).then(
        () => tx(message, T('Opkalderen ringes op fra linjens nummer; din telefon ringer, når der bliver svaret.', 'The caller is being called from the line number; your phone rings when they answer.')),
        (err: unknown) => {
          callbackButton.disabled = false;
          tx(message, apiMessage(err));
        },
      );
    });

    overButton?.addEventListener('click', () => {
      overButton.disabled = true;
      api('POST', `/api/calls/${encodeURIComponent(c.callId)}/end`).then(
        () => tx(message, T('Opkaldet er afsluttet.', 'The call has been ended.')),
        (err: unknown) => {
          overButton.disabled = false;
          tx(message, apiMessage(err));
        },
      );
    });

    body.append(details, h('div', { class: 'actions' }, outcomeButton, callbackButton, blockButton, overButton, dismissButton), blockForm, message);
  }

  return {
    element,
    show(next: CardCall | undefined) {
      call = next;
      // Re-render only when the call or its phase changes, so a focused button or a half-filled block form survives.
      const ended = !!next?.endedAt;
      if (next?.callId === shownId && ended === shownEnded) return;
      shownId = next?.callId;
      shownEnded = ended;
      render();
    },
    current: () => call,
  };
}
