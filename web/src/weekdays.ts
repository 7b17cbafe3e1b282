// The server's weekday codes (src/infra/local-time.ts, which the page does not import: it is the server's
// infrastructure), in order, and their names: for the rota, the opening hours and a follow-up's contact windows.
import { T, type Text } from './i18n.js';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const WEEKDAY_LABELS: Record<Weekday, Text> = {
  mon: T('Mandag', 'Monday'),
  tue: T('Tirsdag', 'Tuesday'),
  wed: T('Onsdag', 'Wednesday'),
  thu: T('Torsdag', 'Thursday'),
  fri: T('Fredag', 'Friday'),
  sat: T('Lørdag', 'Saturday'),
  sun: T('Søndag', 'Sunday'),
};
