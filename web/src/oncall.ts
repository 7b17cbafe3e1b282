// The on-call switch for today (PUT /api/oncall): taking calls or not, by phone or in the browser.
import { api, ApiError } from './api.js';
import { h, uid } from './dom.js';
import { T, tx } from './i18n.js';
import { startSoftphone, stopSoftphone, type SoftphoneState } from './softphone.js';

type Via = 'phone' | 'browser';

export function onCallPanel(): { element: HTMLElement; load: () => Promise<void>; dispose: () => void } {
  const titleId = uid('oncall-title');
  const switchId = uid('oncall-switch');
  const viaName = uid('via');
  const available = h('input', { type: 'checkbox', id: switchId, role: 'switch', class: 'switch' });
  const viaInputs = (['phone', 'browser'] as const).map((via) => h('input', { type: 'radio', name: viaName, id: `${viaName}-${via}`, value: via, checked: via === 'phone' }));
  const summary = h('p', { class: 'oncall-summary', role: 'status', 'aria-live': 'polite' });
  const message = h('p', { class: 'message', role: 'alert' });
  const phoneStatus = h('p', { class: 'softphone-status', role: 'status', 'aria-live': 'polite', hidden: true });
  const accept = h('button', { type: 'button', class: 'button primary accept', text: T('Besvar', 'Accept') });
  const reject = h('button', { type: 'button', class: 'button', text: T('Afvis', 'Reject') });
  const incoming = h('div', { class: 'incoming', hidden: true }, h('p', { class: 'incoming-title', text: T('Opkald ringer', 'Call ringing') }), accept, reject);

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
  );

  let current: { available: boolean; via: Via } = { available: false, via: 'phone' };
  let pendingCall: { accept: () => void; reject: () => void } | undefined;

  const via = (): Via => (viaInputs.find((i) => i.checked)?.value === 'browser' ? 'browser' : 'phone');

  function show(state: { available: boolean; via: Via }) {
    current = state;
    available.checked = state.available;
    for (const input of viaInputs) input.checked = input.value === state.via;
    element.classList.toggle('is-on', state.available);
    tx(
      summary,
      !state.available
        ? T('Du tager ikke opkald.', 'You are not taking calls.')
        : state.via === 'phone'
          ? T('Du er på vagt: opkald ringer på din telefon.', 'You are on call: calls ring on your phone.')
          : T('Du er på vagt: opkald ringer her i browseren.', 'You are on call: calls ring here in the browser.'),
    );
    if (state.available && state.via === 'browser') {
      phoneStatus.hidden = false;
      void startSoftphone({
        status: (s: SoftphoneState, text) => {
          phoneStatus.dataset.state = s;
          tx(phoneStatus, text);
        },
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
    const wanted = { available: available.checked, via: via() };
    tx(message, '');
    available.disabled = true;
    try {
      show(await api<{ available: boolean; via: Via }>('PUT', '/api/oncall', wanted));
    } catch (err) {
      show(current);
      tx(
        message,
        err instanceof ApiError && err.status === 400
          ? T(`Det gik ikke: ${err.message}.`, `That did not work: ${err.message}.`)
          : T('Vagten kunne ikke ændres. Prøv igen.', 'Your on-call status could not be changed. Try again.'),
      );
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
      try {
        const state = await api<{ available: boolean; via: Via }>('GET', '/api/oncall');
        show({ available: state.available, via: state.via });
      } catch {
        tx(message, T('Vagtstatus kunne ikke hentes.', 'Your on-call status could not be loaded.'));
      }
    },
    dispose: () => stopSoftphone(),
  };
}
