// The server's messages in the person's language. A 400 names its fields (`body.phone`) and says what is wrong in
// English; the sentences are a fixed set, so each has its Danish here. An unknown one is shown as it is, marked.
import { ApiError } from '../api.js';
import { T, type Text } from '../i18n.js';

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

/** A refusal that is not about one field, in words a person can act on. */
export function problemText(err: unknown): Text {
  if (!(err instanceof ApiError)) return T('Noget gik galt i siden. Genindlæs, og prøv igen.', 'Something went wrong in the page. Reload and try again.');
  switch (err.status) {
    case 0:
      return T('Ingen forbindelse til serveren. Intet er gemt; prøv igen.', 'No connection to the server. Nothing was saved; try again.');
    case 400:
      return translate(err.message.replace(/^Invalid [^:]*: /, ''));
    case 403:
      return T('Det har din konto ikke adgang til.', 'Your account may not do this.');
    case 404:
    case 409:
      return translate(err.message);
    case 429:
      return T('For mange forsøg. Vent lidt, og prøv igen.', 'Too many attempts. Wait a little and try again.');
    case 503:
      return T('Serveren kan kortvarigt ikke gemme. Intet er gemt; prøv igen om lidt.', 'The server briefly cannot save. Nothing was saved; try again shortly.');
    default:
      return T('Serveren kunne ikke gøre det. Intet er gemt; prøv igen.', 'The server could not do this. Nothing was saved; try again.');
  }
}
