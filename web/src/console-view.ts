// The psychologist's console after login: header, on-call switch and its truth, the call card (ringing, live, or
// just ended with call-back and block), the queue and its front caller's wait, the calls awaiting an outcome, and the
// outcome form (with correction in the grace period). Kept live over the console WebSocket; rebuilt from the
// server's state on every connect, so a reload or a new login shows what is still possible.
import { api } from './api.js';
import { followupsPanel } from './followups/index.js';
import { awaitingList } from './awaiting.js';
import { callCard, type CardView } from './call-card.js';
import { h, uid } from './dom.js';
import { formatClock } from './format.js';
import { T, tx, type Text } from './i18n.js';
import { langSwitch } from './lang-switch.js';
import { TRIAGE_LABELS } from './labels.js';
import { LiveConnection, type LiveMessage, type LiveStatus, type StateMessage } from './live.js';
import { serverMessage } from './messages.js';
import { onCallPanel } from './oncall.js';
import { outcomeForm, type BackupDuty, type SavedOutcome } from './outcome-form/index.js';
import { outcomeToValues } from './outcome-form/form-values.js';

/** Resyncs asked for by events are spread out (the server allows about one a second per console). */
const RESYNC_GAP_MS = 1500;

/** "under 1 min", "4 min" */
function waitText(ms: number): Text {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  return minutes < 1 ? T('under 1 min', 'under 1 min') : T(`${minutes} min`, `${minutes} min`);
}

