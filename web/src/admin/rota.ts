// The weekly rota as a grid, one column per weekday, each shift with its place in the backup order (place 1 rings
// first). Edited shift by shift — add, move (change any field), remove — never a replace of the whole rota. A
// psychologist on the rota without a phone (or disabled) is warned about.
import { api } from '../api.js';
import { append, h, uid } from '../dom.js';
import { T, tx, type Text } from '../i18n.js';
import { confirmButton, field, formAlert, FormErrors, formStatus, submitting } from '../shell/forms.js';
import { load, sectionStatus, type Section, type SectionContext } from './common.js';
import { WEEKDAY_LABELS, WEEKDAYS, type Weekday } from '../weekdays.js';
import type { UserRow } from './users.js';

interface Shift {
  id: string;
  weekday: Weekday;
  starts: string;
  ends: string;
  username: string;
  position: number;
  hasPhone: boolean;
  disabled: boolean;
}
interface Rota {
  shifts: Shift[];
  warnings: Array<{ username: string; problem: 'no_phone' | 'disabled' }>;
}
type ShiftInput = Pick<Shift, 'weekday' | 'starts' | 'ends' | 'username' | 'position'>;

const TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/** The fields of one shift (add and edit share them); the backup order is shown from 1, stored from 0. */
function shiftFields(psychologists: string[], initial?: ShiftInput) {
  const weekday = h('select', { name: 'weekday' }, ...WEEKDAYS.map((d) => h('option', { value: d, text: WEEKDAY_LABELS[d] })));
  weekday.value = initial?.weekday ?? 'mon';
  const starts = h('input', { name: 'starts', inputmode: 'numeric', maxlength: '5', placeholder: '08:00', value: initial?.starts ?? '' });
  const ends = h('input', { name: 'ends', inputmode: 'numeric', maxlength: '5', placeholder: '16:00', value: initial?.ends ?? '' });
  const person = h('select', { name: 'username' }, ...psychologists.map((p) => h('option', { value: p }, p)));
  if (initial && !psychologists.includes(initial.username)) person.append(h('option', { value: initial.username }, initial.username));
  if (initial) person.value = initial.username;
  const position = h('input', { name: 'position', type: 'number', min: '1', max: '21', value: String((initial?.position ?? 0) + 1) });
  const f = {
    weekday: field(T('Ugedag', 'Weekday'), weekday),
    starts: field(T('Fra (TT:MM)', 'From (HH:MM)'), starts),
    ends: field(T('Til (TT:MM, 24:00 = midnat)', 'To (HH:MM, 24:00 = midnight)'), ends),
    username: field(T('Psykolog', 'Psychologist'), person),
    position: field(T('Plads i rækkefølgen (1 = ringer først)', 'Place in the order (1 = rings first)'), position),
  };
  const bind = (errors: FormErrors) => {
    for (const [name, target] of Object.entries(f)) errors.bind(`body.${name}`, target);
    return errors;
  };
  /** The shift as the API takes it, or the field at fault and why. */
  const read = (): ShiftInput | { field: string; message: Text } => {
    if (!TIME.test(starts.value.trim())) return { field: 'body.starts', message: T('Skriv tiden som TT:MM, fx 08:00.', 'Write the time as HH:MM, e.g. 08:00.') };
    if (!TIME.test(ends.value.trim())) return { field: 'body.ends', message: T('Skriv tiden som TT:MM, fx 16:00 (24:00 for midnat).', 'Write the time as HH:MM, e.g. 16:00 (24:00 for midnight).') };
    if (!(starts.value.trim() < ends.value.trim())) return { field: 'body.ends', message: T('En vagt skal slutte, efter den begynder.', 'A shift must end after it starts.') };
    if (!person.value) return { field: 'body.username', message: T('Der er ingen psykologer endnu: opret en under Brugere.', 'There are no psychologists yet: add one under Users.') };
    const place = Number(position.value);
    if (!Number.isInteger(place) || place < 1 || place > 21) return { field: 'body.position', message: T('Et helt tal fra 1 til 21.', 'A whole number from 1 to 21.') };
    return { weekday: weekday.value as Weekday, starts: starts.value.trim(), ends: ends.value.trim(), username: person.value, position: place - 1 };
  };
  return { f, bind, read, elements: Object.values(f).map((x) => x.element) };
}

