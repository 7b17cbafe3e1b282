// The outcome form's state beyond the page: its draft in this browser (kept on every change, restored when the form
// opens again, dropped once the server has the outcome) and the save itself.
import type { Triage } from '../../../src/shared/vocabulary.js';
import { api } from '../api.js';
import { deleteDraft, fillForm, loadDraft, readForm, saveDraft, type Draft } from '../drafts.js';
import { formatClock } from '../format.js';
import { T, type Text } from '../i18n.js';
import { outcomeBody } from './form-values.js';

/** The server's answer to a saved outcome: the triage in force, the computed one, and whether it was overridden. */
export interface SavedOutcome {
  triage: Triage;
  computed: Triage;
  overridden: boolean;
}

/** Reads the form and keeps it as the call's draft; the status says whether the browser kept it. */
export function keepDraft(callId: string, form: HTMLFormElement): { values: Draft; status: Text } {
  const values = readForm(form);
  const status = saveDraft(callId, values)
    ? T(`Kladde gemt i browseren kl. ${formatClock(new Date())}`, `Draft kept in this browser at ${formatClock(new Date())}`)
    : T('Kladden kunne ikke gemmes i browseren.', 'The draft could not be kept in this browser.');
  return { values, status };
}

/** Puts the call's draft back into the form (after a reload, a dropped connection, or closing the form). */
export function restoreDraft(callId: string, form: HTMLFormElement): Text | undefined {
  const draft = loadDraft(callId);
  if (!draft) return undefined;
  fillForm(form, draft);
  return T('Kladden er hentet frem igen.', 'Your draft was restored.');
}

/** Sends the outcome; once the server has it the draft is no longer needed. */
export async function saveOutcome(callId: string, values: Draft): Promise<SavedOutcome> {
  const result = await api<SavedOutcome>('PUT', `/api/calls/${encodeURIComponent(callId)}/outcome`, outcomeBody(values));
  deleteDraft(callId);
  return result;
}
