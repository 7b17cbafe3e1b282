// The top bar of every page but the console (which draws its own): brand, the areas this person may open, their
// account (two-factor login), language, who is logged in, and logout.
import { h } from '../dom.js';
import { T, type Text } from '../i18n.js';
import { langSwitch } from '../lang-switch.js';
import { areaOfPath, areasOf, type Me } from './areas.js';
import { appLink } from './router.js';

/** Links to the person's areas, the current one marked; only when there is more than one place to go. */
export function areaNav(me: Me, currentPath: string, options: { account?: boolean } = {}): HTMLElement | undefined {
  const areas = areasOf(me);
  const current = areaOfPath(currentPath)?.path ?? currentPath;
  const links = areas.map((a) => h('li', {}, appLink(h('a', { href: a.path, class: 'area-link', text: a.label }), a.path === current)));
  if (options.account) links.push(h('li', {}, appLink(h('a', { href: '/account', class: 'area-link', text: T('Min konto', 'My account') }), current === '/account')));
  if (links.length < 2) return undefined;
  return h('nav', { class: 'area-nav', 'aria-label': T('Områder', 'Areas') }, h('ul', {}, ...links));
}

export function appHeader(me: Me, currentPath: string, actions: { logout: () => void }, subtitle?: Text): HTMLElement {
  return h(
    'header',
    { class: 'topbar shell-topbar' },
    h('a', { class: 'skip-link', href: '#main', text: T('Spring til indholdet', 'Skip to the content') }),
    h('div', { class: 'brand-block' }, h('p', { class: 'brand' }, 'Stoplinjen'), subtitle ? h('p', { class: 'brand-sub', text: subtitle }) : undefined),
    // Until a required two-factor enrolment is done there is nowhere else to go.
    me.totpRequired ? undefined : areaNav(me, currentPath, { account: true }),
    h(
      'div',
      { class: 'topbar-right' },
      langSwitch(),
      h('p', { class: 'user' }, h('span', { class: 'visually-hidden', text: T('Logget ind som ', 'Logged in as ') }), me.username),
      h('button', { type: 'button', class: 'button subtle', text: T('Log ud', 'Log out'), onclick: () => actions.logout() }),
    ),
  );
}
