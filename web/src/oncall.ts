// The on-call switch for today (PUT /api/oncall), by phone or in the browser, and the truth about it (GET
// /api/oncall): where a call would ring now, the rota shift and its end, colleagues on call, a missing phone.
import { api } from './api.js';
import { h, uid } from './dom.js';
import { T, tx, type Text } from './i18n.js';
import { serverMessage } from './messages.js';
import { startSoftphone, stopSoftphone, type SoftphoneState } from './softphone.js';

type Via = 'phone' | 'browser';

/** GET /api/oncall. */
export interface OnCallDetails {
  available: boolean;
  via: Via;
  onCallNow: number;
  colleaguesOnCall: number;
  hasPhone: boolean;
  shift: { starts: string; ends: string } | null;
  softphoneRegistered: boolean;
  reachable: 'browser' | 'phone' | 'none';
  softphoneHeartbeatSeconds: number;
}

const REFRESH_MS = 30_000;
const clockText = (hhmm: string): Text => (hhmm === '24:00' ? T('midnat', 'midnight') : T(`kl. ${hhmm}`, hhmm));

const NO_PHONE = T(
  'Der er ikke registreret et telefonnummer til dig, så opkald kan ikke ringe på en telefon. Vælg »her i browseren«, eller bed en administrator om at tilføje dit nummer.',
  'No phone number is registered for you, so calls cannot ring on a phone. Choose “here in the browser”, or ask an admin to add your number.',
);

/** Where calls go, said plainly. */
export function reachText(d: OnCallDetails): Text {
  if (!d.available) {
    return d.shift
      ? T(`Du tager ikke opkald, selv om du står i rotaen til ${clockText(d.shift.ends).da}.`, `You are not taking calls, though you are on the rota until ${clockText(d.shift.ends).en}.`)
      : T('Du tager ikke opkald.', 'You are not taking calls.');
  }
  if (d.reachable === 'browser') return T('Du er på vagt: opkald ringer her i browseren.', 'You are on call: calls ring here in the browser.');
  if (d.reachable === 'phone') {
    return d.via === 'phone'
      ? T('Du er på vagt: opkald ringer på din telefon.', 'You are on call: calls ring on your phone.')
      : T('Browser-telefonen er ikke forbundet: opkald ringer på din telefon i stedet.', 'The browser phone is not connected: calls ring on your phone instead.');
  }
  if (d.via === 'browser') {
    return d.hasPhone
      ? T('Du kan ikke nås lige nu: browser-telefonen er ikke forbundet.', 'You cannot be reached right now: the browser phone is not connected.')
      : T('Du kan ikke nås lige nu: browser-telefonen er ikke forbundet, og du har ikke et telefonnummer registreret.', 'You cannot be reached right now: the browser phone is not connected and you have no phone number registered.');
  }
  return d.hasPhone
    ? T('Du kan ikke nås lige nu.', 'You cannot be reached right now.')
    : T('Du kan ikke nås lige nu: der er ikke registreret et telefonnummer til dig.', 'You cannot be reached right now: no phone number is registered for you.');
}

