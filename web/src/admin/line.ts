// The line: opening hours per weekday, closures with a note, the public-holiday switch and the back-up duty
// (bagvagt) the emergency protocol names. Saved together (they are one setting of the line), in effect from the
// next call, and shown as the line will see the next days ("open 09:00–21:00", "closed: Juleaftensdag").
import { api } from '../api.js';
import { h, uid } from '../dom.js';
import { T, tx, type Text } from '../i18n.js';
import { field, formAlert, FormErrors, formStatus, submitting } from '../shell/forms.js';
import { dayLabel, load, sectionStatus, type Section, type SectionContext } from './common.js';
import { WEEKDAY_LABELS, WEEKDAYS, type Weekday } from '../weekdays.js';

type Ranges = Array<[string, string]>;
interface LineSettings {
  openingHours: Record<Weekday, Ranges>;
  closures: Array<{ date: string; note?: string }>;
  closeOnPublicHolidays: boolean;
  backupDuty: { name: string; phone: string } | null;
  preview: Array<{ date: string; weekday: string; open: boolean; hours: Ranges; reason: 'open' | 'closed_all_day' | 'closure' | 'public_holiday'; note?: string; holidayName?: string }>;
}

const RANGE = /^(\d{1,2}[:.]\d\d)\s*[-–]\s*(\d{1,2}[:.]\d\d)$/;
const clock = (s: string) => s.replace('.', ':').padStart(5, '0');

/** "09:00–21:00, 22:00–23:00" ⇄ [["09:00","21:00"],["22:00","23:00"]]; empty is closed all day. */
export const formatRanges = (ranges: Ranges): string => ranges.map(([a, b]) => `${a}–${b}`).join(', ');
export function parseRanges(text: string): Ranges | undefined {
  const parts = text.split(',').map((p) => p.trim()).filter(Boolean);
  const out: Ranges = [];
  for (const part of parts) {
    const m = RANGE.exec(part);
    if (!m) return undefined;
    out.push([clock(m[1]!), clock(m[2]!)]);
  }
  return out;
}

const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

