// What a person reads when the server refuses or cannot be reached: always in their language, one module for the
// console, the shell and the admin area. The server's own message is English and meant for other clients: the console
// maps status and code to a sentence of its own, by what was being done; the forms (shell, admin area) translate the
// server's sentences, a fixed set, each with its Danish here (an unknown one is shown as it is, marked).
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

const NO_PHONE = T(
  'Du har ikke et telefonnummer registreret. Vælg »her i browseren«, eller bed en administrator om at tilføje dit nummer.',
  'You have no phone number registered. Choose “here in the browser”, or ask an admin to add your number.',
);

/**
 * The sentences for what is the same in every part of the page: the page's own failure, no server, a refusal by
 * status. The console speaks of an action; the forms add whether anything was saved.
 */
interface Wording {
  /** Not an answer of the server: the page itself failed. */
  page: Text;
  /** Status 0: the server was not reached. */
  offline: Text;
  403: Text;
  429: (retryAfter: number | undefined) => Text;
  503: Text;
  /** Any other status. */
  failed: Text;
}

const CONSOLE: Wording = {
  page: T('Noget gik galt. Prøv igen.', 'Something went wrong. Try again.'),
  offline: T('Ingen forbindelse til serveren. Prøv igen.', 'No connection to the server. Try again.'),
  403: T('Det har du ikke adgang til.', 'You do not have access to that.'),
  429: (retryAfter) =>
    retryAfter
      ? T(`For mange forsøg. Vent ${retryAfter} s, og prøv igen.`, `Too many attempts. Wait ${retryAfter} s and try again.`)
      : T('For mange forsøg. Vent lidt, og prøv igen.', 'Too many attempts. Wait a moment and try again.'),
  503: T('Tjenesten er midlertidigt utilgængelig. Prøv igen om lidt.', 'The service is unavailable for a moment. Try again shortly.'),
  failed: T('Serveren svarede med en fejl. Prøv igen.', 'The server answered with an error. Try again.'),
};

const FORMS: Wording = {
  page: T('Noget gik galt i siden. Genindlæs, og prøv igen.', 'Something went wrong in the page. Reload and try again.'),
  offline: T('Ingen forbindelse til serveren. Intet er gemt; prøv igen.', 'No connection to the server. Nothing was saved; try again.'),
  403: T('Det har din konto ikke adgang til.', 'Your account may not do this.'),
  429: () => T('For mange forsøg. Vent lidt, og prøv igen.', 'Too many attempts. Wait a little and try again.'),
  503: T('Serveren kan kortvarigt ikke gemme. Intet er gemt; prøv igen om lidt.', 'The server briefly cannot save. Nothing was saved; try again shortly.'),
  failed: T('Serveren kunne ikke gøre det. Intet er gemt; prøv igen.', 'The server could not do this. Nothing was saved; try again.'),
};

/** The sentence for `err` in `wording`, unless `specific` has one of its own for this refusal. */
function sentence(err: unknown, wording: Wording, specific: (err: ApiError) => Text | undefined): Text {
  if (!(err instanceof ApiError)) return wording.page;
  if (err.status === 0) return wording.offline;
  const own = specific(err);
  if (own) return own;
  switch (err.status) {
    case 403:
      return wording[403];
    case 429:
      return wording[429](err.retryAfter);
    case 503:
      return wording[503];
    default:
      return wording.failed;
  }
}

/** The console's sentence for a refused or failed request, in both languages (never the server's English). */
export function serverMessage(err: unknown, action: Action): Text {
  return sentence(err, CONSOLE, (e) => {
    if (e.code === 'no_phone') return NO_PHONE;
    switch (e.status) {
      case 401:
        return T('Din session er udløbet. Log ind igen.', 'Your session has ended. Log in again.');
      case 404:
        return NOT_FOUND[action];
      case 409:
        return CONFLICT[action];
      case 400:
        return T('Serveren afviste oplysningerne. Ret dem, og prøv igen.', 'The server refused the details. Correct them and try again.');
      default:
        return undefined;
    }
  });
}

