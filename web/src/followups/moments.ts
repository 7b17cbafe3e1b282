// An instant from the API (ISO 8601) as the console shows it: weekday, date and clock time on the line's clock (the
// time zone the server names in /api/me), whatever the time zone of the computer the page runs on.
import { T, type Text } from '../i18n.js';

let lineTimeZone: string | undefined;

/** The line's time zone, once the page knows it (main.ts, from /api/me); until then the browser's own. */
export function useLineTimeZone(timeZone: string): void {
  lineTimeZone = timeZone;
}

export function formatMoment(iso: string): Text {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return T(iso, iso);
  const options: Intl.DateTimeFormatOptions = {
    weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hour12: false,
    ...(lineTimeZone ? { timeZone: lineTimeZone } : {}),
  };
  return T(new Intl.DateTimeFormat('da-DK', options).format(date), new Intl.DateTimeFormat('en-GB', options).format(date));
}
