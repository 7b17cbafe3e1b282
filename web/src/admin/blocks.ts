// The block list: why a caller is blocked and for how many more days (never a hash or a number); lifting a block.
import { api } from '../api.js';
import { h } from '../dom.js';
import { T, tx } from '../i18n.js';
import { formatDate } from '../format.js';
import { BLOCK_REASON_LABELS } from '../labels.js';
import { confirmButton, FormErrors } from '../shell/forms.js';
import { load, sectionStatus, table, type Section, type SectionContext } from './common.js';

interface Block {
  id: string;
  reason: string;
  since: string;
  until: string;
}

const DAY_MS = 86_400_000;

export function blocksSection(ctx: SectionContext): Section {
  const status = sectionStatus();
  const done = h('p', { class: 'form-status', role: 'status' });
  const empty = h('p', { class: 'hint empty' });
  const tbody = h('tbody');
  const panel = h(
    'section',
    { class: 'panel', 'aria-labelledby': 'blocks-title' },
    h('h2', { id: 'blocks-title', text: T('Blokerede opkaldere', 'Blocked callers') }),
    status,
    done,
    empty,
    h('div', { class: 'table-wrap' }, table(T('Blokeringer', 'Blocks'), [T('Årsag', 'Reason'), T('Blokeret siden', 'Blocked since'), T('Dage tilbage', 'Days left'), T('Handlinger', 'Actions')], tbody)),
  );

  async function refresh() {
    const blocks = await load(status, ctx, () => api<Block[]>('GET', '/api/blocks'));
    if (!blocks) return;
    tbody.replaceChildren(
      ...blocks.map((b, i) => {
        const days = Math.max(1, Math.ceil((new Date(b.until).getTime() - Date.now()) / DAY_MS));
        const reason = BLOCK_REASON_LABELS[b.reason as keyof typeof BLOCK_REASON_LABELS] ?? T(b.reason, b.reason);
        return h(
          'tr',
          {},
          h('th', { scope: 'row', text: reason }),
          h('td', { text: b.since ? formatDate(b.since) : T('–', '–') }),
          h('td', { text: T(days === 1 ? '1 dag' : `${days} dage`, days === 1 ? '1 day' : `${days} days`) }),
          h(
            'td',
            { class: 'actions' },
            confirmButton(T('Ophæv', 'Lift'), T(`Ja, ophæv blokering ${i + 1}`, `Yes, lift block ${i + 1}`), async () => {
              try {
                await api('DELETE', `/api/blocks/${b.id}`);
                await refresh();
                tx(done, T('Blokeringen er ophævet: opkalderen kan ringe igen.', 'The block is lifted: the caller can call again.'));
              } catch (err) {
                await refresh();
                new FormErrors(status).show(err);
              }
            }),
          ),
        );
      }),
    );
    tx(empty, blocks.length === 0 ? T('Ingen opkaldere er blokeret.', 'No caller is blocked.') : '');
  }
  return { element: h('div', { class: 'section blocks' }, panel), start: () => void refresh() };
}
