// Calls I took that still need an outcome (newest first): choose one to open its form.
import { h, uid } from './dom.js';
import { hasDraft } from './drafts.js';
import { callSummary } from './format.js';
import { T } from './i18n.js';
import type { AwaitingCall } from './live.js';

export function awaitingList(open: (call: AwaitingCall) => void) {
  const titleId = uid('awaiting-title');
  const count = h('span', { class: 'count', 'aria-hidden': 'true' });
  const list = h('ul', { class: 'awaiting-list' });
  const empty = h('p', { class: 'idle', text: T('Ingen opkald venter på et udfald.', 'No calls are awaiting an outcome.') });
  const element = h(
    'section',
    { class: 'panel awaiting', 'aria-labelledby': titleId },
    h('h2', { id: titleId }, h('span', { text: T('Venter på udfald', 'Awaiting an outcome') }), count),
    empty,
    list,
  );
  let calls: AwaitingCall[] = [];
  let openId: string | undefined;

  function render() {
    const focusedId = (document.activeElement as HTMLElement | null)?.dataset?.callId;
    list.replaceChildren();
    empty.hidden = calls.length > 0;
    count.textContent = calls.length ? String(calls.length) : '';
    for (const call of calls) {
      const draft = hasDraft(call.id);
      const button = h(
        'button',
        { type: 'button', class: 'awaiting-item', 'data-call-id': call.id, 'aria-current': call.id === openId ? 'true' : undefined, onclick: () => open(call) },
        h('span', { class: 'summary', text: callSummary(call) }),
        draft ? h('span', { class: 'badge', text: T('Kladde', 'Draft') }) : null,
      );
      list.append(h('li', {}, button));
      if (call.id === focusedId) button.focus();
    }
  }

  return {
    element,
    set(next: AwaitingCall[]) {
      calls = next;
      render();
    },
    remove(callId: string) {
      calls = calls.filter((c) => c.id !== callId);
      render();
    },
    setOpen(callId: string | undefined) {
      openId = callId;
      render();
    },
    find: (callId: string) => calls.find((c) => c.id === callId),
    refreshBadges: render,
  };
}
