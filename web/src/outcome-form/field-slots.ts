// Where each field of the outcome form shows its error: one slot per field name, as the server names fields, so a
// 400 naming `riskFlags.threats_to_kill` lands on that flag. The builders register their fields here.
import { h, uid } from '../dom.js';
import { tx } from '../i18n.js';
import type { FieldError } from './validation.js';

interface FieldSlot {
  container: HTMLElement;
  error: HTMLElement;
  focus: () => void;
  /** The control that carries aria-invalid and aria-describedby (the container itself for a group). */
  describedBy: HTMLElement;
}

export interface FieldSlots {
  /** Adds an (empty, hidden) error line to the field's container and returns the container. */
  register(name: string, container: HTMLElement, focus: () => void, describedBy?: HTMLElement): HTMLElement;
  /** Takes every error off. */
  clear(): void;
  /** Marks the fields (a nested name falls back to its parent's slot) and returns how to focus the first. */
  mark(errors: FieldError[]): (() => void) | undefined;
}

export function fieldSlots(): FieldSlots {
  const slots = new Map<string, FieldSlot>();
  return {
    register(name, container, focus, describedBy = container) {
      const error = h('p', { class: 'field-error', id: uid('err'), hidden: true });
      container.append(error);
      slots.set(name, { container, error, focus, describedBy });
      return container;
    },
    clear() {
      for (const slot of slots.values()) {
        slot.error.hidden = true;
        slot.error.textContent = '';
        slot.container.classList.remove('invalid');
        slot.describedBy.removeAttribute('aria-invalid');
        const ids = (slot.describedBy.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id && id !== slot.error.id);
        if (ids.length) slot.describedBy.setAttribute('aria-describedby', ids.join(' '));
        else slot.describedBy.removeAttribute('aria-describedby');
      }
    },
    mark(errors) {
      let first: FieldSlot | undefined;
      for (const [field, message] of errors) {
        const slot = slots.get(field) ?? slots.get(field.split('.')[0] ?? '');
        if (!slot) continue; // the summary still counts it
        first ??= slot;
        // A field in a folded part is unfolded, so its error is seen and its control can take the focus.
        slot.container.closest('details')?.setAttribute('open', '');
        tx(slot.error, message);
        slot.error.hidden = false;
        slot.container.classList.add('invalid');
        slot.describedBy.setAttribute('aria-invalid', 'true');
        const ids = (slot.describedBy.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
        slot.describedBy.setAttribute('aria-describedby', [...ids, slot.error.id].join(' '));
      }
      return first?.focus;
    },
  };
}
