// Form fields with their own error line: a 400 from the API names the field (`body.phone`), and its message is shown
// next to that field in the person's language (aria-describedby + aria-invalid), the form's alert saying the rest.
import { ApiError } from '../api.js';
import { h, uid } from '../dom.js';
import { tx, type Text } from '../i18n.js';
import { fieldMessages, problemText } from '../messages.js';

export interface Field {
  element: HTMLElement;
  input: HTMLInputElement | HTMLSelectElement;
  error: HTMLElement;
}

/** A labelled input with a hint (optional) and an error line under it. */
export function field(label: Text, input: HTMLInputElement | HTMLSelectElement, hint?: Text): Field {
  input.id ||= uid('field');
  const error = h('p', { class: 'field-error', id: uid('error') });
  const hintEl = hint ? h('p', { class: 'hint', id: uid('hint'), text: hint }) : undefined;
  input.setAttribute('aria-describedby', [hintEl?.id, error.id].filter(Boolean).join(' '));
  const element = h('div', { class: 'field' }, h('label', { for: input.id, text: label }), input, hintEl, error);
  return { element, input, error };
}

/** Which input shows the error of which API field; the alert takes what no field claims. */
export class FormErrors {
  private readonly fields = new Map<string, { input: HTMLElement; error: HTMLElement }>();

  constructor(readonly alert: HTMLElement) {}

  bind(path: string, target: { input: HTMLElement; error: HTMLElement }): this {
    this.fields.set(path, target);
    return this;
  }

  clear(): void {
    tx(this.alert, '');
    for (const { input, error } of this.fields.values()) {
      input.removeAttribute('aria-invalid');
      tx(error, '');
    }
  }

  /** Shows one message on a field of ours (a check made in the page before sending). */
  set(path: string, message: Text): void {
    const target = this.fields.get(path);
    if (!target) return void tx(this.alert, message);
    target.input.setAttribute('aria-invalid', 'true');
    tx(target.error, message);
    target.input.focus();
  }

  /** Shows an API error: on its fields, the first of them focused; else in the alert. */
  show(err: unknown): void {
    this.clear();
    if (err instanceof ApiError && err.status === 400 && err.fields.length > 0) {
      let first: HTMLElement | undefined;
      const unclaimed: Text[] = [];
      for (const [path, message] of fieldMessages(err)) {
        const target = this.fields.get(path) ?? this.nearest(path);
        if (!target) {
          unclaimed.push(message);
          continue;
        }
        target.input.setAttribute('aria-invalid', 'true');
        tx(target.error, message);
        first ??= target.input;
      }
      if (unclaimed.length > 0) tx(this.alert, { da: unclaimed.map((m) => m.da).join(' '), en: unclaimed.map((m) => m.en).join(' ') });
      first?.focus();
      return;
    }
    tx(this.alert, problemText(err));
  }

  /** `body.openingHours.mon.0` → the field bound as `body.openingHours.mon`. */
  private nearest(path: string) {
    for (let p = path; p.includes('.'); p = p.slice(0, p.lastIndexOf('.'))) {
      const target = this.fields.get(p);
      if (target) return target;
    }
    return undefined;
  }
}

/** A form's alert region (role=alert: read out when it changes). */
export const formAlert = (): HTMLElement => h('div', { class: 'form-alert', role: 'alert' });

/** A status line for what went well (polite). */
export const formStatus = (): HTMLElement => h('p', { class: 'form-status', role: 'status' });

/**
 * Runs a change with the button disabled (no double submit); its result or error goes to the form. Nothing is
 * half-saved: each change is one request, which the server commits whole or not at all.
 */
export async function submitting<T>(button: HTMLButtonElement, errors: FormErrors, work: () => Promise<T>): Promise<T | undefined> {
  button.disabled = true;
  errors.clear();
  try {
    return await work();
  } catch (err) {
    errors.show(err);
    return undefined;
  } finally {
    button.disabled = false;
  }
}

/**
 * A button that asks once more in place ("Remove" → "Yes, remove" / "Cancel"), instead of a browser dialog: it
 * stays keyboard-friendly and in the page's language.
 */
export function confirmButton(label: Text, confirmLabel: Text, action: () => Promise<void> | void, options: { danger?: boolean } = {}): HTMLElement {
  const wrap = h('span', { class: 'confirm' });
  const first = h('button', { type: 'button', class: 'button small', text: label });
  const yes = h('button', { type: 'button', class: `button small ${options.danger === false ? 'primary' : 'danger'}`, text: confirmLabel });
  const no = h('button', { type: 'button', class: 'button small subtle', text: { da: 'Fortryd', en: 'Cancel' } });
  const ask = (asking: boolean) => {
    first.hidden = asking;
    yes.hidden = !asking;
    no.hidden = !asking;
    (asking ? yes : first).focus();
  };
  yes.hidden = true;
  no.hidden = true;
  first.addEventListener('click', () => ask(true));
  no.addEventListener('click', () => ask(false));
  yes.addEventListener('click', () => {
    yes.disabled = true;
    void Promise.resolve(action()).finally(() => {
      yes.disabled = false;
      if (yes.isConnected) ask(false);
    });
  });
  wrap.append(first, yes, no);
  return wrap;
}

/**
 * Copies a one-time secret (a link, a key): the clipboard API where the page may use it, else the text is selected
 * so the person can copy it by hand.
 */
export function copyButton(input: HTMLInputElement, status: HTMLElement): HTMLButtonElement {
  return h('button', {
    type: 'button',
    class: 'button small',
    text: { da: 'Kopiér', en: 'Copy' },
    onclick: () => {
      input.select();
      const done = () => tx(status, { da: 'Kopieret.', en: 'Copied.' });
      const manual = () => tx(status, { da: 'Markeret: tryk Ctrl+C for at kopiere.', en: 'Selected: press Ctrl+C to copy.' });
      if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(input.value).then(done, manual);
      else manual();
    },
  });
}

/** A one-time secret shown in a read-only field with a copy button and a warning that it is shown only now. */
export function oneTimeSecret(label: Text, value: string, warning: Text): HTMLElement {
  const input = h('input', { type: 'text', readonly: true, value, class: 'secret', spellcheck: 'false' });
  input.value = value;
  const status = h('p', { class: 'form-status', role: 'status' });
  const f = field(label, input);
  f.element.append(h('div', { class: 'row' }, copyButton(input, status)), status);
  return h('div', { class: 'one-time' }, h('p', { class: 'notice', text: warning }), f.element);
}
