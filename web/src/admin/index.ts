// The admin area (admins only): one section per address under /admin, each in its own file. Every change goes
// through the audited API, one change per request.
import { h } from '../dom.js';
import { T, type Text } from '../i18n.js';
import type { Me } from '../shell/areas.js';
import { appHeader } from '../shell/header.js';
import { appLink } from '../shell/router.js';
import { auditSection } from './audit.js';
import { blocksSection } from './blocks.js';
import type { Section, SectionContext } from './common.js';
import { lineSection } from './line.js';
import { partnersSection } from './partners.js';
import { rotaSection } from './rota.js';
import { usersSection } from './users.js';

export type AdminSection = 'users' | 'rota' | 'line' | 'partners' | 'blocks' | 'audit';

const SECTIONS: Array<{ id: AdminSection; title: Text; intro: Text; build: (ctx: SectionContext) => Section }> = [
  { id: 'users', title: T('Brugere', 'Users'), intro: T('Opret psykologer, supervisorer og administratorer; roller, telefon, adgangskodelinks og totrinslogin.', 'Add psychologists, supervisors and admins; roles, phone, password links and two-factor login.'), build: usersSection },
  { id: 'rota', title: T('Vagtplan', 'Rota'), intro: T('Ugens vagter med rækkefølgen, opkald ringer hos: plads 1 først, så 2 osv. Hver ændring gemmes for sig.', 'The week’s shifts with the order calls ring in: place 1 first, then 2 and so on. Each change is saved on its own.'), build: rotaSection },
  { id: 'line', title: T('Linjen', 'The line'), intro: T('Åbningstider, lukkedage, helligdage og bagvagten. Gælder fra næste opkald.', 'Opening hours, closures, public holidays and the back-up duty. In effect from the next call.'), build: lineSection },
  { id: 'partners', title: T('Partnere', 'Partners'), intro: T('Samarbejdspartnere, der kan henvise til opfølgning, og deres nøgler.', 'Partner agencies that can refer people for follow-up, and their keys.'), build: partnersSection },
  { id: 'blocks', title: T('Blokeringer', 'Blocks'), intro: T('Blokerede opkaldere: årsag og dage tilbage. Numrene gemmes aldrig, kun et nøgle-hash.', 'Blocked callers: reason and days left. The numbers are never stored, only a keyed hash.'), build: blocksSection },
  { id: 'audit', title: T('Revisionslog', 'Audit log'), intro: T('Hvem gjorde hvad og hvornår. Loggen er kædet med hashes; kontrollér, at ingen række er ændret.', 'Who did what, and when. The log is hash-chained; verify that no row was changed.'), build: auditSection },
];

export function adminView(me: Me, section: AdminSection | undefined, actions: { logout: () => void; sessionLost: () => void }): Section {
  const current = SECTIONS.find((s) => s.id === section) ?? SECTIONS[0]!;
  const body = current.build({ sessionLost: actions.sessionLost });
  const nav = h(
    'nav',
    { class: 'admin-nav', 'aria-label': T('Administration', 'Admin') },
    h('ul', {}, ...SECTIONS.map((s) => h('li', {}, appLink(h('a', { href: `/admin/${s.id}`, text: s.title }), s === current)))),
  );
  const element = h(
    'div',
    { class: 'app shell' },
    appHeader(me, '/admin', actions, T('Administration', 'Admin')),
    h(
      'div',
      { class: 'admin-layout' },
      nav,
      h('main', { class: 'shell-main', id: 'main' }, h('h1', { text: current.title }), h('p', { class: 'hint intro', text: current.intro }), body.element),
    ),
  );
  return { element, start: () => body.start?.(), stop: () => body.stop?.() };
}
