// The free-text note: optional, deleted automatically after its retention, and never to identify anyone — the
// warning sits above the box and is read with it, as is the character count.
import { h, uid } from '../dom.js';
import { T, tx } from '../i18n.js';
import { FIELD_LABELS } from '../labels.js';
import type { FieldSlots } from './field-slots.js';

const NOTES_MAX = 2000;

export function notesField(slots: FieldSlots): { element: HTMLElement; update: (text: string) => void } {
  const notesId = uid('notes');
  const notesWarningId = uid('notes-warning');
  const notesCountId = uid('notes-count');
  const notes = h('textarea', { id: notesId, name: 'notes', rows: '4', maxlength: String(NOTES_MAX), 'aria-describedby': `${notesWarningId} ${notesCountId}` });
  const notesCount = h('p', { id: notesCountId, class: 'hint counter' });
  const element = slots.register(
    'notes',
    h(
      'div',
      { class: 'field notes' },
      h('label', { for: notesId }, FIELD_LABELS.notes, h('span', { class: 'optional', text: T(' (frivilligt, slettes automatisk)', ' (optional, deleted automatically)') })),
      h('p', {
        id: notesWarningId,
        class: 'warning',
        text: T(
          'Skriv ikke navne, adresser, telefonnumre eller andet, der kan identificere nogen.',
          'Do not write names, addresses, phone numbers or anything that could identify anyone.',
        ),
      }),
      notes,
      notesCount,
    ),
    () => notes.focus(),
    notes,
  );
  return {
    element,
    /** Shows how much of the limit the text uses. */
    update(text) {
      tx(notesCount, T(`${text.length} af ${NOTES_MAX} tegn`, `${text.length} of ${NOTES_MAX} characters`));
    },
  };
}
