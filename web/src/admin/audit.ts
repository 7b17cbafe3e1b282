// The audit log: read it newest first, filter by action and by user, page back, and verify the hash chain.
import { api } from '../api.js';
import { h } from '../dom.js';
import { T, tx } from '../i18n.js';
import { field, formAlert, FormErrors, submitting } from '../shell/forms.js';
import { dateTime, load, sectionStatus, table, type Section, type SectionContext } from './common.js';

interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  details: Record<string, unknown>;
}

const PAGE = 100;

/** Details as short "key: value" text (they never hold a number or contact details: the server sees to that). */
const detailsText = (details: Record<string, unknown>): string =>
  Object.entries(details)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' · ');

export function auditSection(ctx: SectionContext): Section {
  const status = sectionStatus();
  const action = field(T('Handling', 'Action'), h('select', { name: 'action' }, h('option', { value: '', text: T('Alle handlinger', 'All actions') })));
  const user = field(T('Bruger', 'User'), h('input', { name: 'user', autocomplete: 'off', maxlength: '64', autocapitalize: 'none', spellcheck: 'false' }), T('Den, der handlede, eller den, det handlede om.', 'Who acted, or whom it was about.'));
  const alert = formAlert();
  const errors = new FormErrors(alert).bind('querystring.action', action).bind('querystring.user', user);
  const show = h('button', { type: 'submit', class: 'button primary', text: T('Vis', 'Show') });
  const filter = h('form', { class: 'panel filter-form', novalidate: true, role: 'search', 'aria-label': T('Filtrér revisionsloggen', 'Filter the audit log') }, action.element, user.element, alert, h('div', { class: 'row end' }, show));

  const verify = h('button', { type: 'button', class: 'button', text: T('Kontrollér kæden', 'Verify the chain') });
  const verifyResult = h('p', { class: 'notice', role: 'status' });
  const verifyAlert = formAlert();
  verify.addEventListener('click', () => {
    tx(verifyResult, '');
    verifyResult.classList.remove('ok', 'warn');
    void submitting(verify, new FormErrors(verifyAlert), async () => {
      const result = await api<{ ok: boolean; rows: number; firstBad?: { seq: number; problem: string } }>('POST', '/api/audit/verify');
      verifyResult.classList.add(result.ok ? 'ok' : 'warn');
      tx(
        verifyResult,
        result.ok
          ? T(`Kæden er hel: ${result.rows} rækker kontrolleret, ingen er ændret.`, `The chain is intact: ${result.rows} rows checked, none was changed.`)
          : T(`Kæden er brudt ved række ${result.firstBad?.seq ?? '?'} (${result.firstBad?.problem ?? ''}). Kontakt den ansvarlige for driften.`, `The chain is broken at row ${result.firstBad?.seq ?? '?'} (${result.firstBad?.problem ?? ''}). Tell whoever runs the server.`),
      );
    });
  });

  const tbody = h('tbody');
  const more = h('button', { type: 'button', class: 'button', text: T('Vis ældre', 'Show older'), hidden: true });
  const count = h('p', { class: 'hint', role: 'status' });
  let oldest: number | undefined;

  async function fetchRows(before?: number) {
    const params = new URLSearchParams({ limit: String(PAGE) });
    if (action.input.value) params.set('action', action.input.value);
    if (user.input.value.trim()) params.set('user', user.input.value.trim());
    if (before) params.set('before', String(before));
    return api<{ rows: AuditRow[]; actions: string[] }>('GET', `/api/audit?${params}`);
  }

  function fillActions(actions: string[]) {
    const select = action.input as HTMLSelectElement;
    const chosen = select.value;
    select.replaceChildren(select.options[0]!, ...actions.map((a) => h('option', { value: a }, a)));
    select.value = actions.includes(chosen) ? chosen : '';
  }

  const rowOf = (r: AuditRow) =>
    h('tr', {}, h('td', {}, String(r.seq)), h('td', { text: dateTime(r.at) }), h('td', {}, r.actor), h('th', { scope: 'row' }, r.action), h('td', {}, r.subject ?? ''), h('td', { class: 'details' }, detailsText(r.details)));

  function place(rows: AuditRow[], append: boolean) {
    if (append) tbody.append(...rows.map(rowOf));
    else tbody.replaceChildren(...rows.map(rowOf));
    oldest = rows.at(-1)?.seq ?? oldest;
    more.hidden = rows.length < PAGE;
    const shown = tbody.rows.length;
    tx(count, shown === 0 ? T('Ingen rækker passer til filteret.', 'No rows match the filter.') : T(`${shown} rækker vist, nyeste først.`, `${shown} rows shown, newest first.`));
  }

  filter.addEventListener('submit', (event) => {
    event.preventDefault();
    void submitting(show, errors, async () => {
      const page = await fetchRows();
      fillActions(page.actions);
      place(page.rows, false);
    });
  });
  more.addEventListener('click', () => {
    void load(status, ctx, async () => place((await fetchRows(oldest)).rows, true));
  });

  async function refresh() {
    const page = await load(status, ctx, () => fetchRows());
    if (!page) return;
    fillActions(page.actions);
    place(page.rows, false);
  }

  const log = h(
    'section',
    { class: 'panel', 'aria-labelledby': 'log-title' },
    h('div', { class: 'panel-header' }, h('h2', { id: 'log-title', text: T('Loggen', 'The log') }), h('div', { class: 'row' }, verify)),
    verifyResult,
    verifyAlert,
    status,
    count,
    h('div', { class: 'table-wrap' }, table(T('Revisionslog', 'Audit log'), [T('Nr.', 'No.'), T('Tidspunkt', 'Time'), T('Hvem', 'Who'), T('Handling', 'Action'), T('Om', 'About'), T('Detaljer', 'Details')], tbody)),
    h('div', { class: 'row' }, more),
  );
  return { element: h('div', { class: 'section audit' }, filter, log), start: () => void refresh() };
}