export function onCallPanel(): { element: HTMLElement; load: () => Promise<void>; dispose: () => void; via: () => Via } {
  const titleId = uid('oncall-title');
  const switchId = uid('oncall-switch');
  const viaName = uid('via');
  const available = h('input', { type: 'checkbox', id: switchId, role: 'switch', class: 'switch' });
  const viaInputs = (['phone', 'browser'] as const).map((via) => h('input', { type: 'radio', name: viaName, id: `${viaName}-${via}`, value: via, checked: via === 'phone' }));
  const summary = h('p', { class: 'oncall-summary', role: 'status', 'aria-live': 'polite' });
  const message = h('p', { class: 'message', role: 'alert' });
  const phoneStatus = h('p', { class: 'softphone-status', role: 'status', 'aria-live': 'polite', hidden: true });
  const facts = h('ul', { class: 'oncall-facts' });
  const noPhone = h('p', { class: 'notice no-phone', hidden: true, text: NO_PHONE });
  const accept = h('button', { type: 'button', class: 'button primary accept', text: T('Besvar', 'Accept') });
  const reject = h('button', { type: 'button', class: 'button', text: T('Afvis', 'Reject') });
  const incoming = h('div', { class: 'incoming', hidden: true }, h('p', { class: 'incoming-title', text: T('Opkald ringer i browseren', 'Call ringing in the browser') }), accept, reject);

  const element = h(
    'section',
    { class: 'panel oncall', 'aria-labelledby': titleId },
    h('h2', { id: titleId, text: T('Vagt', 'On call') }),
    h('div', { class: 'switch-row' }, available, h('label', { for: switchId, text: T('Jeg tager opkald nu', 'I am taking calls now') })),
    h(
      'fieldset',
      { class: 'choice inline via' },
      h('legend', { text: T('Opkald ringer', 'Calls ring') }),
      h(
        'div',
        { class: 'options' },
        ...viaInputs.map((input) =>
          h('div', { class: 'option' }, input, h('label', { for: input.id, text: input.value === 'phone' ? T('på min telefon', 'on my phone') : T('her i browseren', 'here in the browser') })),
        ),
      ),
    ),
    summary,
    message,
    phoneStatus,
    incoming,
    noPhone,
    facts,
  );

  let current: { available: boolean; via: Via } = { available: false, via: 'phone' };
  let details: OnCallDetails | undefined;
  let pendingCall: { accept: () => void; reject: () => void } | undefined;
  let refreshTimer: number | undefined;
  let softphoneOn = false;

  const chosenVia = (): Via => (viaInputs.find((i) => i.checked)?.value === 'browser' ? 'browser' : 'phone');

  function showDetails(d: OnCallDetails) {
    details = d;
    tx(summary, reachText(d));
    summary.dataset.reachable = d.available ? d.reachable : 'off';
    noPhone.hidden = d.hasPhone;
    const items: Text[] = [
      d.shift
        ? T(`Din vagt i rotaen slutter ${clockText(d.shift.ends).da} (begyndte ${clockText(d.shift.starts).da}).`, `Your rota shift ends at ${clockText(d.shift.ends).en} (began at ${d.shift.starts}).`)
        : T('Du har ingen vagt i rotaen lige nu.', 'You have no rota shift right now.'),
      d.colleaguesOnCall === 0
        ? T('Ingen kolleger er på vagt lige nu.', 'No colleagues are on call right now.')
        : d.colleaguesOnCall === 1
          ? T('1 kollega er på vagt.', '1 colleague is on call.')
          : T(`${d.colleaguesOnCall} kolleger er på vagt.`, `${d.colleaguesOnCall} colleagues are on call.`),
    ];
    facts.replaceChildren(...items.map((text) => h('li', { text })));
  }

  async function refresh() {
    try {
      const d = await api<OnCallDetails>('GET', '/api/oncall');
      show({ available: d.available, via: d.via });
      showDetails(d);
    } catch (err) {
      if (!details) tx(message, T(`Vagtstatus kunne ikke hentes. ${serverMessage(err, 'load').da}`, `Your on-call status could not be loaded. ${serverMessage(err, 'load').en}`));
    }
  }

  function show(state: { available: boolean; via: Via }) {
    current = state;
    available.checked = state.available;
    for (const input of viaInputs) input.checked = input.value === state.via;
    element.classList.toggle('is-on', state.available);
    const wantSoftphone = state.available && state.via === 'browser';
    if (wantSoftphone === softphoneOn) return;
    softphoneOn = wantSoftphone;
    if (wantSoftphone) {
      phoneStatus.hidden = false;
      void startSoftphone({
        status: (s: SoftphoneState, text) => {
          phoneStatus.dataset.state = s;
          tx(phoneStatus, text);
        },
        // The server routes to the browser only while it is registered: what it now says may have changed.
        registration: () => void refresh(),
        incoming: (actions) => {
          pendingCall = actions;
          incoming.hidden = false;
          accept.focus();
        },
        settled: () => {
          pendingCall = undefined;
          incoming.hidden = true;
        },
      });
    } else {
      stopSoftphone();
      phoneStatus.hidden = true;
      incoming.hidden = true;
    }
  }

  async function change() {
    const wanted = { available: available.checked, via: chosenVia() };
    tx(message, '');
    available.disabled = true;
    try {
      show(await api<{ available: boolean; via: Via }>('PUT', '/api/oncall', wanted));
      await refresh();
    } catch (err) {
      show(current);
      tx(message, T(`Vagten blev ikke ændret. ${serverMessage(err, 'oncall').da}`, `Your on-call status was not changed. ${serverMessage(err, 'oncall').en}`));
    } finally {
      available.disabled = false;
    }
  }

  available.addEventListener('change', () => void change());
  for (const input of viaInputs) input.addEventListener('change', () => void change());
  accept.addEventListener('click', () => {
    pendingCall?.accept();
    pendingCall = undefined;
    incoming.hidden = true;
  });
  reject.addEventListener('click', () => {
    pendingCall?.reject();
    pendingCall = undefined;
    incoming.hidden = true;
  });

  return {
    element,
    load: async () => {
      await refresh();
      window.clearInterval(refreshTimer);
      refreshTimer = window.setInterval(() => void refresh(), REFRESH_MS);
    },
    dispose: () => {
      window.clearInterval(refreshTimer);
      softphoneOn = false;
      stopSoftphone();
    },
    via: () => details?.reachable === 'browser' ? 'browser' : 'phone',
  };
}