export function consoleView(user: { username: string }, actions: { logout: () => void; sessionLost: () => void }) {
  // The server's clock as the page estimates it: the times in the state are the server's.
  let clockOffset = 0;
  const now = () => Date.now() + clockOffset;

  // --- header ---
  const connection = h('p', { class: 'connection', role: 'status', 'aria-live': 'polite', 'data-status': 'connecting' });
  const logoutButton = h('button', { type: 'button', class: 'button subtle', text: T('Log ud', 'Log out') });
  const heading = h('h1', { class: 'brand-sub', tabindex: '-1', text: T('Psykologkonsol', 'Psychologist console') });
  const header = h(
    'header',
    { class: 'topbar' },
    h('a', { class: 'skip-link', href: '#work', text: T('Spring til udfaldsskemaet', 'Skip to the outcome form') }),
    h('div', { class: 'brand-block' }, h('p', { class: 'brand' }, 'Stoplinjen'), heading),
    connection,
    h('div', { class: 'topbar-right' }, langSwitch(), h('p', { class: 'user' }, h('span', { class: 'visually-hidden', text: T('Logget ind som ', 'Logged in as ') }), user.username), logoutButton),
  );

  // --- side column ---
  const onCall = onCallPanel();
  const queueTitle = uid('queue-title');
  const queueValue = h('span', { class: 'queue-value', 'aria-live': 'polite', 'aria-atomic': 'true' });
  const queueWait = h('span', { class: 'queue-wait' });
  const queue = h('section', { class: 'panel queue', 'aria-labelledby': queueTitle }, h('h2', { id: queueTitle, text: T('Kø', 'Queue') }), h('p', { class: 'queue-line' }, queueValue), h('p', { class: 'queue-line' }, queueWait));
  const dismissed = new Set<string>();
  const card = callCard({
    openOutcome: (id) => openForm(id),
    dismissEnded: (id) => {
      dismissed.add(id);
      card.show(undefined);
    },
    now,
  });
  const awaiting = awaitingList((call) => openForm(call.id), now);
  const followups = followupsPanel(); // follow-up contact: list, due alerts, reveal, call via the line, attempts

  // --- work area ---
  const work = h('section', { class: 'work', id: 'work', tabindex: '-1', 'aria-label': T('Udfald', 'Outcome') });
  const placeholder = () =>
    h(
      'div',
      { class: 'panel placeholder' },
      h('h2', { text: T('Udfald', 'Outcome') }),
      h('p', { text: T('Vælg et opkald under »Venter på udfald« for at udfylde dets skema.', 'Choose a call under “Awaiting an outcome” to fill in its form.') }),
    );
  work.append(placeholder());

  const element = h(
    'div',
    { class: 'app' },
    header,
    h('main', { class: 'layout', id: 'main' }, h('div', { class: 'side' }, onCall.element, card.element, queue, awaiting.element, followups.element), work),
  );

  let openCallId: string | undefined;
  let openFormApi: { focus: () => void; setBackupDuty: (d: BackupDuty | null) => void } | undefined;
  let backupDuty: BackupDuty | null = null;

  function closeForm() {
    openCallId = undefined;
    openFormApi = undefined;
    awaiting.setOpen(undefined);
    awaiting.refreshBadges();
  }

  function openForm(callId: string, correction?: { values: Record<string, string | string[]>; summary: Text; result: SavedOutcome }) {
    if (!correction && openCallId === callId && openFormApi) return openFormApi.focus();
    const summary = correction?.summary ?? awaiting.label(callId) ?? T('Opkaldet er i gang', 'The call is in progress');
    openCallId = callId;
    awaiting.setOpen(callId);
    const form = outcomeForm({
      callId,
      summary,
      backupDuty,
      ...(correction ? { correction: correction.values } : {}),
      onSaved: (result) => saved(callId, summary, result),
      onClose: () => {
        closeForm();
        // Closing a correction goes back to the saved panel (it can still be corrected from there).
        if (correction) return saved(callId, correction.summary, correction.result);
        work.replaceChildren(placeholder());
        work.focus();
      },
    });
    work.replaceChildren(form.element);
    openFormApi = form;
    form.focus();
  }

  function saved(callId: string, summary: Text, result: SavedOutcome) {
    closeForm();
    awaiting.remove(callId);
    const correctLine = h('p', { class: 'hint correct-line' });
    const correctMessage = h('p', { class: 'message', role: 'status', 'aria-live': 'polite' });
    const correctButton = h('button', { type: 'button', class: 'button', hidden: true, text: T('Ret udfaldet', 'Correct the outcome') });
    const savedTitle = uid('saved-title');
    const note = h(
      'section',
      { class: 'panel saved', tabindex: '-1', 'aria-labelledby': savedTitle, 'data-triage': result.triage },
      h('h2', { id: savedTitle, text: T('Udfaldet er gemt', 'The outcome is saved') }),
      h('p', { class: 'call-meta', text: summary }),
      h(
        'p',
        {},
        h('span', { text: T('Triage: ', 'Triage: ') }),
        h('strong', { class: 'triage-badge', 'data-level': result.triage, text: TRIAGE_LABELS[result.triage] }),
        result.overridden ? h('span', { text: T(` (beregnet: ${TRIAGE_LABELS[result.computed].da}; ændret af dig)`, ` (computed: ${TRIAGE_LABELS[result.computed].en}; overridden by you)`) }) : null,
      ),
      correctLine,
      h('div', { class: 'actions' }, correctButton),
      correctMessage,
    );
    let closeTimer: number | undefined;
    const closed = () => {
      correctButton.hidden = true;
      tx(correctLine, T('Tiden til at rette udfaldet er gået; opkaldet er lukket.', 'The time to correct the outcome has passed; the call is closed.'));
    };
    const load = () => api<Record<string, unknown> & { correctableForSeconds: number }>('GET', `/api/calls/${encodeURIComponent(callId)}/outcome`);
    // How long it can still be corrected, as the server counts it.
    load().then(
      (outcome) => {
        if (outcome.correctableForSeconds <= 0) return closed();
        const until = formatClock(new Date(Date.now() + outcome.correctableForSeconds * 1000));
        tx(correctLine, T(`Du kan rette udfaldet indtil kl. ${until}; derefter lukkes opkaldet.`, `You can correct the outcome until ${until}; then the call is closed.`));
        correctButton.hidden = false;
        closeTimer = window.setTimeout(closed, outcome.correctableForSeconds * 1000);
      },
      () => closed(),
    );
    correctButton.addEventListener('click', () => {
      correctButton.disabled = true;
      load().then(
        (outcome) => {
          window.clearTimeout(closeTimer);
          openForm(callId, { values: outcomeToValues(outcome), summary, result });
        },
        (err: unknown) => {
          correctButton.disabled = false;
          tx(correctMessage, serverMessage(err, 'correction'));
        },
      );
    });
    work.replaceChildren(note);
    note.focus();
  }

  let queueFrontSince: number | null = null;
  let queueLength = 0;
  function renderQueue() {
    tx(queueValue, queueLength === 0 ? T('Ingen venter i køen', 'Nobody is waiting in the queue') : queueLength === 1 ? T('1 opkalder venter', '1 caller waiting') : T(`${queueLength} opkaldere venter`, `${queueLength} callers waiting`));
    queue.classList.toggle('has-queue', queueLength > 0);
    if (queueLength > 0 && queueFrontSince !== null) {
      const wait = waitText(now() - queueFrontSince);
      tx(queueWait, T(`Den forreste har ventet ${wait.da}.`, `The caller at the front has waited ${wait.en}.`));
      queueWait.hidden = false;
    } else {
      queueWait.hidden = true;
    }
  }
  const queueTimer = window.setInterval(renderQueue, 15_000);

  function setConnection(status: LiveStatus) {
    connection.dataset.status = status;
    tx(
      connection,
      status === 'open' ? T('Forbundet', 'Connected') : status === 'connecting' ? T('Forbinder…', 'Connecting…') : T('Genopretter forbindelse…', 'Reconnecting…'),
    );
  }

  function cardViewOf(state: StateMessage): CardView | undefined {
    if (state.currentCall) return { kind: 'live', callId: state.currentCall.callId, answeredAt: state.currentCall.answeredAt, language: state.currentCall.language };
    if (state.ringingCall) return { kind: 'ringing', callId: state.ringingCall.callId, since: state.ringingCall.since, language: state.ringingCall.language, via: onCall.via() };
    if (state.endedCall && !dismissed.has(state.endedCall.callId)) return { kind: 'ended', call: state.endedCall };
    return undefined;
  }

  function applyState(state: StateMessage) {
    clockOffset = state.serverNow - Date.now();
    card.show(cardViewOf(state));
    queueLength = state.queueLength;
    queueFrontSince = state.queueFrontSince;
    renderQueue();
    awaiting.set(state.awaitingOutcome);
    backupDuty = state.backupDuty;
    openFormApi?.setBackupDuty(backupDuty);
  }

  // Events say what changed; the state says what is true. A burst of events makes one resync.
  let resyncTimer: number | undefined;
  let lastResync = 0;
  function resyncSoon() {
    if (resyncTimer !== undefined) return;
    const wait = Math.max(0, lastResync + RESYNC_GAP_MS - Date.now());
    resyncTimer = window.setTimeout(() => {
      resyncTimer = undefined;
      lastResync = Date.now();
      live.resync();
    }, wait);
  }

  function onMessage(message: LiveMessage) {
    followups.onLive(message);
    switch (message.type) {
      case 'state':
        applyState(message);
        break;
      case 'call.ringing':
        // Shown at once; the state that follows has its exact start.
        card.show({ kind: 'ringing', callId: message.callId, since: now(), language: message.language, via: onCall.via() });
        resyncSoon();
        break;
      case 'call.unanswered':
      case 'call.answered':
      case 'call.ended':
        if (!('by' in message)) resyncSoon();
        break;
      case 'queue.changed':
        queueLength = message.length;
        if (message.length === 0) queueFrontSince = null;
        renderQueue();
        // The front caller's waiting time comes with the state.
        if (message.length > 0) resyncSoon();
        break;
      case 'callback.progress':
        card.progress(message.callId, message.status);
        break;
      case 'call.incoming':
        // It rings for whoever is on call: the private call.ringing says when it is me.
        break;
    }
  }

  const live = new LiveConnection({ message: onMessage, status: setConnection, sessionLost: () => actions.sessionLost() });

  logoutButton.addEventListener('click', () => actions.logout());
  setConnection('connecting');
  renderQueue();

  return {
    element,
    start() {
      live.start();
      void onCall.load();
      // After login (or a reload) the focus starts at the page's heading, not on <body>.
      heading.focus();
    },
    stop() {
      live.stop();
      onCall.dispose();
      window.clearInterval(queueTimer);
      awaiting.stop();
      window.clearTimeout(resyncTimer);
      card.show(undefined);
      followups.dispose();
    },
  };
}
