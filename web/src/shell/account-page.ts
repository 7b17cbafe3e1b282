// The person's own account: two-factor login (TOTP). Enrolment shows a QR code (an SVG from the API, drawn as an
// <img> from a data: URL, which the page's CSP allows for images and which cannot run script) and the secret as
// text, then a code from the app turns it on. Required for admins when the server runs in production.
import { api } from '../api.js';
import { h } from '../dom.js';
import { T, tx } from '../i18n.js';
import { appHeader } from './header.js';
import { field, formAlert, FormErrors, submitting } from './forms.js';
import type { Me } from './areas.js';

/** The QR code as an image: base64 of the SVG text (ASCII, as the qrcode library writes it). */
export function qrImage(svg: string): HTMLImageElement {
  const bytes = new TextEncoder().encode(svg);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return h('img', { class: 'qr', src: `data:image/svg+xml;base64,${btoa(binary)}`, width: '220', height: '220', alt: T('QR-kode til din godkendelsesapp', 'QR code for your authenticator app') });
}

export function accountView(me: Me, actions: { logout: () => void; enabled: () => void }) {
  const status = h('p', { class: 'notice', role: 'status' });
  const panel = h('section', { class: 'panel', 'aria-labelledby': 'totp-title' }, h('h2', { id: 'totp-title', text: T('Totrinslogin', 'Two-factor login') }), status);
  const start = h('button', { type: 'button', class: 'button primary', text: T('Slå totrinslogin til', 'Turn on two-factor login') });
  const startAlert = formAlert();
  const startErrors = new FormErrors(startAlert);

  const showState = (on: boolean) => {
    if (on) {
      tx(status, T('Totrinslogin er slået til: du skriver en kode fra din app, når du logger ind.', 'Two-factor login is on: you enter a code from your app when you log in.'));
      status.classList.add('ok');
    } else if (me.totpRequired) {
      tx(status, T(
        'Som administrator skal du slå totrinslogin til, før du kan bruge administrationen (krævet, når serveren kører i drift).',
        'As an admin you must turn on two-factor login before you can use the admin area (required when the server runs in production).',
      ));
      status.classList.add('warn');
    } else {
      tx(status, T('Totrinslogin er slået fra. Det er frivilligt for din rolle, men gør din konto sikrere.', 'Two-factor login is off. It is optional for your role but makes your account safer.'));
    }
  };
  showState(me.totpEnabled);

  if (!me.totpEnabled) panel.append(h('div', { class: 'row' }, start), startAlert);
  start.addEventListener('click', () => {
    void submitting(start, startErrors, async () => {
      const enrolment = await api<{ secret: string; otpauthUrl: string; qrSvg: string }>('POST', '/api/me/totp');
      start.hidden = true;
      panel.append(enrolForm(enrolment));
    });
  });

  function enrolForm(enrolment: { secret: string; qrSvg: string }): HTMLElement {
    const code = field(T('Koden fra appen (6 cifre)', 'The code from the app (6 digits)'), h('input', { name: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: '6', pattern: '[0-9]{6}', required: true }));
    const alert = formAlert();
    const errors = new FormErrors(alert).bind('body.code', code);
    const confirm = h('button', { type: 'submit', class: 'button primary', text: T('Bekræft og slå til', 'Confirm and turn on') });
    const form = h(
      'form',
      { class: 'enrol', novalidate: true },
      h('ol', { class: 'steps' },
        h('li', { text: T('Åbn en godkendelsesapp (fx Microsoft Authenticator, Google Authenticator eller FreeOTP).', 'Open an authenticator app (e.g. Microsoft Authenticator, Google Authenticator or FreeOTP).') }),
        h('li', {}, h('span', { text: T('Scan QR-koden, eller skriv nøglen: ', 'Scan the QR code, or type the key: ') }), h('code', { class: 'totp-secret' }, enrolment.secret)),
        h('li', { text: T('Skriv den kode, appen viser, og bekræft.', 'Enter the code the app shows, and confirm.') }),
      ),
      qrImage(enrolment.qrSvg),
      code.element,
      alert,
      confirm,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!/^\d{6}$/.test(code.input.value.trim())) return errors.set('body.code', T('Skriv de 6 cifre fra appen.', 'Enter the 6 digits from the app.'));
      void submitting(confirm, errors, async () => {
        await api('PUT', '/api/me/totp', { code: code.input.value.trim() });
        form.remove();
        startAlert.remove();
        showState(true);
        actions.enabled();
      });
    });
    queueMicrotask(() => code.input.focus());
    return form;
  }

  const element = h(
    'div',
    { class: 'app shell' },
    appHeader(me, '/account', actions),
    h('main', { class: 'shell-main narrow', id: 'main' }, h('h1', { text: T('Min konto', 'My account') }), h('p', { class: 'hint' }, T('Logget ind som ', 'Logged in as '), me.username), panel),
  );
  return { element, start: () => undefined, stop: () => undefined };
}
