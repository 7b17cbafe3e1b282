// A one-time password link (`/password?token=…`, from the admin): the person sets their own password, then logs in.
import { api } from '../api.js';
import { h } from '../dom.js';
import { T } from '../i18n.js';
import { langSwitch } from '../lang-switch.js';
import { field, formAlert, FormErrors, submitting } from './forms.js';

export function passwordPage(token: string): HTMLElement {
  const password = field(T('Ny adgangskode', 'New password'), h('input', { name: 'password', type: 'password', autocomplete: 'new-password', required: true, maxlength: '200' }), T('Mindst 12 tegn.', 'At least 12 characters.'));
  const repeat = field(T('Gentag adgangskoden', 'Repeat the password'), h('input', { name: 'repeat', type: 'password', autocomplete: 'new-password', required: true, maxlength: '200' }));
  const alert = formAlert();
  const errors = new FormErrors(alert).bind('body.password', password).bind('repeat', repeat);
  const submit = h('button', { type: 'submit', class: 'button primary wide', text: T('Gem adgangskoden', 'Save the password') });
  const form = h('form', { class: 'login-form', novalidate: true }, password.element, repeat.element, alert, submit);
  const card = h(
    'div',
    { class: 'login-card' },
    h('div', { class: 'login-top' }, h('p', { class: 'brand' }, 'Stoplinjen'), langSwitch()),
    h('h1', { text: T('Vælg din adgangskode', 'Choose your password') }),
  );
  if (!token) {
    card.append(h('p', { class: 'form-alert', role: 'alert', text: T('Linket mangler sin nøgle. Bed en administrator om et nyt link.', 'The link lacks its token. Ask an admin for a new link.') }));
  } else {
    card.append(h('p', { class: 'hint', text: T('Linket virker én gang og i en begrænset tid.', 'The link works once and for a limited time.') }), form);
    queueMicrotask(() => password.input.focus());
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    errors.clear();
    if (password.input.value !== repeat.input.value) return errors.set('repeat', T('De to adgangskoder er ikke ens.', 'The two passwords differ.'));
    void submitting(submit, errors, async () => {
      await api('POST', '/api/password', { token, password: password.input.value });
      // The token is used up: drop it from the address bar and history entry.
      history.replaceState(null, '', '/password');
      form.replaceWith(
        h('p', { class: 'notice ok', role: 'status', text: T('Adgangskoden er gemt. Du kan logge ind nu.', 'The password is saved. You can log in now.') }),
        h('p', {}, h('a', { href: '/', class: 'button primary', text: T('Gå til login', 'Go to login') })),
      );
    });
  });
  return h('main', { class: 'login', id: 'main' }, card);
}
