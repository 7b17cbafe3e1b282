// Calls I took that still need an outcome (newest first): choose one to open its form. Each is told apart from the
// others: by its end time while the server still knows it ("just now" for the last few minutes), else by date, hour
// band, language and duration band, and by its place in the hour when even those are the same.
import { h, uid } from './dom.js';
import { hasDraft } from './drafts.js';
import { callSummary, formatClock } from './format.js';
import { T, type Text } from './i18n.js';
import { CALLER_LANGUAGE_LABELS, DURATION_LABELS } from './labels.js';
import type { AwaitingCall } from './live.js';

const JUST_NOW_MS = 5 * 60_000;

const join = (parts: Text[]): Text => T(parts.map((p) => p.da).join(' · '), parts.map((p) => p.en).join(' · '));

/** What tells this call apart, without the ordinal. */
export function awaitingLabel(call: AwaitingCall, now: number): Text {
  if (typeof call.endedAt !== 'number') return callSummary(call);
  const clock = formatClock(new Date(call.endedAt));
  const parts: Text[] = [T(`Sluttede kl. ${clock}`, `Ended at ${clock}`)];
  if (now - call.endedAt < JUST_NOW_MS) parts.push(T('lige nu', 'just now'));
  if (call.language) parts.push(CALLER_LANGUAGE_LABELS[call.language]);
  const duration = call.durationBand ? DURATION_LABELS[call.durationBand] : undefined;
  if (duration) parts.push(duration);
  return join(parts);
}

/** The labels of a list, with "call 2 of 3 in this hour" added where two would otherwise read the same. */
export function awaitingLabels(calls: AwaitingCall[], now: number): Text[] {
  const labels = calls.map((c) => awaitingLabel(c, now));
  const counts = new Map<string, number>();
  for (const l of labels) counts.set(l.da, (counts.get(l.da) ?? 0) + 1);
  const seen = new Map<string, number>();
  return labels.map((l) => {
    const n = counts.get(l.da) ?? 1;
    if (n === 1) return l;
    const i = (seen.get(l.da) ?? 0) + 1;
    seen.set(l.da, i);
    // Newest first: the first in the list is the latest of them.
    const place = n - i + 1;
    return join([l, T(`opkald ${place} af ${n} i timen`, `call ${place} of ${n} in the hour`)]);
  });
}

export function awaitingList(open: (call: AwaitingCall) => void, now: () => number) {
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
    const labels = awaitingLabels(calls, now());
    calls.forEach((call, i) => {
      const draft = hasDraft(call.id);
      const button = h(
        'button',
        { type: 'button', class: 'awaiting-item', 'data-call-id': call.id, 'aria-current': call.id === openId ? 'true' : undefined, onclick: () => open(call) },
        h('span', { class: 'summary', text: labels[i] }),
        draft ? h('span', { class: 'badge', text: T('Kladde', 'Draft') }) : null,
      );
      list.append(h('li', {}, button));
      if (call.id === focusedId) button.focus();
    });
  }

  // "Just now" passes.
  const timer = window.setInterval(() => {
    if (calls.some((c) => typeof c.endedAt === 'number')) render();
  }, 60_000);

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
    label: (callId: string): Text | undefined => {
      const i = calls.findIndex((c) => c.id === callId);
      return i < 0 ? undefined : awaitingLabels(calls, now())[i];
    },
    refreshBadges: render,
    stop: () => window.clearInterval(timer),
  };
}
