// The login form: POST /api/session, errors in an alert region (wrong password, or wait N seconds). The two-factor
// code is asked for only when the server says the account has it on (401 totp_required).
import { api, ApiError } from './api.js';
import { h, uid } from './dom.js';
import { T, tx, type Text } from './i18n.js';
import { langSwitch } from './lang-switch.js';

export function loginView(onLoggedIn: () => void, notice?: Text): HTMLElement {
  const userId = uid('username');
  const passId = uid('password');
  const titleId = uid('login-title');
  const username = h('input', { id: userId, name: 'username', autocomplete: 'username', required: true, maxlength: '64', autocapitalize: 'none', spellcheck: 'false' });
  const password = h('input', { id: passId, name: 'password', type: 'password', autocomplete: 'current-password', required: true, maxlength: '200' });
  const codeId = uid('code');
  const code = h('input', { id: codeId, name: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: '6', pattern: '[0-9]{6}' });
  const codeField = h('div', { class: 'field', hidden: true }, h('label', { for: codeId, text: T('Kode fra din godkendelsesapp', 'Code from your authenticator app') }), code);
  const alert = h('div', { class: 'form-alert', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'button primary wide', text: T('Log ind', 'Log in') });
  if (notice) tx(alert, notice);

  const form = h(
    'form',
    { class: 'login-form', novalidate: true, 'aria-labelledby': titleId },
    h('div', { class: 'field' }, h('label', { for: userId, text: T('Brugernavn', 'Username') }), username),
    h('div', { class: 'field' }, h('label', { for: passId, text: T('Adgangskode', 'Password') }), password),
    codeField,
    alert,
    submit,
  );

  let waitTimer: number | undefined;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!username.value.trim() || !password.value) {
      tx(alert, T('Skriv brugernavn og adgangskode.', 'Enter your username and password.'));
      (username.value.trim() ? password : username).focus();
      return;
    }
    const asksCode = !codeField.hidden;
    if (asksCode && !/^\d{6}$/.test(code.value.trim())) {
      tx(alert, T('Skriv de 6 cifre fra din godkendelsesapp.', 'Enter the 6 digits from your authenticator app.'));
      code.focus();
      return;
    }
    submit.disabled = true;
    tx(alert, '');
    api('POST', '/api/session', { username: username.value.trim(), password: password.value, ...(asksCode ? { code: code.value.trim() } : {}) }).then(
      () => {
        password.value = '';
        code.value = '';
        onLoggedIn();
      },
      (err: unknown) => {
        submit.disabled = false;
        code.value = '';
        // The password was right: keep it while the code is asked for.
        if (err instanceof ApiError && err.status === 401 && err.code === 'totp_required') {
          codeField.hidden = false;
          tx(alert, T('Din konto bruger totrinslogin: skriv koden fra din app.', 'Your account uses two-factor login: enter the code from your app.'));
          code.focus();
          return;
        }
        if (err instanceof ApiError && err.status === 401 && err.code === 'totp_invalid') {
          tx(alert, T('Koden er forkert eller allerede brugt. Vent på den næste kode, og prøv igen.', 'The code is wrong or was already used. Wait for the next code and try again.'));
          code.focus();
          return;
        }
        password.value = '';
        codeField.hidden = true;
        if (err instanceof ApiError && err.status === 401) {
          tx(alert, T('Forkert brugernavn eller adgangskode.', 'Wrong username or password.'));
          password.focus();
        } else if (err instanceof ApiError && err.status === 429) {
          let left = err.retryAfter ?? 30;
          const say = () => tx(alert, T(`For mange forsøg. Vent ${left} s, og prøv igen.`, `Too many attempts. Wait ${left} s and try again.`));
          say();
          submit.disabled = true;
          window.clearInterval(waitTimer);
          waitTimer = window.setInterval(() => {
            left -= 1;
            if (left <= 0) {
              window.clearInterval(waitTimer);
              submit.disabled = false;
              tx(alert, T('Du kan prøve igen nu.', 'You can try again now.'));
            } else if (left % 5 === 0) say();
          }, 1000);
        } else if (err instanceof ApiError && err.status === 0) {
          tx(alert, T('Ingen forbindelse til serveren. Prøv igen.', 'No connection to the server. Try again.'));
        } else {
          tx(alert, T('Login mislykkedes. Prøv igen.', 'Login failed. Try again.'));
        }
      },
    );
  });

  const view = h(
    'main',
    { class: 'login', id: 'main' },
    h(
      'div',
      { class: 'login-card' },
      h('div', { class: 'login-top' }, h('p', { class: 'brand' }, 'Stoplinjen'), langSwitch()),
      h('h1', { id: titleId, text: T('Log ind på Stoplinjen', 'Log in to Stoplinjen') }),
      h('p', { class: 'hint', text: T('Opkaldere er anonyme: Stoplinjen viser aldrig en opkalders telefonnummer.', 'Callers are anonymous: Stoplinjen never shows a caller’s phone number.') }),
      form,
    ),
  );
  queueMicrotask(() => username.focus());
  return view;
}
