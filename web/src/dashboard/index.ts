// INTERIM dashboard for supervisors (and admins), until the statistics are built here: it says what this page will
// hold, and already shows the follow-up deadline overview (GET /api/followups/summary: counts only, never a person).
// Contract for its replacement: dashboardView(me, {logout, sessionLost}) → {element, start(), stop()}.
import '../shell/shell.css';
import { api, ApiError } from '../api.js';
import { h } from '../dom.js';
import { T, tx } from '../i18n.js';
import { appHeader } from '../shell/header.js';
import type { Me } from '../shell/areas.js';
import { problemText } from '../messages.js';

interface Summary {
  open: number;
  dueToday: number;
  overdue: number;
  medianWorkingDaysToFirstContact: number | null;
  firstContacts: number;
}

const REFRESH_MS = 60_000;

export function dashboardView(me: Me, actions: { logout: () => void; sessionLost: () => void }) {
  const figures = h('dl', { class: 'figures' });
  const status = h('p', { class: 'hint', role: 'status', text: T('Henter…', 'Loading…') });
  const followups = h('section', { class: 'panel', 'aria-labelledby': 'followups-title' }, h('h2', { id: 'followups-title', text: T('Opfølgninger: frister', 'Follow-ups: deadlines') }), status, figures);

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

  const element = h(
    'div',
    { class: 'app shell' },
    appHeader(me, '/dashboard', actions, T('Overblik', 'Dashboard')),
    h(
      'main',
      { class: 'shell-main', id: 'main' },
      h('h1', { text: T('Overblik', 'Dashboard') }),
      h(
        'section',
        { class: 'panel interim', 'aria-labelledby': 'coming-title' },
        h('h2', { id: 'coming-title', text: T('Statistikken kommer her', 'The statistics will be here') }),
        h('p', {
          text: T(
            'Denne side får linjens statistik: opkald pr. uge og time, ventetid og tabte opkald, og hvem der ringer (kun hele, afsluttede måneder, og små tal skjules for at beskytte opkalderne). Indtil da: opfølgningernes frister herunder.',
            'This page will hold the line’s statistics: calls by week and hour, waiting times and missed calls, and who calls (whole, ended months only, with small numbers hidden to protect the callers). Until then: the follow-up deadlines below.',
          ),
        }),
      ),
      followups,
    ),
  );
  let timer: number | undefined;
  return {
    element,
    start() {
      void load();
      timer = window.setInterval(() => void load(), REFRESH_MS);
    },
    stop() {
      window.clearInterval(timer);
    },
  };
}
