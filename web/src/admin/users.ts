// Users: create (a one-time link to set the password, shown once), roles, phone, disable/enable, a new password
// link, reset two-factor login. Each button is one audited request.
import { api } from '../api.js';
import { append, h, uid } from '../dom.js';
import { T, tx, type Text } from '../i18n.js';
import { confirmButton, field, formAlert, FormErrors, formStatus, oneTimeSecret, submitting } from '../shell/forms.js';
import { load, ROLE_LABELS, ROLES, roleList, sectionStatus, table, type Section, type SectionContext } from './common.js';

export interface UserRow {
  id: string;
  username: string;
  roles: string[];
  phone: string | null;
  disabled: boolean;
  totpEnabled: boolean;
}

/** Role checkboxes in a fieldset; its error line shows `body.roles`. */
function roleChoice(legend: Text, checked: string[] = []) {
  const boxes = ROLES.map((role) => {
    const input = h('input', { type: 'checkbox', id: uid('role'), name: 'roles', value: role, checked: checked.includes(role) });
    return { role, input, element: h('div', { class: 'check' }, input, h('label', { for: input.id, text: ROLE_LABELS[role] })) };
  });
  const error = h('p', { class: 'field-error', id: uid('error') });
  const element = h('fieldset', { class: 'choice', 'aria-describedby': error.id }, h('legend', { text: legend }), ...boxes.map((b) => b.element), error);
  return { element, error, input: boxes[0]!.input, value: () => boxes.filter((b) => b.input.checked).map((b) => b.role) };
}

