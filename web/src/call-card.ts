// The call card: a call ringing for me (in phone mode too), the call I am on (a running timer, the caller's
// language), or my last call once it has ended, with call-back and block for as long as the server allows them and
// the call-back's progress. Rebuilt from the server's state after a reload; the caller's number is never here.
import { api } from './api.js';
import type { BlockReason } from '../../src/shared/block-reasons.js';
import { h, uid } from './dom.js';
import { formatElapsed } from './format.js';
import { currentLang, T, tx, type Text } from './i18n.js';
import { BLOCK_REASON_LABELS, CALLER_LANGUAGE_LABELS } from './labels.js';
import type { CallbackProgress, EndedCall } from './live.js';
import { serverMessage } from './messages.js';
import { ringSoundToggle, startRinging, stopRinging } from './ring-sound.js';

export type CardView =
  | { kind: 'ringing'; callId: string; since: number | undefined; language: 'da' | 'en'; via: 'phone' | 'browser' }
  | { kind: 'live'; callId: string; answeredAt: number | undefined; language: 'da' | 'en' }
  | { kind: 'ended'; call: EndedCall };

export interface CallCardOptions {
  openOutcome: (callId: string) => void;
  dismissEnded: (callId: string) => void;
  /** The server's clock as the page estimates it (times in the state are the server's). */
  now: () => number;
}

export const CALLBACK_TEXT: Record<CallbackProgress, Text> = {
  dialing: T('Opkalderen ringes op fra linjens nummer…', 'The caller is being called from the line number…'),
  ringing: T('Det ringer hos opkalderen.', 'It is ringing at the caller’s end.'),
  answered: T('Opkalderen har taget telefonen og bliver spurgt, om de vil tale med en psykolog.', 'The caller has picked up and is being asked whether they want to talk to a psychologist.'),
  ringing_you: T('Opkalderen sagde ja: nu ringer det hos dig.', 'The caller said yes: it is ringing for you now.'),
  connected: T('I er forbundet.', 'You are connected.'),
  no_answer: T('Opkalderen svarede ikke.', 'The caller did not answer.'),
  failed: T('Opkaldet til opkalderen kunne ikke gennemføres.', 'The call to the caller could not be made.'),
  ended: T('Samtalen efter opringningen er afsluttet.', 'The call-back conversation has ended.'),
};

const BASE_TITLE = document.title;

