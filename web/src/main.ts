// One web app for every role. The shell routes by location.pathname: first run (/setup), a password link
// (/password), login when there is no session, then each person's area — the console (psychologists), the dashboard
// (supervisors), the admin area (admins) — and their account page. A path someone lacks the role for takes them to
// their own area, never back to the login page.
import './console.css';
import './shell/shell.css';
import { adminView, type AdminSection } from './admin/index.js';
import { api, ApiError, whenSessionLost } from './api.js';
import { consoleView } from './console-view.js';
import { dashboardView } from './dashboard/index.js';
import { h } from './dom.js';
import { applyLang, currentLang, onLangChange, T, type Text } from './i18n.js';
import { loginView } from './login.js';
import { accountView } from './shell/account-page.js';
import { areaOfPath, hasRole, homeOf, type Me } from './shell/areas.js';
import { useLineTimeZone } from './followups/moments.js';
import { areaNav } from './shell/header.js';
import { passwordPage } from './shell/password-page.js';
import { navigate, onNavigate } from './shell/router.js';
import { setupPage } from './shell/setup-page.js';

const root = document.getElementById('app')!;
root.removeAttribute('aria-busy');
root.classList.remove('boot');

interface View {
  element: HTMLElement;
  start?: () => void;
  stop?: () => void;
}
let active: View | undefined;
let me: Me | undefined;
let firstRender = true;
let shownPath = '/';

const TITLES: Record<string, Text> = {
  '/setup': T('Første opstart', 'First run'),
  '/password': T('Adgangskode', 'Password'),
  '/console': T('Psykologkonsol', 'Psychologist console'),
  '/dashboard': T('Overblik', 'Dashboard'),
  '/admin': T('Administration', 'Admin'),
  '/account': T('Min konto', 'My account'),
};

function setTitle() {
  const title = TITLES[areaOfPath(shownPath)?.path ?? shownPath];
  document.title = title ? `Stoplinjen · ${title[currentLang()]}` : 'Stoplinjen';
}
onLangChange(setTitle);

function show(view: View, path: string) {
  active?.stop?.();
  active = view;
  root.replaceChildren(view.element);
  applyLang(document);
  shownPath = path;
  setTitle();
  view.start?.();
  // After a navigation inside the app, the page's heading gets the focus (a screen reader hears where it is); on
  // the first load the page's own first field keeps it.
  if (!firstRender) {
    const heading = view.element.querySelector<HTMLElement>('h1') ?? view.element.querySelector<HTMLElement>('main');
    if (heading) {
      heading.tabIndex = -1;
      heading.focus();
    }
  }
  firstRender = false;
}

function showLogin(notice?: Text) {
  me = undefined;
  const path = location.pathname;
  show({ element: loginView(() => void route(location.pathname), notice) }, path);
}

const logout = () => {
  void api('DELETE', '/api/session').catch(() => undefined).then(() => {
    history.replaceState(null, '', '/');
    showLogin(T('Du er logget ud.', 'You are logged out.'));
  });
};
const sessionLost = () =>
  showLogin(
    location.pathname === '/console'
      ? T('Din session er udløbet. Log ind igen; dine kladder er gemt.', 'Your session has ended. Log in again; your drafts are kept.')
      : T('Din session er udløbet. Log ind igen.', 'Your session has ended. Log in again.'),
  );

async function loadMe(): Promise<Me | 'login' | 'down'> {
  try {
    return await api<Me>('GET', '/api/me');
  } catch (err) {
    return err instanceof ApiError && err.status === 401 ? 'login' : 'down';
  }
}

async function route(path: string) {
  const url = new URL(path, location.origin);
  if (url.pathname === '/setup') {
    return show({ element: setupPage(url.searchParams.get('token') ?? '', (loggedIn) => (loggedIn ? navigate('/admin', { replace: true }) : (history.replaceState(null, '', '/'), showLogin(T('Administratoren er oprettet. Log ind.', 'The admin is created. Log in.'))))) }, '/setup');
  }
  if (url.pathname === '/password') return show({ element: passwordPage(url.searchParams.get('token') ?? '') }, '/password');

  const loaded = await loadMe();
  if (loaded === 'down') return showLogin(T('Serveren svarer ikke lige nu. Prøv igen om lidt.', 'The server is not answering right now. Try again shortly.'));
  if (loaded === 'login') {
    // No account at all yet: the login cannot work; say where the first one is made.
    const setup = await api<{ needed: boolean }>('GET', '/api/setup').catch(() => ({ needed: false }));
    return showLogin(setup.needed ? T('Der findes ingen konto endnu. Åbn opsætningslinket, som serveren skrev i sin log ved opstart.', 'No account exists yet. Open the setup link the server printed in its log at start.') : undefined);
  }
  me = loaded;
  useLineTimeZone(me.timezone);

  // An admin who must enrol in two-factor login first (production) goes nowhere else.
  let target = url.pathname;
  if (me.totpRequired) target = '/account';
  else if (target !== '/account') {
    const area = areaOfPath(target);
    if (!area || !hasRole(me, ...area.roles)) target = homeOf(me);
  }
  if (target !== url.pathname) history.replaceState(null, '', target);
  render(me, target);
}

function render(person: Me, path: string) {
  if (path === '/account') {
    return show(accountView(person, { logout, enabled: () => void route('/account') }), path);
  }
  const area = areaOfPath(path)!;
  if (area.path === '/console') {
    const view = consoleView(person, { logout, sessionLost });
    // The console draws its own header; above it, the way to the person's other areas and to their account (where
    // a psychologist may turn on two-factor login).
    const nav = areaNav(person, path, { account: true });
    return show(nav ? { element: h('div', { class: 'with-area-nav' }, h('div', { class: 'area-strip' }, nav), view.element), start: view.start, stop: view.stop } : view, path);
  }
  if (area.path === '/dashboard') return show(dashboardView(person, { logout, sessionLost }), path);
  const section = path.split('/')[2] as AdminSection | undefined;
  return show(adminView(person, section, { logout, sessionLost }), path);
}

onNavigate((path) => void route(path));
whenSessionLost(() => {
  if (me) sessionLost();
});

applyLang(document);
void route(location.pathname + location.search);
