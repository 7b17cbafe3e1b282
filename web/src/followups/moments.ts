// An instant from the API (ISO 8601) as the console shows it: weekday, date and clock time in the browser's own time
// zone (the psychologists' computers run on the line's time, as the line is run from one place).
import { T, type Text } from '../i18n.js';

export function formatMoment(iso: string): Text {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return T(iso, iso);
  const options: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hour12: false };
  return T(new Intl.DateTimeFormat('da-DK', options).format(date), new Intl.DateTimeFormat('en-GB', options).format(date));
}
