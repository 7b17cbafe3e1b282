// The console's follow-up panel (docs/architecture.md, "Follow-up contact"): the list of follow-ups without contact
// details (status, priority, source, due, attempts, the next allowed window), due alerts from the `followup.due`
// console event, and one follow-up opened below the list to be worked (followup-detail.ts).
//
// The list is fetched again whenever the live connection delivers a fresh state (a connect or a reconnect, so an
// alert missed while away still shows as overdue), when a follow-up falls due, when one is created from the consent
// step, and after an attempt.
import { h, uid } from '../dom.js';
import { formatDate } from '../format.js';
import { T, tx } from '../i18n.js';
import { TRIAGE_LABELS } from '../labels.js';
import { FOLLOWUP_CREATED_EVENT } from '../outcome-form/consent-step.js';
import { followupDetail } from './followup-detail.js';
import { listFollowups, type FollowupItem, type ListFilter } from './followups-api.js';
import { FLAG_LABELS, label, RESULT_LABELS, SOURCE_LABELS } from './labels.js';
import { formatMoment } from './moments.js';

/** What the panel reads of a live console message: the state (reload) and `followup.due` (alert). */
export interface LiveLike {
  type: string;
}

export function followupsPanel() {
  const titleId = uid('followups-title');
  const count = h('span', { class: 'count', 'aria-hidden': 'true' });
  const filterId = uid('followups-filter');
  const filter = h('select', { id: filterId },
    h('option', { value: 'open', text: T('Åbne', 'Open') }),
    h('option', { value: 'closed', text: T('Afsluttede', 'Closed') }),
    h('option', { value: 'all', text: T('Alle', 'All') }));
  const alerts = h('div', { class: 'due-alerts', role: 'alert' });
  const status = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
  const empty = h('p', { class: 'idle' });
  const list = h('ul', { class: 'followup-list' });
  const detailSlot = h('div', { class: 'followup-detail-slot' });
  const element = h('section', { class: 'panel followups', 'aria-labelledby': titleId },
    h('h2', { id: titleId }, h('span', { text: T('Opfølgninger', 'Follow-ups') }), count),
    alerts,
    h('div', { class: 'field inline-field' }, h('label', { for: filterId, text: T('Vis', 'Show') }), filter),
    empty,
    list,
    detailSlot,
    status);

  let items: FollowupItem[] = [];
  let openId: string | undefined;
  let detail: ReturnType<typeof followupDetail> | undefined;
  let loading: Promise<void> | undefined;
  let again = false;

  function itemText(item: FollowupItem) {
    const due = item.overdue
      ? T(`Frist ${formatDate(item.dueDate).da} · overskredet`, `Due ${formatDate(item.dueDate).en} · overdue`)
      : T(`Frist ${formatDate(item.dueDate).da}`, `Due ${formatDate(item.dueDate).en}`);
    const attempts = T(item.attempts === 1 ? '1 forsøg' : `${item.attempts} forsøg`, item.attempts === 1 ? '1 attempt' : `${item.attempts} attempts`);
    const next = item.status === 'closed'
      ? T(`Afsluttet: ${label(RESULT_LABELS, item.result).da}`, `Closed: ${label(RESULT_LABELS, item.result).en}`)
      : item.nextWindow
        ? T(`Næste mulige tid: ${formatMoment(item.nextWindow).da}`, `Next allowed: ${formatMoment(item.nextWindow).en}`)
        : T('Ingen mulig tid inden for en uge', 'No allowed time within a week');
    return { due, attempts, next };
  }

  function render() {
    const focusedId = (document.activeElement as HTMLElement | null)?.dataset?.followupId;
    list.replaceChildren();
    const open = items.filter((i) => i.status === 'open').length;
    count.textContent = open ? String(open) : '';
    empty.hidden = items.length > 0;
    tx(empty, filter.value === 'closed' ? T('Ingen afsluttede opfølgninger.', 'No closed follow-ups.') : T('Ingen åbne opfølgninger.', 'No open follow-ups.'));
    for (const item of items) {
      const { due, attempts, next } = itemText(item);
      const button = h('button', {
        type: 'button', class: 'followup-item', 'data-followup-id': item.id, 'data-status': item.status,
        'aria-current': item.id === openId ? 'true' : undefined, onclick: () => openFollowup(item.id),
      },
      h('span', { class: 'followup-line' },
        h('span', { class: 'triage-badge', 'data-level': item.priority, text: TRIAGE_LABELS[item.priority] ?? T(item.priority, item.priority) }),
        h('span', { class: 'source', text: label(SOURCE_LABELS, item.source) })),
      h('span', { class: `followup-line due${item.overdue ? ' overdue' : ''}`, text: due }),
      h('span', { class: 'followup-line', text: T(`${attempts.da} · ${next.da}`, `${attempts.en} · ${next.en}`) }),
      item.flag ? h('span', { class: 'badge', text: label(FLAG_LABELS, item.flag) }) : null);
      list.append(h('li', {}, button));
      if (item.id === focusedId) button.focus();
    }
  }

  /** Fetches the list; calls that arrive while one is under way are folded into one more fetch after it. */
  function load(): Promise<void> {
    if (loading) {
      again = true;
      return loading;
    }
    loading = listFollowups(filter.value as ListFilter).then((next) => {
      items = next;
      render();
    }, () => {
      // The next state message or event brings it again.
    }).finally(() => {
      loading = undefined;
      if (again) {
        again = false;
        void load();
      }
    });
    return loading;
  }

  function closeDetail(focusList: boolean) {
    detail?.dispose();
    detail = undefined;
    detailSlot.replaceChildren();
    const id = openId;
    openId = undefined;
    render();
    if (focusList && id) list.querySelector<HTMLElement>(`[data-followup-id="${id}"]`)?.focus();
  }

  function openFollowup(id: string) {
    const item = items.find((i) => i.id === id);
    if (!item) return;
    detail?.dispose();
    openId = id;
    detail = followupDetail(item, { changed: () => void load(), close: () => closeDetail(true) });
    detailSlot.replaceChildren(detail.element);
    render();
    detail.focus();
  }

  function dueAlert(followupId: string, priority: string) {
    if (alerts.querySelector(`[data-followup-id="${followupId}"]`)) return;
    const level = TRIAGE_LABELS[priority as keyof typeof TRIAGE_LABELS] ?? T(priority, priority);
    const open = h('button', { type: 'button', class: 'button', 'data-followup-id': followupId, text: T('Åbn opfølgningen', 'Open the follow-up') });
    const dismiss = h('button', { type: 'button', class: 'button subtle', text: T('Afvis', 'Dismiss') });
    const entry = h('div', { class: 'due-alert', 'data-followup-id': followupId },
      h('p', { text: T(`Frist nået: en opfølgning (prioritet ${level.da}) skal ringes op.`, `Due now: a follow-up (priority ${level.en}) must be called.`) }),
      h('div', { class: 'actions' }, open, dismiss));
    open.addEventListener('click', () => {
      entry.remove();
      if (filter.value === 'closed') filter.value = 'open';
      void load().then(() => openFollowup(followupId));
    });
    dismiss.addEventListener('click', () => {
      entry.remove();
      filter.focus();
    });
    alerts.append(entry);
  }

  filter.addEventListener('change', () => {
    closeDetail(false);
    void load();
  });
  const created = () => {
    tx(status, T('Opfølgningen er oprettet.', 'The follow-up is created.'));
    void load();
  };
  document.addEventListener(FOLLOWUP_CREATED_EVENT, created);

  return {
    element,
    load,
    /** Every live console message passes here first. */
    onLive(message: LiveLike) {
      if (message.type === 'state') void load();
      if (message.type === 'followup.due') {
        const due = message as LiveLike & { followupId?: unknown; priority?: unknown };
        if (typeof due.followupId === 'string') dueAlert(due.followupId, String(due.priority ?? 'not_assessed'));
        void load();
      }
    },
    dispose() {
      document.removeEventListener(FOLLOWUP_CREATED_EVENT, created);
      closeDetail(false);
    },
  };
}