const KNOWN: Array<[RegExp, Text]> = [
  [/username is taken/, T('Brugernavnet er optaget.', 'This username is taken.')],
  [/not a valid phone number/, T('Ikke et gyldigt telefonnummer. Skriv det med landekode, fx +45 12 34 56 78.', 'Not a valid phone number. Write it with the country code, e.g. +45 12 34 56 78.')],
  [/2 to 63 characters/, T('2 til 63 tegn: bogstaverne a–z, tal, punktum, bindestreg og understreg.', '2 to 63 characters: letters a–z, digits, dot, dash and underscore.')],
  [/12 to 200 characters/, T('Adgangskoden skal være 12 til 200 tegn.', 'The password must be 12 to 200 characters.')],
  [/link is wrong, expired or already used/, T('Linket er forkert, udløbet eller allerede brugt. Bed om et nyt.', 'The link is wrong, expired or already used. Ask for a new one.')],
  [/code does not match/, T('Koden passer ikke. Tjek uret på din telefon, og prøv den næste kode.', 'The code does not match. Check the time on your phone and try the next code.')],
  [/shift must end after it starts/, T('En vagt skal slutte, efter den begynder.', 'A shift must end after it starts.')],
  [/overlaps another shift of the same person/, T('Overlapper en anden vagt for samme person samme dag.', 'Overlaps another shift of the same person on this day.')],
  [/this place in the backup order/, T('En anden vagt har denne plads i rækkefølgen på overlappende tidspunkter.', 'Another shift has this place in the backup order at overlapping hours.')],
  [/not a psychologist/, T('Ikke en psykolog (eller ingen sådan bruger).', 'Not a psychologist (or no such user).')],
  [/date has passed/, T('Datoen er passeret.', 'The date has passed.')],
  [/listed twice/, T('Datoen står der to gange.', 'This date is listed twice.')],
  [/last active admin/, T('Den sidste aktive administrator kan ikke deaktiveres eller miste administratorrollen.', 'The last active admin cannot be disabled or lose the admin role.')],
  [/two ranges of one day overlap/, T('To tidsrum samme dag overlapper.', 'Two ranges of one day overlap.')],
  [/range must end after it starts/, T('Et tidsrum skal slutte, efter det begynder.', 'A range must end after it starts.')],
  [/HH:MM/, T('Skriv tiden som TT:MM, fx 09:00.', 'Write the time as HH:MM, e.g. 09:00.')],
  [/Setup is done/, T('Opsætningen er allerede gjort: der findes en konto. Log ind i stedet.', 'Setup is done already: an account exists. Log in instead.')],
  [/Two-factor login is on already/, T('Totrinslogin er allerede slået til.', 'Two-factor login is on already.')],
  [/partner (named .*|with this name) exists already/, T('Der findes allerede en partner med det navn.', 'A partner with this name exists already.')],
  [/must not be before from/, T('Til-datoen må ikke ligge før fra-datoen.', 'The “to” date must not be before the “from” date.')],
  [/at most \d+ days after from/, T('Perioden er for lang: højst ti år.', 'The period is too long: ten years at most.')],
  [/Invalid ISO date|Invalid date/, T('Ikke en gyldig dato.', 'Not a valid date.')],
  [/No such|No active partner/, T('Findes ikke længere (måske ændret imens). Siden er opdateret.', 'No longer there (changed meanwhile?). The page is updated.')],
];

/** One server sentence in both languages. */
export function translate(message: string): Text {
  const known = KNOWN.find(([pattern]) => pattern.test(message));
  return known ? known[1] : T(`Ugyldig værdi (${message}).`, `Invalid value (${message}).`);
}

/** "Invalid body.a: m1; body.b, body.c: m2" → each field with its sentence. */
export function fieldMessages(err: ApiError): Map<string, Text> {
  const out = new Map<string, Text>();
  const text = err.message.replace(/^Invalid /, '');
  for (const part of text.split('; ')) {
    const at = part.indexOf(': ');
    const paths = at > 0 ? part.slice(0, at).split(', ') : [];
    const sentence = translate(at > 0 ? part.slice(at + 2) : part);
    for (const path of paths) if (err.fields.includes(path)) out.set(path, sentence);
  }
  for (const field of err.fields) if (!out.has(field)) out.set(field, translate(err.message));
  return out;
}

/** A form's refusal that is not about one field, in words a person can act on. */
export function problemText(err: unknown): Text {
  return sentence(err, FORMS, (e) => {
    switch (e.status) {
      case 400:
        return translate(e.message.replace(/^Invalid [^:]*: /, ''));
      case 404:
      case 409:
        return translate(e.message);
      default:
        return undefined;
    }
  });
}
