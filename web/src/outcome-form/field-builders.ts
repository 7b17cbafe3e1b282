// The outcome form's building blocks: a radio group, a checkbox set, a select, a yes/no/not-stated choice, a
// titled section and one that folds. Each field registers with the form's slots so its errors can be shown beside it.
import { h, uid } from '../dom.js';
import { T, type Text } from '../i18n.js';
import type { FieldSlots } from './field-slots.js';

/** One code out of a list, as radio buttons; the legend gets an asterisk when it is required. */
export function radioGroup<C extends string>(
  slots: FieldSlots, name: string, legend: Text, codes: readonly C[], labels: Record<C, Text>, opts: { required?: boolean; columns?: boolean } = {},
): HTMLElement {
  const fieldset = h('fieldset', { class: `choice${opts.columns ? ' columns' : ''}`, role: 'radiogroup', 'aria-required': opts.required ? 'true' : undefined });
  const legendEl = h('legend', {}, legend);
  if (opts.required) legendEl.append(h('span', { class: 'required', 'aria-hidden': 'true' }, ' *'));
  fieldset.append(legendEl);
  const list = h('div', { class: 'options' });
  for (const code of codes) {
    const id = uid(name);
    list.append(h('div', { class: 'option' }, h('input', { type: 'radio', id, name, value: code }), h('label', { for: id }, labels[code])));
  }
  fieldset.append(list);
  return slots.register(name, fieldset, () => (fieldset.querySelector<HTMLInputElement>('input:checked') ?? fieldset.querySelector<HTMLInputElement>('input'))?.focus());
}

/** Any number of codes out of a list, as checkboxes (marked data-multi, so readForm reads them as a list). */
export function checkboxGroup<C extends string>(slots: FieldSlots, name: string, legend: Text, codes: readonly C[], labels: Record<C, Text>): HTMLElement {
  const fieldset = h('fieldset', { class: 'choice columns' }, h('legend', {}, legend));
  const list = h('div', { class: 'options' });
  for (const code of codes) {
    const id = uid(name);
    list.append(h('div', { class: 'option' }, h('input', { type: 'checkbox', id, name, value: code, 'data-multi': true }), h('label', { for: id }, labels[code])));
  }
  fieldset.append(list);
  return slots.register(name, fieldset, () => fieldset.querySelector<HTMLInputElement>('input')?.focus());
}

/** One code out of a list, or none, as a select (for the longer optional lists). */
export function select<C extends string>(slots: FieldSlots, name: string, label: Text, codes: readonly C[], labels: Record<C, Text>): HTMLElement {
  const id = uid(name);
  const el = h('select', { id, name }, h('option', { value: '', text: T('— ikke angivet —', '— not stated —') }));
  for (const code of codes) el.append(h('option', { value: code, text: labels[code] }));
  const wrapper = h('div', { class: 'field' }, h('label', { for: id }, label), el);
  return slots.register(name, wrapper, () => el.focus(), el);
}

/** Yes, no or not stated (the default), for a yes/no field the server takes as a boolean when it is answered. */
export function yesNoChoice(slots: FieldSlots, name: string, legend: Text): HTMLElement {
  const id = uid(name);
  const inputs = (['yes', 'no', ''] as const).map((value, i) => ({
    value,
    input: h('input', { type: 'radio', id: `${id}-${i}`, name, value, checked: value === '' }),
    label: value === 'yes' ? T('Ja', 'Yes') : value === 'no' ? T('Nej', 'No') : T('Ikke angivet', 'Not stated'),
  }));
  const fieldset = h(
    'fieldset',
    { class: 'choice inline', role: 'radiogroup' },
    h('legend', {}, legend),
    h('div', { class: 'options' }, ...inputs.map(({ input, label }) => h('div', { class: 'option' }, input, h('label', { for: input.id, text: label })))),
  );
  return slots.register(name, fieldset, () => inputs[0]?.input.focus());
}

/** A part of the form with its heading (the section is labelled by it). */
export function section(title: Text, ...children: HTMLElement[]): HTMLElement {
  const id = uid('section');
  return h('section', { class: 'form-section', 'aria-labelledby': id }, h('h3', { id }, title), ...children);
}

/** A part of the form that folds (closed at first): fewer tab stops until it is needed. */
export function fold(title: Text, ...children: HTMLElement[]): HTMLDetailsElement {
  return h('details', { class: 'form-section fold' }, h('summary', {}, title), h('div', { class: 'fold-body' }, ...children));
}
