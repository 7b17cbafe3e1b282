// The supervisor's dashboard (supervisors and admins): a period picker, the operational figures with charts and
// their tables, the hour × weekday heat maps, the follow-up figures and the case-mix with its suppression marked and
// explained (GET /api/stats), the same figures as CSV (GET /api/stats.csv), and a printable A4 report in the centre's
// style. Above them, the follow-up deadlines today (GET /api/followups/summary: counts only, never a person).
// Contract: dashboardView(me, {logout, sessionLost}) → {element, start(), stop()}.
import '../shell/shell.css';
import './dashboard.css';
import { api, ApiError } from '../api.js';
import { h, uid } from '../dom.js';
import { T, tx } from '../i18n.js';
import { appHeader } from '../shell/header.js';
import type { Me } from '../shell/areas.js';
import { problemText } from '../messages.js';
import { caseMixSection } from './case-mix.js';
import { join, periodText } from './format.js';
import { followupSection, heatMapSection, operationalSection } from './operational.js';
import { quickPeriod, statsQueryString, type Granularity, type PeriodChoice, type QuickChoice } from './periods.js';
import type { PublishedStats as Stats } from '../../../src/shared/published-stats.js';

interface Summary {
  open: number;
  dueToday: number;
  overdue: number;
  medianWorkingDaysToFirstContact: number | null;
  firstContacts: number;
}

const REFRESH_MS = 60_000;

/** The follow-up deadlines as they stand now, refreshed every minute. */
function deadlineOverview(actions: { sessionLost: () => void }) {
  const figures = h('dl', { class: 'figures' });
  const status = h('p', { class: 'hint', role: 'status', text: T('Henter…', 'Loading…') });
  const section = h('section', { class: 'panel followup-deadlines', 'aria-labelledby': 'followups-title' }, h('h2', { id: 'followups-title', text: T('Opfølgninger: frister', 'Follow-ups: deadlines') }), status, figures);
  const figure = (label: ReturnType<typeof T>, value: string, tone?: 'warn') =>
    h('div', { class: `figure${tone ? ` ${tone}` : ''}` }, h('dt', { text: label }), h('dd', {}, value));

  async function load() {
    try {
      const s = await api<Summary>('GET', '/api/followups/summary');
      figures.replaceChildren(
        figure(T('Åbne', 'Open'), String(s.open)),
        figure(T('Frist i dag', 'Due today'), String(s.dueToday)),
        figure(T('Over fristen', 'Overdue'), String(s.overdue), s.overdue > 0 ? 'warn' : undefined),
        figure(
          T('Median, arbejdsdage til første kontakt (90 dage)', 'Median working days to first contact (90 days)'),
          s.medianWorkingDaysToFirstContact === null ? '–' : String(s.medianWorkingDaysToFirstContact).replace('.', ','),
        ),
      );
      tx(status, T(`Opdateret ${new Date().toLocaleTimeString('da-DK', { hour: '2-digit', minute: '2-digit' })}. ${s.firstContacts} første kontakter de seneste 90 dage.`, `Updated ${new Date().toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}. ${s.firstContacts} first contacts in the last 90 days.`));
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return actions.sessionLost();
      tx(status, problemText(err));
    }
  }
  return { section, load };
}

const QUICK: Array<[QuickChoice, ReturnType<typeof T>]> = [
  ['lastMonth', T('Sidste måned', 'Last month')],
  ['lastQuarter', T('Sidste kvartal', 'Last quarter')],
  ['lastYear', T('Sidste år', 'Last year')],
  ['yearToDate', T('I år indtil nu', 'This year so far')],
];

const FIELD_NAMES: Record<string, ReturnType<typeof T>> = {
  from: T('Fra', 'From'),
  to: T('Til', 'To'),
  granularity: T('Opdeling', 'Broken down by'),
};