export function rotaSection(ctx: SectionContext): Section {
  const status = sectionStatus();
  const saved = formStatus();
  const warnings = h('div', { class: 'warnings' });
  const grid = h('div', { class: 'rota-grid' });
  const addHost = h('div');
  let psychologists: string[] = [];

  function addForm(): HTMLElement {
    const fields = shiftFields(psychologists);
    const alert = formAlert();
    const errors = fields.bind(new FormErrors(alert));
    const add = h('button', { type: 'submit', class: 'button primary', text: T('Tilføj vagt', 'Add shift') });
    const form = h('form', { class: 'panel form-grid shift-form', novalidate: true, 'aria-labelledby': 'add-shift-title' }, h('h2', { id: 'add-shift-title', text: T('Ny vagt', 'New shift') }), ...fields.elements, alert, h('div', { class: 'row' }, add));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      errors.clear();
      const shift = fields.read();
      if ('field' in shift) return errors.set(shift.field, shift.message);
      void submitting(add, errors, async () => {
        const rota = await api<Rota>('POST', '/api/rota/shifts', shift);
        render(rota);
        tx(saved, T(`Vagten er tilføjet: ${WEEKDAY_LABELS[shift.weekday].da.toLowerCase()} ${shift.starts}–${shift.ends}, ${shift.username}.`, `Shift added: ${WEEKDAY_LABELS[shift.weekday].en} ${shift.starts}–${shift.ends}, ${shift.username}.`));
      });
    });
    return form;
  }

  const shiftName = (s: ShiftInput): Text => T(`${WEEKDAY_LABELS[s.weekday].da.toLowerCase()} ${s.starts}–${s.ends}, ${s.username}`, `${WEEKDAY_LABELS[s.weekday].en} ${s.starts}–${s.ends}, ${s.username}`);

  function shiftItem(shift: Shift): HTMLLIElement {
    const li = h('li', { class: 'shift', 'data-shift-id': shift.id });
    const name = shiftName(shift);
    const edit = h('button', { type: 'button', class: 'button small', text: T('Ret', 'Edit'), 'aria-label': T(`Ret vagten ${name.da}`, `Edit the shift ${name.en}`) });
    edit.addEventListener('click', () => li.replaceWith(editItem(shift)));
    append(li,
      h('p', { class: 'shift-time' }, `${shift.starts}–${shift.ends}`),
      h('p', { class: 'shift-person' }, h('span', { class: 'place', text: T(`${shift.position + 1}.`, `${shift.position + 1}.`) }), ' ', shift.username),
      shift.disabled
        ? h('p', { class: 'badge', text: T('deaktiveret', 'disabled') })
        : !shift.hasPhone
          ? h('p', { class: 'badge', text: T('ingen telefon', 'no phone') })
          : undefined,
      h(
        'div',
        { class: 'row' },
        edit,
        confirmButton(T('Fjern', 'Remove'), T('Ja, fjern', 'Yes, remove'), async () => {
          try {
            render(await api<Rota>('DELETE', `/api/rota/shifts/${shift.id}`));
            tx(saved, T(`Vagten er fjernet: ${name.da}.`, `Shift removed: ${name.en}.`));
          } catch (err) {
            await refresh();
            new FormErrors(status).show(err);
          }
        }),
      ),
    );
    return li;
  }

  function editItem(shift: Shift): HTMLLIElement {
    const fields = shiftFields(psychologists, shift);
    const alert = formAlert();
    const errors = fields.bind(new FormErrors(alert));
    const save = h('button', { type: 'submit', class: 'button primary small', text: T('Gem vagten', 'Save the shift') });
    const cancel = h('button', { type: 'button', class: 'button subtle small', text: T('Fortryd', 'Cancel'), onclick: () => void refresh() });
    const form = h('form', { class: 'inline-form', novalidate: true, 'aria-label': T(`Ret vagten ${shiftName(shift).da}`, `Edit the shift ${shiftName(shift).en}`) }, ...fields.elements, alert, h('div', { class: 'row' }, save, cancel));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      errors.clear();
      const next = fields.read();
      if ('field' in next) return errors.set(next.field, next.message);
      // Only what changed, so the audit log says what moved.
      const change = Object.fromEntries(Object.entries(next).filter(([k, v]) => shift[k as keyof ShiftInput] !== v));
      if (Object.keys(change).length === 0) return void refresh();
      void submitting(save, errors, async () => {
        render(await api<Rota>('PATCH', `/api/rota/shifts/${shift.id}`, change));
        tx(saved, T(`Vagten er gemt: ${shiftName(next).da}.`, `Shift saved: ${shiftName(next).en}.`));
      });
    });
    queueMicrotask(() => fields.f.weekday.input.focus());
    return h('li', { class: 'shift editing' }, form);
  }

  function render(rota: Rota) {
    warnings.replaceChildren(
      ...rota.warnings.map((w) =>
        h('p', {
          class: 'notice warn',
          text:
            w.problem === 'no_phone'
              ? T(`${w.username} er på vagtplanen, men har ingen telefon: opkald når kun ${w.username} i browseren. Tilføj et nummer under Brugere.`, `${w.username} is on the rota but has no phone: calls reach ${w.username} only in the browser. Add a number under Users.`)
              : T(`${w.username} er på vagtplanen, men er deaktiveret: opkald springer ${w.username} over.`, `${w.username} is on the rota but disabled: calls skip ${w.username}.`),
        }),
      ),
    );
    grid.replaceChildren(
      ...WEEKDAYS.map((day) => {
        const titleId = uid('day');
        const shifts = rota.shifts.filter((s) => s.weekday === day);
        return h(
          'section',
          { class: 'rota-day', 'aria-labelledby': titleId },
          h('h3', { id: titleId, text: WEEKDAY_LABELS[day] }),
          shifts.length ? h('ul', { class: 'shifts' }, ...shifts.map(shiftItem)) : h('p', { class: 'hint', text: T('Ingen vagter', 'No shifts') }),
        );
      }),
    );
  }

  async function refresh() {
    const data = await load(status, ctx, () => Promise.all([api<Rota>('GET', '/api/rota/shifts'), api<UserRow[]>('GET', '/api/users')]));
    if (!data) return;
    const [rota, users] = data;
    const before = psychologists.join();
    psychologists = users.filter((u) => u.roles.includes('psychologist') && !u.disabled).map((u) => u.username);
    if (before !== psychologists.join() || !addHost.firstChild) addHost.replaceChildren(addForm());
    render(rota);
  }

  const week = h('section', { class: 'panel', 'aria-labelledby': 'week-title' }, h('h2', { id: 'week-title', text: T('Ugen', 'The week') }), status, saved, warnings, grid);
  return { element: h('div', { class: 'section rota' }, addHost, week), start: () => void refresh() };
}
