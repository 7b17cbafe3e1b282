// Drafts of outcome forms in localStorage, one per call: every change is written at once, so a reload, a dropped
// connection or a closed tab loses nothing typed. A draft is deleted when its outcome is saved.

export type Draft = Record<string, string | string[]>;

const PREFIX = 'stopline.draft.';
const key = (callId: string) => `${PREFIX}${callId}`;

export function loadDraft(callId: string): Draft | undefined {
  try {
    const raw = localStorage.getItem(key(callId));
    if (!raw) return undefined;
    const parsed = JSON.parse(raw) as { values?: Draft };
    return parsed.values;
  } catch {
    return undefined;
  }
}

/** Returns false when the browser refused to store it (private mode, storage full). */
export function saveDraft(callId: string, values: Draft): boolean {
  try {
    localStorage.setItem(key(callId), JSON.stringify({ savedAt: Date.now(), values }));
    return true;
  } catch {
    return false;
  }
}

export function deleteDraft(callId: string): void {
  try {
    localStorage.removeItem(key(callId));
  } catch {
    // nothing stored, nothing to delete
  }
}

export function hasDraft(callId: string): boolean {
  try {
    return localStorage.getItem(key(callId)) !== null;
  } catch {
    return false;
  }
}

/** The form's values by field name: a name that occurs on several checkboxes is a list. */
export function readForm(form: HTMLFormElement): Draft {
  const values: Draft = {};
  const multi = new Set<string>();
  for (const el of form.querySelectorAll<HTMLInputElement>('input[type=checkbox][data-multi]')) multi.add(el.name);
  for (const name of multi) values[name] = [];
  for (const [name, value] of new FormData(form)) {
    if (typeof value !== 'string') continue;
    if (multi.has(name)) (values[name] as string[]).push(value);
    else values[name] = value;
  }
  return values;
}

/** Puts saved values back into the form's fields. */
export function fillForm(form: HTMLFormElement, values: Draft): void {
  for (const el of form.elements) {
    if (el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox')) {
      const v = values[el.name];
      el.checked = Array.isArray(v) ? v.includes(el.value) : v === el.value;
    } else if (el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement) {
      const v = values[el.name];
      if (typeof v === 'string') el.value = v;
    }
  }
}
