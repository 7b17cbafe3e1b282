// The psychologist's live console. Framework-free: the DOM, a WebSocket and fetch.
import './console.css';
import { api, ApiError, whenSessionLost } from './api.js';
import { consoleView } from './console-view.js';
import { applyLang, T, type Text } from './i18n.js';
import { loginView } from './login.js';

const root = document.getElementById('app')!;
root.removeAttribute('aria-busy');
root.classList.remove('boot');
let active: { stop: () => void } | undefined;

function showLogin(notice?: Text) {
  active?.stop();
  active = undefined;
  root.replaceChildren(loginView(() => void boot(), notice));
  applyLang(document);
}

async function boot() {
  let me: { username: string; roles: string[] };
  try {
    me = await api<{ username: string; roles: string[] }>('GET', '/api/me');
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return showLogin();
    return showLogin(T('Serveren svarer ikke lige nu. Prøv igen om lidt.', 'The server is not answering right now. Try again shortly.'));
  }
  if (!me.roles.includes('psychologist')) {
    return showLogin(T('Konsollen er for psykologer på linjen. Din konto har ikke den rolle.', 'The console is for the psychologists on the line. Your account does not have that role.'));
  }
  active?.stop();
  const view = consoleView(me, {
    logout: () => {
      void api('DELETE', '/api/session').catch(() => undefined).then(() => showLogin(T('Du er logget ud.', 'You are logged out.')));
    },
    sessionLost: () => showLogin(T('Din session er udløbet. Log ind igen; dine kladder er gemt.', 'Your session has ended. Log in again; your drafts are kept.')),
  });
  active = view;
  root.replaceChildren(view.element);
  applyLang(document);
  view.start();
}

whenSessionLost(() => {
  if (active) showLogin(T('Din session er udløbet. Log ind igen; dine kladder er gemt.', 'Your session has ended. Log in again; your drafts are kept.'));
});

applyLang(document);
void boot();
