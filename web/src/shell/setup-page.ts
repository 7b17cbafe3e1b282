// First run: the setup link printed at start (`/setup?token=…`) opens this page, which creates the first admin (and,
// if they take calls too, makes them a psychologist as well), logs them in and takes them to the admin area.
import { api } from '../api.js';
import { h } from '../dom.js';
import { T, tx } from '../i18n.js';
import { langSwitch } from '../lang-switch.js';
import { field, formAlert, FormErrors, submitting } from './forms.js';

export function setupPage(token: string, done: (loggedIn: boolean) => void): HTMLElement {
  const username = field(T('Dit brugernavn', 'Your username'), h('input', { name: 'username', autocomplete: 'username', required: true, maxlength: '63', autocapitalize: 'none', spellcheck: 'false' }), T('2–63 tegn: a–z, tal, punktum, bindestreg, understreg.', '2–63 characters: a–z, digits, dot, dash, underscore.'));
  const password = field(T('Adgangskode', 'Password'), h('input', { name: 'password', type: 'password', autocomplete: 'new-password', required: true, maxlength: '200' }), T('Mindst 12 tegn.', 'At least 12 characters.'));
  const repeat = field(T('Gentag adgangskoden', 'Repeat the password'), h('input', { name: 'repeat', type: 'password', autocomplete: 'new-password', required: true, maxlength: '200' }));
  const takesCalls = h('input', { type: 'checkbox', id: 'setup-psychologist', name: 'psychologist' });
  const phone = field(T('Din telefon til vagter (valgfri)', 'Your phone for shifts (optional)'), h('input', { name: 'phone', type: 'tel', autocomplete: 'tel', maxlength: '40' }), T('Med landekode, fx +45 12 34 56 78. Opkald på vagt viderestilles hertil.', 'With the country code, e.g. +45 12 34 56 78. Calls on shift are forwarded here.'));
  phone.element.hidden = true;
  takesCalls.addEventListener('change', () => (phone.element.hidden = !takesCalls.checked));
  const alert = formAlert();
  const errors = new FormErrors(alert).bind('body.username', username).bind('body.password', password).bind('body.phone', phone).bind('repeat', repeat);
  const submit = h('button', { type: 'submit', class: 'button primary wide', text: T('Opret administrator', 'Create the admin') });

  const form = h(
    'form',
    { class: 'login-form', novalidate: true },
    username.element,
    password.element,
    repeat.element,
    h('div', { class: 'check' }, takesCalls, h('label', { for: takesCalls.id, text: T('Jeg tager også selv opkald (psykologrolle)', 'I take calls myself too (psychologist role)') })),
    phone.element,
    alert,
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    errors.clear();
    if (password.input.value !== repeat.input.value) return errors.set('repeat', T('De to adgangskoder er ikke ens.', 'The two passwords differ.'));
    const body = {
      token,
      username: username.input.value.trim(),
      password: password.input.value,
      psychologist: takesCalls.checked,
      ...(takesCalls.checked && phone.input.value.trim() ? { phone: phone.input.value.trim() } : {}),
    };
    void submitting(submit, errors, async () => {
      await api('POST', '/api/setup', body);
      // The account exists: log in with what was just typed, so the admin area opens at once.
      const loggedIn = await api('POST', '/api/session', { username: body.username, password: body.password }).then(() => true, () => false);
      password.input.value = '';
      repeat.input.value = '';
      done(loggedIn);
    });
  });

  const status = h('p', { class: 'hint', text: T('Kontrollerer linket…', 'Checking the link…') });
  const card = h(
    'div',
    { class: 'login-card' },
    h('div', { class: 'login-top' }, h('p', { class: 'brand' }, 'Stoplinjen'), langSwitch()),
    h('h1', { text: T('Første opstart: opret administratoren', 'First run: create the admin') }),
    status,
  );
  const intro = T(
    'Ingen konto findes endnu. Den første konto er administrator: den opretter psykologer og supervisorer, lægger vagtplanen og sætter linjens åbningstider.',
    'No account exists yet. The first account is the admin: it adds the psychologists and supervisors, makes the rota and sets the line’s opening hours.',
  );
  if (!token) {
    tx(status, T('Linket mangler sin nøgle. Brug linket, som serveren skrev ved opstart.', 'The link lacks its token. Use the link the server printed at start.'));
  } else {
    api<{ needed: boolean }>('GET', '/api/setup').then(
      ({ needed }) => {
        if (needed) {
          tx(status, intro);
          card.append(form);
          queueMicrotask(() => username.input.focus());
        } else {
          tx(status, T('Opsætningen er allerede gjort: der findes en konto.', 'Setup is done already: an account exists.'));
          card.append(h('p', {}, h('a', { href: '/', text: T('Gå til login', 'Go to login') })));
        }
      },
      () => tx(status, T('Serveren svarer ikke lige nu. Prøv igen om lidt.', 'The server is not answering right now. Try again shortly.')),
    );
  }
  return h('main', { class: 'login', id: 'main' }, card);
}