export function lineSection(ctx: SectionContext): Section {
  const status = sectionStatus();
  const saved = formStatus();
  const alert = formAlert();
  let errors = new FormErrors(alert);

  const hours = Object.fromEntries(
    WEEKDAYS.map((d) => [d, field(WEEKDAY_LABELS[d], h('input', { name: `hours-${d}`, autocomplete: 'off', placeholder: '09:00–21:00' }))]),
  ) as Record<Weekday, ReturnType<typeof field>>;
  const holidays = h('input', { type: 'checkbox', id: uid('holidays'), name: 'closeOnPublicHolidays' });
  const dutyName = field(T('Bagvagtens navn', 'Back-up duty: name'), h('input', { name: 'backup-name', autocomplete: 'off', maxlength: '80' }));
  const dutyPhone = field(T('Bagvagtens telefon', 'Back-up duty: phone'), h('input', { name: 'backup-phone', type: 'tel', autocomplete: 'off', maxlength: '40' }), T('Med landekode, fx +45 12 34 56 78.', 'With the country code, e.g. +45 12 34 56 78.'));
  const closureList = h('ul', { class: 'closures' });
  const previewList = h('ol', { class: 'preview' });

  interface ClosureRow {
    element: HTMLLIElement;
    date: ReturnType<typeof field>;
    note: ReturnType<typeof field>;
    known: boolean;
  }
  let closures: ClosureRow[] = [];

  function closureRow(value?: { date: string; note?: string }): ClosureRow {
    const date = field(T('Dato', 'Date'), h('input', { type: 'date', name: 'closure-date', value: value?.date ?? '', ...(value ? {} : { min: today() }) }));
    const note = field(T('Note (fx Juleaftensdag)', 'Note (e.g. Christmas Eve)'), h('input', { name: 'closure-note', maxlength: '80', value: value?.note ?? '' }));
    const row: ClosureRow = { element: h('li', { class: 'closure' }), date, note, known: value !== undefined };
    const remove = h('button', {
      type: 'button',
      class: 'button small',
      text: T('Fjern', 'Remove'),
      'aria-label': value ? T(`Fjern lukkedagen ${value.date}`, `Remove the closure ${value.date}`) : T('Fjern den nye lukkedag', 'Remove the new closure'),
      onclick: () => {
        closures = closures.filter((c) => c !== row);
        row.element.remove();
        addClosure.focus();
      },
    });
    row.element.append(date.element, note.element, h('div', { class: 'row end' }, remove));
    return row;
  }

  const addClosure = h('button', {
    type: 'button',
    class: 'button',
    text: T('Tilføj lukkedag', 'Add a closure'),
    onclick: () => {
      const row = closureRow();
      closures.push(row);
      closureList.append(row.element);
      row.date.input.focus();
    },
  });

  function fill(line: LineSettings) {
    for (const d of WEEKDAYS) hours[d].input.value = formatRanges(line.openingHours[d]);
    holidays.checked = line.closeOnPublicHolidays;
    dutyName.input.value = line.backupDuty?.name ?? '';
    dutyPhone.input.value = line.backupDuty?.phone ?? '';
    closures = line.closures.map((c) => closureRow(c));
    closureList.replaceChildren(...closures.map((c) => c.element));
    renderPreview(line.preview);
  }

  function renderPreview(days: LineSettings['preview']) {
    previewList.replaceChildren(
      ...days.map((day) => {
        let text: Text;
        if (day.open) text = T(`åben ${formatRanges(day.hours)}`, `open ${formatRanges(day.hours)}`);
        else if (day.reason === 'closure') text = day.note ? T(`lukket: ${day.note}`, `closed: ${day.note}`) : T('lukket (lukkedag)', 'closed (closure)');
        else if (day.reason === 'public_holiday') text = T(`lukket: ${day.holidayName ?? 'helligdag'}`, `closed: ${day.holidayName ?? 'public holiday'}`);
        else text = T('lukket hele dagen', 'closed all day');
        return h('li', { class: day.open ? 'open' : 'closed' }, h('span', { class: 'day', text: dayLabel(day.date) }), ' ', h('span', { text }));
      }),
    );
  }

  const save = h('button', { type: 'submit', class: 'button primary', text: T('Gem linjens indstillinger', 'Save the line settings') });
  const form = h(
    'form',
    { class: 'line-form', novalidate: true },
    h('section', { class: 'panel', 'aria-labelledby': 'hours-title' }, h('h2', { id: 'hours-title', text: T('Åbningstider', 'Opening hours') }), h('p', { class: 'hint', text: T('Fx 09:00–21:00; flere tidsrum med komma; tomt felt = lukket hele dagen.', 'E.g. 09:00–21:00; several ranges with commas; an empty field = closed all day.') }), h('div', { class: 'hours-grid' }, ...WEEKDAYS.map((d) => hours[d].element))),
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'closures-title' },
      h('h2', { id: 'closures-title', text: T('Lukkedage', 'Closures') }),
      h('div', { class: 'check' }, holidays, h('label', { for: holidays.id, text: T('Lukket på helligdage', 'Closed on public holidays') })),
      closureList,
      h('div', { class: 'row' }, addClosure),
    ),
    h('section', { class: 'panel', 'aria-labelledby': 'duty-title' }, h('h2', { id: 'duty-title', text: T('Bagvagt', 'Back-up duty') }), h('p', { class: 'hint', text: T('Nævnes i nødprotokollen i konsollen ved akutte opkald. Tomme felter: ingen bagvagt.', 'Named in the console’s emergency protocol on acute calls. Empty fields: no back-up duty.') }), dutyName.element, dutyPhone.element),
    alert,
    saved,
    h('div', { class: 'row' }, save),
  );

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    errors = new FormErrors(alert).bind('body.backupDuty.name', dutyName).bind('body.backupDuty.phone', dutyPhone).bind('body.backupDuty', dutyName);
    for (const d of WEEKDAYS) errors.bind(`body.openingHours.${d}`, hours[d]);
    closures.forEach((c, i) => errors.bind(`body.closures.${i}.date`, c.date).bind(`body.closures.${i}.note`, c.note).bind(`body.closures.${i}`, c.date));
    errors.clear();
    tx(saved, '');
    const openingHours = {} as Record<Weekday, Ranges>;
    for (const d of WEEKDAYS) {
      const ranges = parseRanges(hours[d].input.value);
      if (!ranges) return errors.set(`body.openingHours.${d}`, T('Skriv tidsrum som 09:00–21:00, flere med komma.', 'Write ranges as 09:00–21:00, several with commas.'));
      openingHours[d] = ranges;
    }
    for (const [i, c] of closures.entries()) if (!c.date.input.value) return errors.set(`body.closures.${i}.date`, T('Vælg en dato.', 'Choose a date.'));
    const name = dutyName.input.value.trim();
    const phone = dutyPhone.input.value.trim();
    if (name && !phone) return errors.set('body.backupDuty.phone', T('Skriv bagvagtens telefon.', 'Enter the back-up duty’s phone.'));
    if (phone && !name) return errors.set('body.backupDuty.name', T('Skriv bagvagtens navn.', 'Enter the back-up duty’s name.'));
    const body = {
      openingHours,
      closures: closures.map((c) => ({ date: c.date.input.value, ...(c.note.input.value.trim() ? { note: c.note.input.value.trim() } : {}) })),
      closeOnPublicHolidays: holidays.checked,
      backupDuty: name ? { name, phone } : null,
    };
    void submitting(save, errors, async () => {
      const line = await api<LineSettings>('PUT', '/api/line-settings', body);
      fill(line);
      tx(saved, T('Gemt. Gælder fra næste opkald.', 'Saved. In effect from the next call.'));
    });
  });

  const preview = h('section', { class: 'panel', 'aria-labelledby': 'preview-title' }, h('h2', { id: 'preview-title', text: T('Sådan ser linjen de næste dage', 'The next days as the line sees them') }), previewList);

  async function refresh() {
    const line = await load(status, ctx, () => api<LineSettings>('GET', '/api/line-settings'));
    if (line) fill(line);
  }
  return { element: h('div', { class: 'section line' }, status, h('div', { class: 'line-layout' }, form, preview)), start: () => void refresh() };
}