export function dashboardView(me: Me, actions: { logout: () => void; sessionLost: () => void }) {
  const deadlines = deadlineOverview(actions);

  // --- the period picker ---
  const input = (name: 'from' | 'to') => {
    const id = uid(`period-${name}`);
    const el = h('input', { id, name, type: 'date', required: true, 'aria-describedby': 'period-error' });
    return { el, field: h('div', { class: 'field' }, h('label', { for: id, text: FIELD_NAMES[name]! }), el) };
  };
  const from = input('from');
  const to = input('to');
  const granularityId = uid('period-granularity');
  const granularity = h(
    'select',
    { id: granularityId, name: 'granularity', 'aria-describedby': 'period-error' },
    h('option', { value: 'day', text: T('Dage', 'Days') }),
    h('option', { value: 'week', text: T('Uger', 'Weeks') }),
    h('option', { value: 'month', text: T('Måneder', 'Months') }),
  );
  const error = h('p', { id: 'period-error', class: 'field-error', role: 'alert' });
  const quick = h(
    'div',
    { class: 'quick-choices', role: 'group', 'aria-label': T('Hurtigvalg', 'Quick choices') },
    ...QUICK.map(([choice, label]) => h('button', { type: 'button', class: 'button subtle', 'data-choice': choice, text: label, onclick: () => choose(quickPeriod(choice, new Date())) })),
  );
  const form = h(
    'form',
    { class: 'panel period-form', 'aria-labelledby': 'period-title', novalidate: true, onsubmit: (e: Event) => { e.preventDefault(); void load(); } },
    h('h2', { id: 'period-title', text: T('Periode', 'Period') }),
    quick,
    h('div', { class: 'period-fields' }, from.field, to.field, h('div', { class: 'field' }, h('label', { for: granularityId, text: FIELD_NAMES.granularity! }), granularity), h('button', { type: 'submit', class: 'button primary', text: T('Vis tal', 'Show figures') })),
    error,
  );

  // --- the report ---
  const status = h('p', { class: 'hint report-status', role: 'status' });
  const csv = h('a', { class: 'button subtle csv-link', download: true, href: '/api/stats.csv', text: T('Hent som CSV', 'Download as CSV') });
  const print = h('button', { type: 'button', class: 'button subtle', text: T('Udskriv', 'Print'), onclick: () => window.print() });
  const reportActions = h('div', { class: 'row report-actions' }, csv, print);
  const report = h('div', { class: 'report', 'aria-live': 'off' });
  const reportHeading = h('h2', { class: 'report-title', id: 'report-title' });
  const reportIntro = h('p', { class: 'report-intro' });
  const reportPanel = h('section', { class: 'report-head', 'aria-labelledby': 'report-title', hidden: true }, reportHeading, reportIntro, reportActions);

  const current = (): PeriodChoice => ({ from: from.el.value, to: to.el.value, granularity: granularity.value as Granularity });
  function choose(p: PeriodChoice) {
    from.el.value = p.from;
    to.el.value = p.to;
    granularity.value = p.granularity;
    void load();
  }

  function markInvalid(fields: string[]) {
    for (const [name, el] of [['from', from.el], ['to', to.el], ['granularity', granularity]] as const) {
      if (fields.includes(`querystring.${name}`)) el.setAttribute('aria-invalid', 'true');
      else el.removeAttribute('aria-invalid');
    }
  }

  let request = 0;
  async function load() {
    const mine = ++request;
    const period = current();
    const query = statsQueryString(period);
    markInvalid([]);
    tx(error, '');
    tx(status, T('Henter tallene…', 'Loading the figures…'));
    try {
      const stats = await api<Stats>('GET', `/api/stats?${query}`);
      if (mine !== request) return;
      csv.setAttribute('href', `/api/stats.csv?${query}`);
      tx(reportHeading, join(T('Statistik for ', 'Statistics for '), periodText(stats.period.from, stats.period.to)));
      tx(reportIntro, T(
        `Tallene er tal for opkald; ingen enkelt opkalder kan ses. Procenter står med det antal (N), de er regnet af. Små tal (1–${stats.minCell - 1}) vises som ${stats.smallLabel}.`,
        `The figures count calls; no single caller can be seen. Percentages stand with the number (N) they are of. Small numbers (1–${stats.minCell - 1}) are shown as ${stats.smallLabel}.`,
      ));
      reportPanel.hidden = false;
      report.replaceChildren(operationalSection(stats), heatMapSection(stats), followupSection(stats), caseMixSection(stats));
      tx(status, T(`Viser ${stats.period.from} – ${stats.period.to}.`, `Showing ${stats.period.from} – ${stats.period.to}.`));
    } catch (err) {
      if (mine !== request) return;
      if (err instanceof ApiError && err.status === 401) return actions.sessionLost();
      tx(status, '');
      const fields = err instanceof ApiError ? err.fields.map((f) => f.replace(/^querystring\./, '')).filter((f) => f in FIELD_NAMES) : [];
      markInvalid(fields.map((f) => `querystring.${f}`));
      const message = problemText(err);
      tx(error, fields.length ? join(...fields.map((f) => FIELD_NAMES[f]!), ': ', message) : message);
    }
  }

  const element = h(
    'div',
    { class: 'app shell dashboard' },
    appHeader(me, '/dashboard', actions, T('Overblik', 'Dashboard')),
    h(
      'main',
      { class: 'shell-main', id: 'main' },
      h('h1', { text: T('Overblik', 'Dashboard') }),
      deadlines.section,
      form,
      status,
      reportPanel,
      report,
    ),
  );
  let timer: number | undefined;
  return {
    element,
    start() {
      void deadlines.load();
      timer = window.setInterval(() => void deadlines.load(), REFRESH_MS);
      choose(quickPeriod('lastQuarter', new Date()));
    },
    stop() {
      window.clearInterval(timer);
      request++;
    },
  };
}
