// The outcome form's error messages, as pure functions: what the page checks before sending (the two required
// fields, a reason for an override), how the server's 400 maps onto fields, and why a save failed otherwise.
import { CALLER_TYPES, OUTCOMES } from '../../../src/shared/vocabulary.js';
import { ApiError } from '../api.js';
import type { Draft } from '../drafts.js';
import { T, type Text } from '../i18n.js';
import { isOneOf } from './form-values.js';
import { serverMessage } from '../messages.js';

/** A message for one field, named as the server names it (`callerType`, `triageOverride.reason`, `riskFlags.x`). */
export type FieldError = [field: string, message: Text];

const REQUIRED = T('Vælg en af mulighederne.', 'Choose one of the options.');
const INVALID = T('Ugyldig værdi: vælg igen.', 'Invalid value: choose again.');
const REASON = T('Skriv en begrundelse på mindst 3 tegn.', 'Write a reason of at least 3 characters.');

/** What the page can tell before sending: the server would refuse these too. */
export function localErrors(values: Draft): FieldError[] {
  const errors: FieldError[] = [];
  if (!isOneOf(CALLER_TYPES, values.callerType)) errors.push(['callerType', REQUIRED]);
  if (!isOneOf(OUTCOMES, values.outcome)) errors.push(['outcome', REQUIRED]);
  if (values.override === 'yes' && String(values.overrideReason ?? '').trim().length < 3) errors.push(['triageOverride.reason', REASON]);
  return errors;
}

/** The fields a 400 named (`body.x`), with a message each; undefined when the failure was not about fields. */
export function serverFieldErrors(err: unknown): FieldError[] | undefined {
  if (!(err instanceof ApiError && err.status === 400 && err.fields.length)) return undefined;
  return err.fields.map((f) => {
    const field = f.replace(/^body\./, '');
    return [field, field === 'triageOverride.reason' ? REASON : field === 'callerType' || field === 'outcome' ? REQUIRED : INVALID];
  });
}

/** The summary above the marked fields. */
export const fieldsSummary = (count: number): Text =>
  T(
    `Udfaldet er ikke gemt: ret ${count === 1 ? 'feltet' : `de ${count} felter`}, der er markeret.`,
    `The outcome was not saved: correct the ${count === 1 ? 'field' : `${count} fields`} marked.`,
  );

/** Why a save failed for another reason than its fields; the draft is still in the browser (unless correcting). */
export function saveFailure(err: unknown, correcting = false): Text {
  const why = serverMessage(err, correcting ? 'correction' : 'outcome');
  return correcting
    ? T(`Rettelsen er ikke gemt. ${why.da}`, `The correction was not saved. ${why.en}`)
    : T(`Udfaldet er ikke gemt. ${why.da} Kladden er gemt i browseren; prøv igen.`, `The outcome was not saved. ${why.en} The draft is kept in this browser; try again.`);
}
