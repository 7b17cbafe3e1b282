// Partner agencies that refer people for follow-up, and their keys: a new key is shown once (the server keeps only
// its hash); revoking one stops it at once.
import { api } from '../api.js';
import { h } from '../dom.js';
import { T, tx } from '../i18n.js';
import { formatDate } from '../format.js';
import { confirmButton, field, formAlert, FormErrors, oneTimeSecret, submitting } from '../shell/forms.js';
import { load, sectionStatus, table, type Section, type SectionContext } from './common.js';

interface Partner {
  id: string;
  name: string;
  createdOn: string;
  revokedOn: string | null;
}

export function partnersSection(ctx: SectionContext): Section {
  const status = sectionStatus();
  const secretArea = h('div', { class: 'secret-area', 'aria-live': 'polite' });
  const name = field(T('Partnerens navn', 'The partner’s name'), h('input', { name: 'name', autocomplete: 'off', maxlength: '120' }));
  const alert = formAlert();
  const errors = new FormErrors(alert).bind('body.name', name);
  const add = h('button', { type: 'submit', class: 'button primary', text: T('Tilføj partner og lav nøgle', 'Add partner and make a key') });
  const form = h('form', { class: 'panel form-grid', novalidate: true, 'aria-labelledby': 'new-partner-title' }, h('h2', { id: 'new-partner-title', text: T('Ny partner', 'New partner') }), name.element, alert, h('div', { class: 'row' }, add));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = name.input.value.trim();
    if (!value) return errors.set('body.name', T('Skriv partnerens navn.', 'Enter the partner’s name.'));
    void submitting(add, errors, async () => {
      const created = await api<{ id: string; name: string; key: string }>('POST', '/api/partners', { name: value });
      name.input.value = '';
      secretArea.replaceChildren(
        h(
          'div',
          { class: 'panel one-time-panel' },
          oneTimeSecret(
            T(`Nøgle til ${created.name}`, `Key for ${created.name}`),
            created.key,
            T('Nøglen vises kun nu og gemmes ikke: giv den til partneren ad en sikker vej. Mistes den, tilbagekald og lav en ny.', 'The key is shown only now and is not stored: give it to the partner by a safe way. If it is lost, revoke it and make a new one.'),
          ),
          h('button', { type: 'button', class: 'button subtle', text: T('Skjul nøglen', 'Hide the key'), onclick: () => secretArea.replaceChildren() }),
        ),
      );
      secretArea.querySelector<HTMLInputElement>('input')?.focus();
      await refresh();
    });
  });

  const tbody = h('tbody');
  const empty = h('p', { class: 'hint empty' });
  const list = h(
    'section',
    { class: 'panel', 'aria-labelledby': 'partners-title' },
    h('h2', { id: 'partners-title', text: T('Partnere', 'Partners') }),
    status,
    empty,
    h('div', { class: 'table-wrap' }, table(T('Partnere', 'Partners'), [T('Navn', 'Name'), T('Oprettet', 'Added'), T('Nøgle', 'Key'), T('Handlinger', 'Actions')], tbody)),
  );

  async function refresh() {
    const partners = await load(status, ctx, () => api<Partner[]>('GET', '/api/partners'));
    if (!partners) return;
    tbody.replaceChildren(
      ...partners.map((p) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, p.name),
          h('td', { text: formatDate(p.createdOn) }),
          h('td', { text: p.revokedOn ? T(`tilbagekaldt ${formatDate(p.revokedOn).da}`, `revoked ${formatDate(p.revokedOn).en}`) : T('aktiv', 'active') }),
          h(
            'td',
            { class: 'actions' },
            p.revokedOn
              ? undefined
              : confirmButton(T('Tilbagekald nøglen', 'Revoke the key'), T(`Ja, tilbagekald ${p.name}`, `Yes, revoke ${p.name}`), async () => {
                  try {
                    await api('DELETE', `/api/partners/${p.id}`);
                    await refresh();
                  } catch (err) {
                    await refresh();
                    new FormErrors(status).show(err);
                  }
                }),
          ),
        ),
      ),
    );
    tx(empty, partners.length === 0 ? T('Ingen partnere endnu.', 'No partners yet.') : '');
  }

  return { element: h('div', { class: 'section partners' }, form, secretArea, list), start: () => void refresh() };
}