export function callCard(options: CallCardOptions) {
  const titleId = uid('call-title');
  const title = h('h2', { id: titleId });
  const body = h('div', { class: 'call-body' });
  const idle = h('p', { class: 'idle', text: T('Intet opkald lige nu.', 'No call right now.') });
  // Announced at once, wherever the focus is: a call is ringing.
  const announcer = h('p', { class: 'visually-hidden', role: 'alert' });
  const element = h('section', { class: 'panel call-card', 'aria-labelledby': titleId }, title, announcer, idle, body);
  let view: CardView | undefined;
  let timer: number | undefined;
  let shownKey: string | undefined;
  // The parts of an ended call's card that follow the state without a re-render (so focus and a half-filled block
  // form survive a resync).
  let endedParts: { callbackButton: HTMLButtonElement; blockButton: HTMLButtonElement; blockForm: HTMLFormElement; callbackMessage: HTMLElement } | undefined;

  tx(title, T('Igangværende opkald', 'Current call'));

  const keyOf = (v: CardView | undefined) => (v ? `${v.kind}:${v.kind === 'ended' ? v.call.callId : v.callId}` : '');

  function clock(from: number | undefined, to: number | undefined): HTMLElement {
    const el = h('span', { class: 'timer', role: 'timer', 'aria-live': 'off' });
    const tick = () => (el.textContent = from === undefined ? '–' : formatElapsed((to ?? options.now()) - from));
    tick();
    if (to === undefined) timer = window.setInterval(tick, 1000);
    return el;
  }

  function details(...rows: Array<[Text, HTMLElement | Text]>) {
    return h('dl', { class: 'call-details' }, ...rows.map(([term, value]) => h('div', {}, h('dt', { text: term }), h('dd', {}, value))));
  }

  function renderRinging(v: Extract<CardView, { kind: 'ringing' }>) {
    tx(title, T('Opkald ringer', 'Call ringing'));
    tx(announcer, T('Et opkald ringer til dig.', 'A call is ringing for you.'));
    body.append(
      details([T('Har ringet i', 'Ringing for'), clock(v.since, undefined)], [T('Opkalderens sprog', "Caller's language"), h('span', { class: 'caller-language', text: CALLER_LANGUAGE_LABELS[v.language] })]),
      h('p', {
        class: 'ringing-hint',
        text: v.via === 'browser'
          ? T('Besvar her i browseren med »Besvar« under »Vagt«.', 'Answer here in the browser with “Accept” under “On call”.')
          : T('Tag din telefon, og tryk 1 for at besvare.', 'Pick up your phone and press 1 to answer.'),
      }),
      ringSoundToggle(),
    );
    startRinging();
    document.title = `${T('Opkald ringer', 'Call ringing')[currentLang()]} · ${BASE_TITLE}`;
  }

  function renderLive(v: Extract<CardView, { kind: 'live' }>) {
    tx(title, T('Igangværende opkald', 'Current call'));
    const message = h('p', { class: 'message', role: 'status', 'aria-live': 'polite' });
    const outcomeButton = h('button', { type: 'button', class: 'button primary', text: T('Udfyld udfald', 'Fill in outcome'), onclick: () => options.openOutcome(v.callId) });
    // For a call that ended while the server could not hear it (the card would stay "live"): the server asks Twilio
    // and ends it only if it is over there.
    const overButton = h('button', { type: 'button', class: 'button subtle', text: T('Opkaldet er slut', 'The call is over') });
    overButton.addEventListener('click', () => {
      overButton.disabled = true;
      api('POST', `/api/calls/${encodeURIComponent(v.callId)}/end`).then(
        () => tx(message, T('Opkaldet er afsluttet.', 'The call has been ended.')),
        (err: unknown) => {
          overButton.disabled = false;
          tx(message, serverMessage(err, 'end'));
        },
      );
    });
    body.append(
      details([T('Tid', 'Time'), clock(v.answeredAt, undefined)], [T('Opkalderens sprog', "Caller's language"), h('span', { class: 'caller-language', text: CALLER_LANGUAGE_LABELS[v.language] })]),
      h('div', { class: 'actions' }, outcomeButton, overButton),
      message,
    );
  }

  function renderEnded(c: EndedCall) {
    tx(title, T('Opkaldet er afsluttet', 'The call has ended'));
    const callbackMessage = h('p', { class: 'message callback-message', role: 'status', 'aria-live': 'polite' });
    const blockMessage = h('p', { class: 'message block-message', role: 'status', 'aria-live': 'polite' });
    const outcomeButton = h('button', { type: 'button', class: 'button primary', text: T('Udfyld udfald', 'Fill in outcome'), onclick: () => options.openOutcome(c.callId) });
    const callbackButton = h('button', { type: 'button', class: 'button', text: T('Ring opkalderen op', 'Call the caller back') });
    const blockButton = h('button', { type: 'button', class: 'button', 'aria-expanded': 'false', text: T('Bloker opkalder…', 'Block caller…') });
    const dismissButton = h('button', { type: 'button', class: 'button subtle', text: T('Skjul', 'Hide'), onclick: () => options.dismissEnded(c.callId) });

    // Block: for how many days, and why (a code, never free text).
    const daysId = uid('block-days');
    const reasonId = uid('block-reason');
    const days = h('input', { id: daysId, name: 'days', type: 'number', min: '1', max: '365', value: '30', required: true, inputmode: 'numeric' });
    const reason = h('select', { id: reasonId, name: 'reason', required: true }, h('option', { value: '', text: T('— vælg —', '— choose —') }));
    for (const [code, label] of Object.entries(BLOCK_REASON_LABELS)) reason.append(h('option', { value: code, text: label }));
    const cancel = h('button', { type: 'button', class: 'button subtle', text: T('Annuller', 'Cancel') });
    const blockForm = h(
      'form',
      { class: 'block-form', hidden: true, novalidate: true, 'aria-label': T('Bloker opkalder', 'Block caller') },
      h('div', { class: 'field' }, h('label', { for: daysId, text: T('Antal dage (1–365)', 'Number of days (1–365)') }), days),
      h('div', { class: 'field' }, h('label', { for: reasonId, text: T('Årsag', 'Reason') }), reason),
      h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button danger', text: T('Bloker', 'Block') }), cancel),
    );
    const closeBlockForm = () => {
      blockForm.hidden = true;
      blockButton.setAttribute('aria-expanded', 'false');
      blockButton.focus();
    };
    blockButton.addEventListener('click', () => {
      blockForm.hidden = !blockForm.hidden;
      blockButton.setAttribute('aria-expanded', String(!blockForm.hidden));
      if (!blockForm.hidden) days.focus();
    });
    cancel.addEventListener('click', closeBlockForm);
    blockForm.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        closeBlockForm();
      }
    });
    blockForm.addEventListener('submit', (event) => {
      event.preventDefault();
      const n = Number(days.value);
      if (!Number.isInteger(n) || n < 1 || n > 365) {
        tx(blockMessage, T('Antal dage skal være et helt tal fra 1 til 365.', 'The number of days must be a whole number from 1 to 365.'));
        return days.focus();
      }
      if (!reason.value) {
        tx(blockMessage, T('Vælg en årsag.', 'Choose a reason.'));
        return reason.focus();
      }
      api('POST', `/api/calls/${encodeURIComponent(c.callId)}/block`, { days: n, reason: reason.value as BlockReason }).then(
        () => {
          blockForm.hidden = true;
          blockButton.setAttribute('aria-expanded', 'false');
          tx(blockMessage, T(`Opkalderen er blokeret i ${n} dage.`, `The caller is blocked for ${n} days.`));
          blockButton.focus();
        },
        (err: unknown) => tx(blockMessage, serverMessage(err, 'block')),
      );
    });
    callbackButton.addEventListener('click', () => {
      callbackButton.disabled = true;
      tx(callbackMessage, CALLBACK_TEXT.dialing);
      api('POST', `/api/calls/${encodeURIComponent(c.callId)}/callback`).then(
        () => undefined,
        (err: unknown) => {
          callbackButton.disabled = false;
          tx(callbackMessage, serverMessage(err, 'callback'));
        },
      );
    });

    body.append(
      details([T('Varighed', 'Duration'), clock(c.answeredAt, c.endedAt ?? options.now())], [T('Opkalderens sprog', "Caller's language"), h('span', { class: 'caller-language', text: CALLER_LANGUAGE_LABELS[c.language] })]),
      h('div', { class: 'actions' }, outcomeButton, callbackButton, blockButton, dismissButton),
      callbackMessage,
      blockForm,
      blockMessage,
    );
    endedParts = { callbackButton, blockButton, blockForm, callbackMessage };
    update(c);
  }

  /** An ended call's card follows the state: what is still possible, and how far the call-back got. */
  function update(c: EndedCall) {
    if (!endedParts) return;
    const { callbackButton, blockButton, blockForm, callbackMessage } = endedParts;
    const asked = c.callback !== null;
    callbackButton.hidden = !c.canCallBack && !asked;
    callbackButton.disabled = asked || !c.canCallBack;
    if (c.callback) tx(callbackMessage, CALLBACK_TEXT[c.callback]);
    blockButton.hidden = !c.canBlock;
    if (blockButton.hidden && !blockForm.hidden) blockForm.hidden = true;
  }

  function render() {
    window.clearInterval(timer);
    stopRinging();
    document.title = BASE_TITLE;
    body.replaceChildren();
    tx(announcer, '');
    endedParts = undefined;
    element.dataset.kind = view?.kind ?? 'idle';
    if (!view) {
      idle.hidden = false;
      tx(title, T('Igangværende opkald', 'Current call'));
      return;
    }
    idle.hidden = true;
    if (view.kind === 'ringing') renderRinging(view);
    else if (view.kind === 'live') renderLive(view);
    else renderEnded(view.call);
  }

  return {
    element,
    show(next: CardView | undefined) {
      const key = keyOf(next);
      view = next;
      // Re-render only when the call or its phase changes, so a focused button or a half-filled block form survives.
      if (key === shownKey) {
        if (next?.kind === 'ended') update(next.call);
        return;
      }
      shownKey = key;
      render();
    },
    /** A call-back's progress, as its event arrives. */
    progress(callId: string, status: CallbackProgress) {
      if (view?.kind !== 'ended' || view.call.callId !== callId) return;
      view = { kind: 'ended', call: { ...view.call, callback: status, canCallBack: false } };
      update(view.call);
    },
    current: () => view,
  };
}
