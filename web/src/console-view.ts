// The psychologist's console after login: header, on-call switch, live call card, queue, the calls awaiting an
// outcome, and the outcome form. Kept live over the console WebSocket.
import { api } from './api.js';
import { followupsPanel } from './followups/index.js';
import { awaitingList } from './awaiting.js';
import { callCard, type CardCall } from './call-card.js';
import { h, uid } from './dom.js';
import { callSummary } from './format.js';
import { T, tx } from './i18n.js';
import { langSwitch } from './lang-switch.js';
import { TRIAGE_LABELS } from './labels.js';
import { LiveConnection, type AwaitingCall, type LiveMessage, type LiveStatus } from './live.js';
import { onCallPanel } from './oncall.js';
import { outcomeForm, type SavedOutcome } from './outcome-form/index.js';

export function consoleView(user: { username: string }, actions: { logout: () => void; sessionLost: () => void }) {
  // --- header ---
  const connection = h('p', { class: 'connection', role: 'status', 'aria-live': 'polite', 'data-status': 'connecting' });
  const logoutButton = h('button', { type: 'button', class: 'button subtle', text: T('Log ud', 'Log out') });
  const header = h(
    'header',
    { class: 'topbar' },
    h('a', { class: 'skip-link', href: '#work', text: T('Spring til udfaldsskemaet', 'Skip to the outcome form') }),
    h('div', { class: 'brand-block' }, h('p', { class: 'brand' }, 'Stopline'), h('p', { class: 'brand-sub', text: T('Psykologkonsol', 'Psychologist console') })),
    connection,
    h('div', { class: 'topbar-right' }, langSwitch(), h('p', { class: 'user' }, h('span', { class: 'visually-hidden', text: T('Logget ind som ', 'Logged in as ') }), user.username), logoutButton),
  );

  // --- side column ---
  const onCall = onCallPanel();
  const queueTitle = uid('queue-title');
  const queueValue = h('span', { class: 'queue-value', 'aria-live': 'polite', 'aria-atomic': 'true' });
  const queue = h('section', { class: 'panel queue', 'aria-labelledby': queueTitle }, h('h2', { id: queueTitle, text: T('Kø', 'Queue') }), h('p', { class: 'queue-line' }, queueValue));
  const card = callCard({ openOutcome: (id) => openForm(id), dismissEnded: () => card.show(undefined) });
  const awaiting = awaitingList((call) => openForm(call.id));
  const followups = followupsPanel(); // follow-up contact: list, due alerts, reveal, call via the line, attempts

  // --- work area ---
  const work = h('section', { class: 'work', id: 'work', tabindex: '-1', 'aria-label': T('Udfald', 'Outcome') });
  const placeholder = () =>
    h(
      'div',
      { class: 'panel placeholder' },
      h('h2', { text: T('Udfald', 'Outcome') }),
      h('p', { text: T('Vælg et opkald under “Venter på udfald” for at udfylde dets skema.', 'Choose a call under “Awaiting an outcome” to fill in its form.') }),
    );
  work.append(placeholder());

  const element = h(
    'div',
    { class: 'app' },
    header,
    h('main', { class: 'layout', id: 'main' }, h('div', { class: 'side' }, onCall.element, card.element, queue, awaiting.element, followups.element), work),
  );

  let openCallId: string | undefined;
  let focusOpenForm: (() => void) | undefined;
  let currentCall: CardCall | undefined;

  function openForm(callId: string) {
    if (openCallId === callId && focusOpenForm) return focusOpenForm();
    const known = awaiting.find(callId);
    const summary = known ? callSummary(known) : T('Opkaldet er i gang', 'The call is in progress');
    openCallId = callId;
    awaiting.setOpen(callId);
    const form = outcomeForm({
      callId,
      summary,
      onSaved: (result) => saved(callId, result),
      onClose: () => {
        openCallId = undefined;
        focusOpenForm = undefined;
        awaiting.setOpen(undefined);
        awaiting.refreshBadges();
        work.replaceChildren(placeholder());
        work.focus();
      },
    });
    work.replaceChildren(form.element);
    focusOpenForm = form.focus;
    form.focus();
  }

  function saved(callId: string, result: SavedOutcome) {
    openCallId = undefined;
    focusOpenForm = undefined;
    awaiting.remove(callId);
    awaiting.setOpen(undefined);
    const note = h(
      'div',
      { class: 'panel saved', role: 'status', tabindex: '-1', 'data-triage': result.triage },
      h('h2', { text: T('Udfaldet er gemt', 'The outcome is saved') }),
      h(
        'p',
        {},
        h('span', { text: T('Triage: ', 'Triage: ') }),
        h('strong', { class: 'triage-badge', 'data-level': result.triage, text: TRIAGE_LABELS[result.triage] }),
        result.overridden ? h('span', { text: T(` (beregnet: ${TRIAGE_LABELS[result.computed].da}; ændret af dig)`, ` (computed: ${TRIAGE_LABELS[result.computed].en}; overridden by you)`) }) : null,
      ),
      h('p', { class: 'hint', text: T('Du kan rette udfaldet de næste 15 minutter; derefter lukkes opkaldet.', 'You can correct it for the next 15 minutes; then the call is closed.') }),
    );
    work.replaceChildren(note);
    note.focus();
  }

  function setQueue(length: number) {
    tx(queueValue, length === 0 ? T('Ingen venter i køen', 'Nobody is waiting in the queue') : length === 1 ? T('1 opkalder venter', '1 caller waiting') : T(`${length} opkaldere venter`, `${length} callers waiting`));
    queue.classList.toggle('has-queue', length > 0);
  }

  function setConnection(status: LiveStatus) {
    connection.dataset.status = status;
    tx(
      connection,
      status === 'open' ? T('Forbundet', 'Connected') : status === 'connecting' ? T('Forbinder…', 'Connecting…') : T('Genopretter forbindelse…', 'Reconnecting…'),
    );
  }

  async function refreshAwaiting() {
    try {
      awaiting.set(await api<AwaitingCall[]>('GET', '/api/calls?awaiting=outcome'));
    } catch {
      // the next state message brings the list anyway
    }
  }

  function callEnded(callId: string) {
    if (currentCall?.callId === callId && !currentCall.endedAt) {
      currentCall = { ...currentCall, endedAt: Date.now() };
      card.show(currentCall);
    }
    void refreshAwaiting();
  }

  function onMessage(message: LiveMessage) {
    followups.onLive(message);
    switch (message.type) {
      case 'state': {
        const call = message.currentCall;
        if (call) currentCall = { callId: call.callId, answeredAt: call.answeredAt, language: call.language };
        // The call I was on ended while the console was away: show it as ended.
        else if (currentCall && !currentCall.endedAt) currentCall = { ...currentCall, endedAt: Date.now() };
        card.show(currentCall);
        setQueue(message.queueLength);
        awaiting.set(message.awaitingOutcome);
        break;
      }
      case 'call.answered':
        // Whether it is mine, and when it started, the server knows: ask for the state.
        live.resync();
        break;
      case 'call.ended':
        if ('callId' in message) callEnded(message.callId);
        break;
      case 'queue.changed':
        setQueue(message.length);
        break;
      case 'call.incoming':
        // It rings for whoever is on call; their phone or browser softphone tells them, not the console.
        break;
    }
  }

  const live = new LiveConnection({ message: onMessage, status: setConnection, sessionLost: () => actions.sessionLost() });

  logoutButton.addEventListener('click', () => actions.logout());
  setConnection('connecting');
  setQueue(0);

  return {
    element,
    start() {
      live.start();
      void onCall.load();
    },
    stop() {
      live.stop();
      onCall.dispose();
      followups.dispose();
    },
  };
}
