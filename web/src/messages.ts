// What a person reads when the server refuses: always in their language. The server's own message is English and
// meant for other clients; the page maps the status and code to a sentence of its own, by what was being done.
import { ApiError } from './api.js';
import { T, type Text } from './i18n.js';

export type Action = 'block' | 'callback' | 'end' | 'oncall' | 'outcome' | 'correction' | 'load';

const NOT_FOUND: Record<Action, Text> = {
  block: T('Opkalderen kan ikke længere blokeres: opkaldets data er slettet.', 'The caller can no longer be blocked: the call’s data has been deleted.'),
  callback: T('Opkalderen kan ikke ringes op: tidsrummet er gået, eller nummeret var skjult.', 'The caller cannot be called back: the time has passed, or the number was withheld.'),
  end: T('Opkaldet er allerede afsluttet.', 'The call has already ended.'),
  oncall: T('Din vagt blev ikke fundet.', 'Your on-call status was not found.'),
  outcome: T('Opkaldet findes ikke blandt dine opkald.', 'The call is not among your calls.'),
  correction: T('Udfaldet findes ikke længere.', 'The outcome is no longer there.'),
  load: T('Det blev ikke fundet.', 'It was not found.'),
};

const CONFLICT: Record<Action, Text> = {
  block: T('Opkalderen skjulte sit nummer og kan ikke blokeres.', 'The caller withheld their number and cannot be blocked.'),
  callback: T('Opkaldet er stadig i gang: ring op, når det er afsluttet.', 'The call is still going on: call back once it has ended.'),
  end: T('Opkaldet er stadig i gang hos Twilio: læg på for at afslutte det.', 'The call is still going on at Twilio: hang up to end it.'),
  oncall: T('Vagten kunne ikke ændres lige nu.', 'Your on-call status could not be changed right now.'),
  outcome: T('Udfaldet er gemt, og tiden til at rette det er gået.', 'The outcome is saved and the time to correct it has passed.'),
  correction: T('Tiden til at rette udfaldet er gået.', 'The time to correct the outcome has passed.'),
  load: T('Det er ikke muligt lige nu.', 'That is not possible right now.'),
};

/** The sentence for a refused or failed request, in both languages (never the server's English). */
export function serverMessage(err: unknown, action: Action): Text {
  if (!(err instanceof ApiError)) return T('Noget gik galt. Prøv igen.', 'Something went wrong. Try again.');
  if (err.status === 0) return T('Ingen forbindelse til serveren. Prøv igen.', 'No connection to the server. Try again.');
  if (err.code === 'no_phone') {
    return T(
      'Du har ikke et telefonnummer registreret. Vælg »her i browseren«, eller bed en administrator om at tilføje dit nummer.',
      'You have no phone number registered. Choose “here in the browser”, or ask an admin to add your number.',
    );
  }
  switch (err.status) {
    case 401:
      return T('Din session er udløbet. Log ind igen.', 'Your session has ended. Log in again.');
    case 403:
      return T('Det har du ikke adgang til.', 'You do not have access to that.');
    case 404:
      return NOT_FOUND[action];
    case 409:
      return CONFLICT[action];
    case 429:
      return err.retryAfter
        ? T(`For mange forsøg. Vent ${err.retryAfter} s, og prøv igen.`, `Too many attempts. Wait ${err.retryAfter} s and try again.`)
        : T('For mange forsøg. Vent lidt, og prøv igen.', 'Too many attempts. Wait a moment and try again.');
    case 400:
      return T('Serveren afviste oplysningerne. Ret dem, og prøv igen.', 'The server refused the details. Correct them and try again.');
    case 503:
      return T('Tjenesten er midlertidigt utilgængelig. Prøv igen om lidt.', 'The service is unavailable for a moment. Try again shortly.');
    default:
      return T('Serveren svarede med en fejl. Prøv igen.', 'The server answered with an error. Try again.');
  }
}