export function usersSection(ctx: SectionContext): Section {
  const status = sectionStatus();
  const secretArea = h('div', { class: 'secret-area', 'aria-live': 'polite' });

  // --- create ---
  const username = field(T('Brugernavn', 'Username'), h('input', { name: 'username', autocomplete: 'off', maxlength: '63', autocapitalize: 'none', spellcheck: 'false' }), T('2–63 tegn: a–z, tal, punktum, bindestreg, understreg.', '2–63 characters: a–z, digits, dot, dash, underscore.'));
  const roles = roleChoice(T('Roller', 'Roles'), ['psychologist']);
  const phone = field(T('Telefon (til vagter)', 'Phone (for shifts)'), h('input', { name: 'phone', type: 'tel', autocomplete: 'off', maxlength: '40' }), T('Med landekode, fx +45 12 34 56 78. Psykologer på vagt får opkald viderestillet hertil.', 'With the country code, e.g. +45 12 34 56 78. Psychologists on shift get calls forwarded here.'));
  const createAlert = formAlert();
  const createErrors = new FormErrors(createAlert).bind('body.username', username).bind('body.roles', roles).bind('body.phone', phone);
  const createButton = h('button', { type: 'submit', class: 'button primary', text: T('Opret bruger', 'Add user') });
  const createForm = h(
    'form',
    { class: 'panel form-grid', novalidate: true, 'aria-labelledby': 'new-user-title' },
    h('h2', { id: 'new-user-title', text: T('Ny bruger', 'New user') }),
    username.element,
    roles.element,
    phone.element,
    createAlert,
    h('div', { class: 'row' }, createButton),
  );
  createForm.addEventListener('submit', (event) => {
    event.preventDefault();
    if (roles.value().length === 0) return createErrors.set('body.roles', T('Vælg mindst én rolle.', 'Choose at least one role.'));
    const name = username.input.value.trim();
    void submitting(createButton, createErrors, async () => {
      const created = await api<{ id: string; passwordLink: string }>('POST', '/api/users', {
        username: name,
        roles: roles.value(),
        ...(phone.input.value.trim() ? { phone: phone.input.value.trim() } : {}),
      });
      username.input.value = '';
      phone.input.value = '';
      showLink(name, created.passwordLink, T(`Brugeren ${name} er oprettet.`, `The user ${name} is added.`));
      await refresh();
    });
  });

  function showLink(name: string, link: string, headline: Text) {
    secretArea.replaceChildren(
      h(
        'div',
        { class: 'panel one-time-panel' },
        h('p', { class: 'notice ok', text: headline }),
        oneTimeSecret(
          T(`Link til ${name}: vælg adgangskode`, `Link for ${name}: choose a password`),
          link,
          T('Vises kun nu. Giv linket til personen ad en sikker vej; det virker én gang og udløber.', 'Shown only now. Give the link to the person by a safe way; it works once and expires.'),
        ),
        h('button', { type: 'button', class: 'button subtle', text: T('Skjul linket', 'Hide the link'), onclick: () => secretArea.replaceChildren() }),
      ),
    );
    secretArea.querySelector<HTMLInputElement>('input')?.focus();
  }

  // --- the list ---
  const tbody = h('tbody');
  const list = h(
    'section',
    { class: 'panel', 'aria-labelledby': 'users-title' },
    h('h2', { id: 'users-title', text: T('Alle brugere', 'All users') }),
    status,
    h('div', { class: 'table-wrap' }, table(T('Brugere', 'Users'), [T('Brugernavn', 'Username'), T('Roller', 'Roles'), T('Telefon', 'Phone'), T('Totrinslogin', 'Two-factor'), T('Status', 'Status'), T('Handlinger', 'Actions')], tbody)),
  );

  async function act(work: () => Promise<unknown>) {
    tx(status, '');
    const errors = new FormErrors(status);
    try {
      await work();
    } catch (err) {
      // The list as it is now (the refusal may be because it changed), then the reason.
      await refresh();
      errors.show(err);
      return;
    }
    await refresh();
  }

  function row(user: UserRow): HTMLTableRowElement {
    const tr = h('tr', { 'data-username': user.username });
    const actions = h('td', { class: 'actions' });
    const edit = h('button', { type: 'button', class: 'button small', text: T('Ret', 'Edit'), 'aria-label': T(`Ret ${user.username}`, `Edit ${user.username}`) });
    edit.addEventListener('click', () => tr.replaceWith(editRow(user)));
    append(actions,
      edit,
      user.disabled
        ? h('button', { type: 'button', class: 'button small', text: T('Aktivér', 'Enable'), 'aria-label': T(`Aktivér ${user.username}`, `Enable ${user.username}`), onclick: () => void act(() => api('PATCH', `/api/users/${user.id}`, { disabled: false })) })
        : confirmButton(T('Deaktivér', 'Disable'), T(`Ja, deaktivér ${user.username}`, `Yes, disable ${user.username}`), () => act(() => api('PATCH', `/api/users/${user.id}`, { disabled: true }))),
      h('button', {
        type: 'button',
        class: 'button small',
        text: T('Nyt adgangskodelink', 'New password link'),
        'aria-label': T(`Nyt adgangskodelink til ${user.username}`, `New password link for ${user.username}`),
        onclick: () =>
          void act(async () => {
            const { passwordLink } = await api<{ passwordLink: string }>('POST', `/api/users/${user.id}/password-link`);
            showLink(user.username, passwordLink, T(`Nyt link til ${user.username}. Den gamle adgangskode virker, til linket er brugt.`, `A new link for ${user.username}. The old password works until the link is used.`));
          }),
      }),
      user.totpEnabled
        ? confirmButton(T('Nulstil totrinslogin', 'Reset two-factor'), T(`Ja, nulstil for ${user.username}`, `Yes, reset for ${user.username}`), () => act(() => api('DELETE', `/api/users/${user.id}/totp`)))
        : undefined,
    );
    tr.append(
      h('th', { scope: 'row' }, user.username),
      h('td', { text: roleList(user.roles) }),
      h('td', {}, user.phone ?? h('span', { class: user.roles.includes('psychologist') ? 'badge' : 'hint', text: T('ingen', 'none') })),
      h('td', { text: user.totpEnabled ? T('Til', 'On') : T('Fra', 'Off') }),
      h('td', { text: user.disabled ? T('Deaktiveret', 'Disabled') : T('Aktiv', 'Active') }),
      actions,
    );
    return tr;
  }

  function editRow(user: UserRow): HTMLTableRowElement {
    const editRoles = roleChoice(T(`Roller for ${user.username}`, `Roles of ${user.username}`), user.roles);
    const editPhone = field(T(`Telefon for ${user.username}`, `Phone of ${user.username}`), h('input', { type: 'tel', maxlength: '40', value: user.phone ?? '' }), T('Tom: ingen telefon.', 'Empty: no phone.'));
    const alert = formAlert();
    const errors = new FormErrors(alert).bind('body.roles', editRoles).bind('body.phone', editPhone);
    const save = h('button', { type: 'submit', class: 'button primary small', text: T('Gem', 'Save') });
    const cancel = h('button', { type: 'button', class: 'button subtle small', text: T('Fortryd', 'Cancel'), onclick: () => void refresh() });
    const form = h('form', { class: 'inline-form', novalidate: true }, editRoles.element, editPhone.element, alert, h('div', { class: 'row' }, save, cancel));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (editRoles.value().length === 0) return errors.set('body.roles', T('Vælg mindst én rolle.', 'Choose at least one role.'));
      const phoneValue = editPhone.input.value.trim();
      void submitting(save, errors, async () => {
        await api('PATCH', `/api/users/${user.id}`, { roles: editRoles.value(), phone: phoneValue === '' ? null : phoneValue });
        tx(status, '');
        await refresh();
        saved.textContent = '';
        tx(saved, T(`${user.username} er gemt.`, `${user.username} is saved.`));
      });
    });
    queueMicrotask(() => editRoles.input.focus());
    return h('tr', { class: 'editing' }, h('th', { scope: 'row' }, user.username), h('td', { colspan: '5' }, form));
  }

  const saved = formStatus();
  list.insertBefore(saved, status);

  async function refresh() {
    const users = await load(status, ctx, () => api<UserRow[]>('GET', '/api/users'));
    if (users) tbody.replaceChildren(...users.map(row));
  }

  return { element: h('div', { class: 'section users' }, createForm, secretArea, list), start: () => void refresh() };
}
